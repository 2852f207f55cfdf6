using System.Diagnostics;
using System.Text.Json;
using EthicsLedger.Hosting.Database;
using EthicsLedger.Tests.Support;
using static EthicsLedger.Tests.Support.Json;

namespace EthicsLedger.Tests.Messaging;

/// <summary>
/// Faults while a ledger is being written, seen by consumers that know only docs/messaging.md: the
/// broker restarted, the relay killed (SIGKILL) at several moments and failing over to a standby,
/// a consumer killed, PostgreSQL restarted. Each ends with every message delivered, numbered 1…N
/// without a gap, in order, each commitment's pledge before anything else about it — checked
/// against the log in the database. Alone: they stop the broker and the database.
/// </summary>
[Collection(nameof(RunsAlone))]
public class FaultTests
{
    const int Files = 24;

    [Fact]
    public async Task a_broker_restarted_mid_stream_loses_nothing_and_keeps_order()
    {
        await using var ledger = await NewLedgerAsync();
        var exchange = $"test.{ledger.Schema}";
        await using var recorder = await AmqpRecorder.BindAsync(exchange, $"{exchange}.plain");
        await using var relay = CliProcess.Start(ledger, "relay", "--transport", "rabbitmq", "--exchange", exchange);
        var writer = new Writer(ledger, "brk");

        var writing = writer.RunAsync(Files);
        await writer.WaitForAsync(Files / 3);
        await RabbitCtlAsync("stop_app");
        await writer.WaitForAsync(Files * 2 / 3);
        await Task.Delay(2000);
        await RabbitCtlAsync("start_app");
        await writing;

        await recorder.WaitForAsync(h => h.Count >= writer.Expected.Count);
        await ShouldHaveEverythingInOrderAsync(ledger, recorder, writer, relay.Errors);
    }

    [Fact]
    public async Task a_relay_killed_at_several_moments_and_a_standby_taking_over_lose_nothing_and_keep_order()
    {
        await using var ledger = await NewLedgerAsync();
        var exchange = $"test.{ledger.Schema}";
        await using var recorder = await AmqpRecorder.BindAsync(exchange, $"{exchange}.plain");
        string[] relayArgs = ["relay", "--transport", "rabbitmq", "--exchange", exchange];
        var writer = new Writer(ledger, "kil");
        var relays = new List<CliProcess> { CliProcess.Start(ledger, relayArgs), CliProcess.Start(ledger, relayArgs) };

        var writing = writer.RunAsync(Files);
        // Kill whichever relays run at three moments, always leaving or starting another: the one
        // killed may be the active one or the standby, and the survivor must carry on from the log.
        foreach (var moment in new[] { 3, 9, 15 })
        {
            await writer.WaitForAsync(moment);
            await relays[0].KillAsync();
            relays.RemoveAt(0);
            relays.Add(CliProcess.Start(ledger, relayArgs));
        }
        await writing;

        await recorder.WaitForAsync(h => h.Count >= writer.Expected.Count);
        await ShouldHaveEverythingInOrderAsync(ledger, recorder, writer, string.Join('\n', relays.Select(r => r.Errors)));
        foreach (var relay in relays) await relay.DisposeAsync();
    }

    [Theory]
    [InlineData("postgresql")]
    [InlineData("rabbitmq")]
    public async Task a_consumer_killed_and_restarted_under_its_name_never_sees_a_later_fact_first_and_misses_nothing(string transport)
    {
        await using var ledger = await NewLedgerAsync();
        var exchange = $"test.{ledger.Schema}";
        await using var relay = CliProcess.Start(ledger, "relay", "--transport", transport, "--exchange", exchange);
        string[] watchArgs = ["watch", "--json", "--no-relay", "--consumer", "killed", "--transport", transport, "--exchange", exchange];
        var writer = new Writer(ledger, "csm");
        var runs = new List<CliProcess> { CliProcess.Start(ledger, watchArgs) };

        var writing = writer.RunAsync(Files);
        foreach (var moment in new[] { 6, 14 })
        {
            await writer.WaitForAsync(moment);
            await Task.Delay(300);
            await runs[^1].KillAsync();
            runs.Add(CliProcess.Start(ledger, watchArgs));
        }
        await writing;
        await runs[^1].WaitForLinesAsync(l => Numbers(l).LastOrDefault() >= writer.Expected.Count, seconds: 120);

        var printed = runs.Select(r => Numbers(r.Lines)).ToList();
        // Each run prints in number order, and starts no later than one past where the killed one stopped.
        foreach (var run in printed) run.ShouldBe(run.Order().Distinct().ToList(), string.Join('\n', runs.Select(r => r.Errors)));
        for (var i = 1; i < printed.Count; i++)
            if (printed[i].Count > 0) printed[i][0].ShouldBeLessThanOrEqualTo(printed[..i].SelectMany(p => p).DefaultIfEmpty(0).Max() + 1);
        printed.SelectMany(p => p).Distinct().Order().ShouldBe(Enumerable.Range(1, writer.Expected.Count).Select(n => (long)n));
        foreach (var run in runs) await run.DisposeAsync();
    }

    [Fact]
    public async Task a_postgresql_restart_mid_stream_loses_nothing_and_keeps_order_on_both_transports()
    {
        await using var ledger = await NewLedgerAsync();
        var exchange = $"test.{ledger.Schema}";
        await using var recorder = await AmqpRecorder.BindAsync(exchange, $"{exchange}.plain");
        await using var relay = CliProcess.Start(ledger, "relay", "--transport", "rabbitmq", "--exchange", exchange);
        await using var watch = CliProcess.Start(ledger, "watch", "--json", "--no-relay", "--consumer", "through_restart");
        var writer = new Writer(ledger, "pgr");

        var writing = writer.RunAsync(Files);
        await writer.WaitForAsync(Files / 2);
        PostgresLocator.RestartPrivateCluster().ShouldBeTrue("this test restarts the private PostgreSQL cluster; it cannot restart one given by ETHICSLEDGER_DB");
        // This process's pooled connections died with the server too.
        Npgsql.NpgsqlConnection.ClearAllPools();
        await writing;

        await recorder.WaitForAsync(h => h.Count >= writer.Expected.Count);
        await ShouldHaveEverythingInOrderAsync(ledger, recorder, writer, relay.Errors);
        await watch.WaitForLinesAsync(l => Numbers(l).LastOrDefault() >= writer.Expected.Count, seconds: 60);
        var printed = Numbers(watch.Lines);
        printed.Distinct().ShouldBe(Enumerable.Range(1, writer.Expected.Count).Select(n => (long)n), watch.Errors);
    }

    [Fact]
    public async Task consumers_starting_while_postgresql_restarts_wait_for_it_and_miss_nothing()
    {
        await using var ledger = await NewLedgerAsync();
        // Consumers start one after another across the restart, so some are starting while the server is away
        // (nothing listening, or their connections ended under them), whatever this machine's speed.
        var restart = Task.Run(async () =>
        {
            await Task.Delay(1200);
            PostgresLocator.RestartPrivateCluster().ShouldBeTrue("this test restarts the private PostgreSQL cluster; it cannot restart one given by ETHICSLEDGER_DB");
        });
        var watches = new List<CliProcess>();
        for (var i = 0; i < 6; i++)
        {
            watches.Add(CliProcess.Start(ledger, "watch", "--json", "--consumer", $"starting{i}"));
            await Task.Delay(400);
        }
        await restart;
        Npgsql.NpgsqlConnection.ClearAllPools();
        var writer = new Writer(ledger, "rst");
        await writer.RunAsync(2);

        foreach (var watch in watches)
        {
            var lines = await watch.WaitForLinesAsync(l => Numbers(l).Count >= writer.Expected.Count, seconds: 90);
            watch.HasExited.ShouldBeFalse(watch.Errors);
            Numbers(lines).Distinct().ShouldBe(Enumerable.Range(1, writer.Expected.Count).Select(n => (long)n), watch.Errors);
        }
        foreach (var watch in watches) await watch.DisposeAsync();
    }

    static async Task<LedgerFixture> NewLedgerAsync()
    {
        await RabbitMqBroker.EnsureAsync();
        var ledger = new LedgerFixture();
        await ledger.InitializeAsync();
        return ledger;
    }

    static List<long> Numbers(IEnumerable<string> lines) => lines.Where(l => l.StartsWith('{'))
        .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("number").GetInt64()).ToList();

    /// <summary>What the consumer handled is exactly the log — numbers 1…N, no gap, each key once — and every commitment starts with its pledge.</summary>
    static async Task ShouldHaveEverythingInOrderAsync(LedgerFixture ledger, AmqpRecorder recorder, Writer writer, string relayErrors)
    {
        var (handled, gaps) = recorder.Follow();
        gaps.ShouldBeEmpty(relayErrors);
        handled.Select(d => d.Key).Order().ShouldBe(writer.Expected.Order(), relayErrors);
        var log = await ledger.MessageLogAsync();
        handled.Select(d => (d.Number, d.Key)).ShouldBe(log);
        foreach (var commitment in handled.GroupBy(d => d.Commitment))
            commitment.First().Key.ShouldStartWith("pledge-made/");
        // Redeliveries are of the same fact: one key per number whenever it arrived.
        recorder.Deliveries.GroupBy(d => d.Number).ShouldAllBe(g => g.Select(d => d.Key).Distinct().Count() == 1);
    }

    static async Task RabbitCtlAsync(string command)
    {
        using var process = Process.Start(new ProcessStartInfo("rabbitmqctl", [command]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token);
        process.ExitCode.ShouldBe(0, $"rabbitmqctl {command}: {await process.StandardError.ReadToEndAsync()}");
    }

    /// <summary>
    /// Writes a ledger in many small imports: each makes five pledges and flags the previous import's
    /// five (appends to streams that exist). An import the database refused (it was restarting)
    /// leaves nothing and is run again. <see cref="Expected"/> is what the contract says must be told.
    /// </summary>
    sealed class Writer(LedgerFixture ledger, string org)
    {
        int done;
        public HashSet<string> Expected { get; } = [];

        public async Task RunAsync(int files)
        {
            for (var i = 0; i < files; i++)
            {
                var made = Enumerable.Range(0, 5).Select(k => $"{org}-c{i}-{k}").ToList();
                var flagged = i == 0 ? [] : Enumerable.Range(0, 5).Select(k => $"{org}-c{i - 1}-{k}").ToList();
                string[] lines = [.. i == 0 ? [Org(org)] : Array.Empty<string>(), .. made.Select(c => Made(c, org, "2020-01-01")),
                    .. flagged.Select(c => Violation(c, $"v{i}", "2020-02-01"))];
                for (var attempt = 0; ; attempt++)
                {
                    var run = await ledger.ImportAsync(lines);
                    if (run.Exit == 0) break;
                    attempt.ShouldBeLessThan(60, run.ToString());
                    await Task.Delay(500);
                }
                Expected.UnionWith(made.Select(c => $"pledge-made/{c}"));
                Expected.UnionWith(flagged.Select(c => $"flag-raised/{c}/v{i}"));
                Interlocked.Increment(ref done);
                await Task.Delay(150);
            }
        }

        public async Task WaitForAsync(int files)
        {
            while (Volatile.Read(ref done) < files) await Task.Delay(50);
        }
    }
}
