using EthicsLedger.Hosting.Audit;
using EthicsLedger.Hosting.Messaging;
using EthicsLedger.Hosting.Witnessing;
using EthicsLedger.Server.Access;
using EthicsLedger.Tests.Support;
using Npgsql;
using static EthicsLedger.Tests.Support.Json;

namespace EthicsLedger.Tests.Concurrency;

/// <summary>
/// Commands started at the same moment on a ledger whose schema does not exist yet: each one creates the
/// tables, functions and indexes it needs, and none may fail because another is creating them too
/// (PostgreSQL's catalog refuses a second <c>create function</c> of the same name with a unique violation).
/// </summary>
public class NewLedgerRaceTests
{
    [Fact]
    public async Task processes_started_together_on_a_new_schema_all_succeed_and_every_import_is_kept()
    {
        for (var round = 0; round < 2; round++)
        {
            var fixture = new LedgerFixture();
            await fixture.InitializeAsync();
            var files = await Task.WhenAll(Enumerable.Range(0, 3).Select(i =>
                LedgerFixture.WriteFileAsync(Org($"new{i}"), Made($"new{i}-c", $"new{i}", "2020-01-01"))));
            await using var watch = CliProcess.Start(fixture, "watch", "--json", "--consumer", $"race{round}");
            var runs = await Task.WhenAll(
                files.Select(f => CliProcess.RunAsync(fixture, "import", f))
                    .Append(CliProcess.RunAsync(fixture, "verify"))
                    .Append(CliProcess.RunAsync(fixture, "flags", "--json")));
            foreach (var run in runs) run.Exit.ShouldBe(0, run.Errors);
            (await fixture.EventCountAsync()).ShouldBe(6);
            // The consumer started with them hears every pledge.
            (await watch.WaitForLinesAsync(l => l.Count(x => x.Contains("pledge-made/")) >= 3, seconds: 60))
                .Count(x => x.Contains("pledge-made/")).ShouldBe(3, watch.Errors);
        }
    }

    [Fact]
    public async Task stores_making_a_new_schema_at_the_same_moment_all_succeed()
    {
        for (var round = 0; round < 10; round++)
        {
            var fixture = new LedgerFixture();
            await fixture.InitializeAsync();
            var ledgers = Enumerable.Range(0, 6).Select(_ => fixture.NewConnection()).ToArray();
            // Every host is started first, so the tables are made at once, not as each start ends: Marten's, the ledger's
            // indexes, and each table of its own.
            await Task.WhenAll(ledgers.Select(l => l.HostAsync()));
            var made = await Task.WhenAll(ledgers.Select(l => Task.Run(async () =>
            {
                try
                {
                    await l.EnsureEventTablesAsync();
                    await MessageLog.EnsureAsync(fixture.ConnectionString, fixture.Schema, default);
                    await using var connection = new NpgsqlConnection(fixture.ConnectionString);
                    await connection.OpenAsync();
                    await IntegrityTables.EnsureAsync(connection, fixture.Schema, default);
                    await NoteSignatureTable.EnsureAsync(connection, fixture.Schema, default);
                    await ApiKeys.EnsureAsync(connection, fixture.Schema, default);
                    return null;
                }
                catch (Exception e) { return e.Message; }
            })));
            foreach (var l in ledgers) await l.DisposeAsync();
            made.ShouldAllBe(m => m == null);
        }
    }
}
