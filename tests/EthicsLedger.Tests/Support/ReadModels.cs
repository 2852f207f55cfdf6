namespace EthicsLedger.Tests.Support;

/// <summary>Checks the read models against the events themselves, an independent reading of the same facts.</summary>
public static class ReadModels
{
    /// <summary>The organization's document holds exactly the entries its events hold, each once.</summary>
    public static async Task ShouldHoldEveryEventAsync(LedgerFixture fixture, string org)
    {
        var inDocument = await fixture.ScalarAsync<string>($"""
            select coalesce(string_agg(e ->> 'ContentHash', ',' order by e ->> 'ContentHash'), '')
            from {fixture.Schema}.mt_doc_organizationhistory d, jsonb_array_elements(d.data -> 'Entries') e where d.id = '{org}'
            """);
        var inEvents = await fixture.ScalarAsync<string>($"""
            select coalesce(string_agg(data ->> 'ContentHash', ',' order by data ->> 'ContentHash'), '')
            from {fixture.Schema}.mt_events where data ->> 'Org' = '{org}'
            """);
        inEvents.ShouldNotBeNullOrEmpty();
        inDocument.ShouldBe(inEvents, $"the read model of '{org}' differs from its events");
    }
}
