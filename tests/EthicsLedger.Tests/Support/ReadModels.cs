using EthicsLedger.Projections;

namespace EthicsLedger.Tests.Support;

/// <summary>Checks the read models against the events themselves, an independent reading of the same facts.</summary>
public static class ReadModels
{
    /// <summary>
    /// What a stance reads of the organization (its entries through the organization index) is exactly what its
    /// streams hold, each once: its own stream, and the streams of the commitments it made.
    /// </summary>
    public static async Task ShouldHoldEveryEventAsync(LedgerFixture fixture, string org)
    {
        var store = await fixture.Ledger.StoreAsync();
        var inDocument = string.Join(",", (await store.EntriesOfAsync(org)).Select(e => e.ContentHash).Order(StringComparer.Ordinal));
        var inEvents = await fixture.ScalarAsync<string>($"""
            select coalesce(string_agg(data ->> 'ContentHash', ',' order by data ->> 'ContentHash' collate "C"), '')
            from {fixture.Schema}.mt_events where stream_id = 'org:{org}' or stream_id in (
              select stream_id from {fixture.Schema}.mt_events where type = 'commitment.made' and version = 1 and data ->> 'Org' = '{org}')
            """);
        inEvents.ShouldNotBeNullOrEmpty();
        inDocument.ShouldBe(inEvents, $"the read model of '{org}' differs from its events");
    }
}
