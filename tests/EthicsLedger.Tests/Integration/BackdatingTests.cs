using System.Text.Json;
using EthicsLedger.Cli.Commands;
using EthicsLedger.Cli.Infrastructure;
using EthicsLedger.Integrity;
using EthicsLedger.Tests.Support;
using static EthicsLedger.Tests.Support.Json;

namespace EthicsLedger.Tests.Integration;

/// <summary>
/// The recorded time is what <c>--known-at</c> reads history by, so backdating an entry rewrites what the ledger "knew".
/// An entry after the last checkpoint, backdated with its digest recomputed, is covered by nothing yet; but within a
/// stream recorded times never go back (an import records after what the streams it extends hold, whatever its clock
/// says), so one earlier than the version before it is named, by verify and by verify-bundle alike.
/// </summary>
public class BackdatingTests
{
    const string Stream = "commitment:back-c";

    static async Task<LedgerFixture> LedgerAsync()
    {
        var fixture = new LedgerFixture();
        await fixture.InitializeAsync();
        (await fixture.ImportAsync(Org("back"), Made("back-c", "back", "2020-01-01"))).Exit.ShouldBe(0);
        (await fixture.RunAsync("checkpoint")).Exit.ShouldBe(0);
        (await fixture.ImportAsync(Amended("back-c", "2020-06-01", term: new { until = "2021-01-01" }))).Exit.ShouldBe(0);
        return fixture;
    }

    [Fact]
    public async Task an_entry_after_the_last_checkpoint_backdated_with_its_digest_recomputed_is_named()
    {
        await using var fixture = await LedgerAsync();
        // As an operator would: move version 2's recorded time before version 1's, and chain it again from version 1.
        var previous = (await fixture.ScalarAsync<string>($"select data ->> 'Digest' from {fixture.Schema}.mt_events where stream_id = '{Stream}' and version = 1"))!;
        var content = (await fixture.ScalarAsync<string>($"select data ->> 'Content' from {fixture.Schema}.mt_events where stream_id = '{Stream}' and version = 2"))!;
        var recordedBy = await fixture.ScalarAsync<string>($"select data ->> 'RecordedBy' from {fixture.Schema}.mt_events where stream_id = '{Stream}' and version = 2");
        var backdated = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var digest = EventDigest.Compute(previous, "commitment.amended", Stream, 2, backdated, recordedBy, content);
        await fixture.ExecuteAsync($$"""
            update {{fixture.Schema}}.mt_events
            set timestamp = '2020-01-01T00:00:00Z',
                data = jsonb_set(jsonb_set(data, '{Recorded}', '"2020-01-01T00:00:00+00:00"'), '{Digest}', '"{{digest}}"')
            where stream_id = '{{Stream}}' and version = 2
            """);

        var verify = await fixture.RunAsync("verify", "--json");
        verify.Exit.ShouldBe(VerifyCommand.Tampered, verify.ToString());
        var problem = JsonDocument.Parse(verify.Json).RootElement.GetProperty("problems")[0];
        problem.GetProperty("kind").GetString().ShouldBe("recorded-time-changed", verify.Json);
        problem.GetProperty("stream").GetString().ShouldBe(Stream);
        problem.GetProperty("version").GetInt64().ShouldBe(2);

        var bundle = Path.Combine(Path.GetTempPath(), $"backdated-{Guid.NewGuid():N}.json");
        (await fixture.RunAsync("export", bundle)).Exit.ShouldBe(0);
        var offline = await fixture.RunAsync("verify-bundle", bundle, "--public-key", Path.Combine(fixture.KeysFolder, "ledger-signing-key.pub.pem"));
        offline.Exit.ShouldNotBe(0, offline.ToString());
        (offline.Console + offline.Errors).ShouldContain($"{Stream} version 2: it is recorded before the version before it", Case.Insensitive, offline.ToString());
    }

    [Fact]
    public async Task an_import_on_a_machine_whose_clock_stepped_back_records_after_what_its_streams_hold_and_verifies()
    {
        await using var fixture = await LedgerAsync();
        var clock = new OffsetClock();
        clock.AimAt(DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-2), 0);
        await using var behind = new LedgerConnection(fixture.ConnectionString, fixture.Schema, clock) { Keys = fixture.KeysFolder };

        (await LedgerFixture.RunAsync(behind, "import", await LedgerFixture.WriteFileAsync(Violation("back-c", "v1", "2020-07-01")))).Exit.ShouldBe(0);

        (await fixture.ScalarAsync<bool>($"""
            select (select timestamp from {fixture.Schema}.mt_events where stream_id = '{Stream}' and version = 3)
                 = (select timestamp from {fixture.Schema}.mt_events where stream_id = '{Stream}' and version = 2)
            """)).ShouldBeTrue();
        var verify = await fixture.RunAsync("verify");
        verify.Exit.ShouldBe(0, verify.ToString());
        (await fixture.RunAsync("checkpoint")).Exit.ShouldBe(0);
        (await fixture.RunAsync("verify")).Exit.ShouldBe(0);
    }
}
