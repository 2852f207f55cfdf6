using System.Text.Json;
using EthicsLedger.Contracts;
using EthicsLedger.Hosting.Messaging;
using EthicsLedger.Tests.Support;
using static EthicsLedger.Tests.Support.Json;

namespace EthicsLedger.Tests.Messaging;

/// <summary>
/// End to end, as users run it: one process imports, another consumes — over the PostgreSQL
/// transport, over a real RabbitMQ (.ci/run starts one), and a webhook forwarder killed mid-stream.
/// </summary>
[Collection(nameof(RunsAlone))]
public class ProcessTests(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    static string Unique(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..20];

    static IReadOnlyList<JsonElement> Parsed(IEnumerable<string> lines) =>
        lines.Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement).ToList();

    async Task WatchWhileAnotherProcessImportsAsync(string transport)
    {
        var org = $"e2e-{transport}";
        await using var watch = CliProcess.Start(fixture, "watch", "--json", "--transport", transport,
            "--consumer", Unique("e2e"), "--org", org);
        var file = await LedgerFixture.WriteFileAsync(Org(org), Made($"{org}-c", org, "2020-01-01"),
            Violation($"{org}-c", "v1", "2020-02-01"), Withdrawn($"{org}-c", "2020-03-01"), Org($"{org}-other"), Made($"{org}-other-c", $"{org}-other", "2020-01-01"));
        var import = await CliProcess.RunAsync(fixture, "import", file);
        import.Exit.ShouldBe(0, import.Errors);

        var lines = Parsed(await watch.WaitForLinesAsync(l => Parsed(l).Count >= 4));
        await Task.Delay(1000);
        lines = Parsed(watch.Lines);
        lines.Select(l => l.GetProperty("type").GetString()).ShouldBe(
            [MessageNames.PledgeMade, MessageNames.FlagRaised, MessageNames.CommitmentEnded, MessageNames.FlagRaised], watch.Errors);
        lines.Select(l => l.GetProperty("key").GetString()).ShouldBe(
            [$"pledge-made/{org}-c", $"flag-raised/{org}-c/v1", $"commitment-ended/{org}-c", $"flag-raised/{org}-c/withdrawn-early"]);
        lines.ShouldAllBe(l => l.GetProperty("org").GetString() == org);
        lines.Select(l => l.GetProperty("position").GetProperty("sequence").GetInt64()).ShouldBeInOrder(SortDirection.Ascending);
    }

    [Fact]
    public Task watch_prints_what_another_process_commits_over_the_postgresql_transport() =>
        WatchWhileAnotherProcessImportsAsync("postgresql");

    [Fact]
    public async Task watch_prints_what_another_process_commits_over_rabbitmq()
    {
        await RabbitMqBroker.EnsureAsync();
        await WatchWhileAnotherProcessImportsAsync("rabbitmq");
    }

    [Fact]
    public async Task a_relay_started_while_its_broker_is_away_relays_into_the_log_and_says_so()
    {
        await using var ledger = new LedgerFixture();
        await ledger.InitializeAsync();
        // Nothing listens on port 1: the broker is away, as during a restart.
        await using var relay = CliProcess.Start(ledger, "relay", "--transport", "rabbitmq", "--rabbitmq", "amqp://guest:secret@127.0.0.1:1",
            "--exchange", $"test.{ledger.Schema}");
        (await ledger.ImportAsync(Org("away"), Made("away-c", "away", "2020-01-01"))).Exit.ShouldBe(0);

        // The relay makes the log's tables as it starts.
        async Task<int> LoggedAsync() => await ledger.ScalarAsync<bool>($"select to_regclass('{ledger.Schema}.ledger_messages') is not null")
            ? (await ledger.MessageLogAsync()).Count : 0;
        var until = DateTime.UtcNow.AddSeconds(60);
        while (await LoggedAsync() == 0 && DateTime.UtcNow < until && !relay.HasExited) await Task.Delay(200);

        relay.HasExited.ShouldBeFalse(relay.Errors);
        (await ledger.MessageLogAsync()).Select(m => m.Key).ShouldBe(["pledge-made/away-c"], relay.Errors);
        relay.Errors.ShouldContain("cannot reach RabbitMQ at amqp://guest:***@127.0.0.1:1/");
        relay.Errors.ShouldContain("Relaying into the log meanwhile");
        relay.Errors.ShouldNotContain("secret");
    }

    [Fact]
    public async Task watch_stops_cleanly_on_sigterm_and_a_restart_under_the_same_name_repeats_nothing()
    {
        const string org = "term";
        (await fixture.ImportAsync(Org(org), Made("term-c", org, "2020-01-01"))).Exit.ShouldBe(0);
        var consumer = Unique("term");
        var first = CliProcess.Start(fixture, "watch", "--json", "--consumer", consumer, "--org", org);
        (await first.WaitForLinesAsync(l => l.Count >= 1)).ShouldHaveSingleItem().ShouldContain("pledge-made/term-c");
        (await first.TerminateAsync()).ShouldBe(0, first.Errors);

        (await fixture.ImportAsync(Withdrawn("term-c", "2020-02-01"))).Exit.ShouldBe(0);
        await using var second = CliProcess.Start(fixture, "watch", "--json", "--consumer", consumer, "--org", org);
        var lines = Parsed(await second.WaitForLinesAsync(l => Parsed(l).Count >= 2));
        await Task.Delay(1500);
        Parsed(second.Lines).Select(l => l.GetProperty("key").GetString())
            .ShouldBe(["commitment-ended/term-c", "flag-raised/term-c/withdrawn-early"], second.Errors);
        // It says where it goes on from, and how to hear everything again.
        second.Errors.ShouldContain($"'{consumer}' goes on from message ");
        second.Errors.ShouldContain("--from 1");
        await first.DisposeAsync();
    }

    [Fact]
    public async Task a_forwarder_whose_url_answers_nothing_says_so_at_the_first_failure()
    {
        (await fixture.ImportAsync(Org("dead"), Made("dead-c", "dead", "2020-01-01"))).Exit.ShouldBe(0);
        await using var forward = CliProcess.Start(fixture, "forward", "--url", "http://127.0.0.1:1/ledger", "--consumer", Unique("dead"), "--timeout", "2");
        await forward.WaitForErrorsAsync("trying again", seconds: 30);
        forward.Errors.ShouldContain("failed:");
        forward.Errors.ShouldContain("trying again in 0.2 s");
    }

    [Fact]
    public async Task a_forwarder_killed_mid_stream_and_restarted_ends_with_every_message_handled_exactly_once_in_effect()
    {
        const string org = "fwd";
        var commitments = Enumerable.Range(1, 30).Select(i => $"fwd-c{i:00}").ToList();
        (await fixture.ImportAsync([Org(org), .. commitments.Select(c => Made(c, org, "2020-01-01")), .. commitments.Select(c => Violation(c, "v", "2020-02-01"))]))
            .Exit.ShouldBe(0);
        var expected = commitments.SelectMany(c => new[] { $"pledge-made/{c}", $"flag-raised/{c}/v" }).ToHashSet();

        await using var receiver = new WebhookReceiver(TimeSpan.FromMilliseconds(40));
        var consumer = Unique("fwd");
        var forward = CliProcess.Start(fixture, "forward", "--url", receiver.Url, "--consumer", consumer, "--org", org);
        await receiver.WaitForAsync(r => r.Handled.Count >= 10);
        await forward.KillAsync();
        var beforeRestart = receiver.Handled.Count;
        beforeRestart.ShouldBeLessThan(expected.Count, "the forwarder should have been killed mid-stream");

        await using var restarted = CliProcess.Start(fixture, "forward", "--url", receiver.Url, "--consumer", consumer, "--org", org);
        await receiver.WaitForAsync(r => r.Handled.Count >= expected.Count);
        await Task.Delay(1500);

        receiver.Handled.ToHashSet().SetEquals(expected).ShouldBeTrue(restarted.Errors);
        receiver.Handled.Count.ShouldBe(expected.Count);
        receiver.Deliveries.ShouldBeGreaterThanOrEqualTo(expected.Count);
        // Per commitment, the pledge reached the receiver before its flag.
        foreach (var c in commitments)
            receiver.Handled.IndexOf($"pledge-made/{c}").ShouldBeLessThan(receiver.Handled.IndexOf($"flag-raised/{c}/v"));
    }
}
