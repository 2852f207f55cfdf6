using EthicsLedger.Contracts;
using EthicsLedger.Hosting;
using EthicsLedger.Hosting.Messaging;
using EthicsLedger.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Wolverine.Tracking;
using static EthicsLedger.Tests.Support.Json;

namespace EthicsLedger.Tests.Messaging;

/// <summary>The relay and a consumer of its message log in one host, against a real PostgreSQL.</summary>
public class RelayTests(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    static readonly TimeSpan[] FastRetries = [TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(50)];

    async Task<(IHost Host, RecordingConsumer Consumer)> StartAsync(string consumer, TimeProvider? clock = null, RecordingConsumer? recorder = null)
    {
        recorder ??= new RecordingConsumer();
        var settings = new MessagingSettings(consumer) { RetryDelays = FastRetries, DateCheckInterval = TimeSpan.FromMilliseconds(200) };
        var host = LedgerHost.Build(fixture.ConnectionString, fixture.Schema, clock,
            s => s.AddSingleton<ILedgerConsumer>(recorder), settings);
        await host.StartAsync();
        return (host, recorder);
    }

    static async Task StopAsync(IHost host)
    {
        await host.StopAsync();
        host.Dispose();
    }

    [Fact]
    public async Task each_fact_is_told_once_in_ledger_order_per_commitment_with_its_position()
    {
        var (host, consumer) = await StartAsync("order");
        (await fixture.ImportAsync(Org("ord"), Made("ord-c", "ord", "2020-01-01", term: new { until = "2021-01-01" }),
            Amended("ord-c", "2020-06-01", term: new { until = (string?)null }), Violation("ord-c", "v1", "2020-07-01"))).Exit.ShouldBe(0);

        var told = await consumer.WaitForAsync("ord", m => m.Count >= 3);
        await Task.Delay(1500);
        told = consumer.For("ord");
        told.Select(m => m.Key.Split('/')[0]).ShouldBe(["pledge-made", "commitment-amended", "flag-raised"]);
        // The amendment in the same import means no lapse was ever true: none is told.
        told.ShouldNotContain(m => m is CommitmentLapsed);
        told.Select(m => m.Position.Sequence).ShouldBeInOrder(SortDirection.Ascending);
        // Numbered in the order told, and every message of the log reached the consumer, none twice.
        told.Select(m => m.Number).ShouldBeInOrder(SortDirection.Ascending);
        consumer.Messages.Select(m => m.Number).ShouldBe(Enumerable.Range(1, consumer.Messages.Count).Select(n => (long)n));
        told.ShouldAllBe(m => m.Position.Stream == "commitment:ord-c" && m.Position.Version > 0);

        // The same file again appends nothing and tells nothing.
        (await fixture.ImportAsync(Org("ord"), Made("ord-c", "ord", "2020-01-01", term: new { until = "2021-01-01" }))).Exit.ShouldBe(0);
        await Task.Delay(2000);
        consumer.For("ord").Count.ShouldBe(3);
        await StopAsync(host);
    }

    [Fact]
    public async Task a_rolled_back_import_tells_nothing_and_its_retry_tells_each_fact_once()
    {
        var (host, consumer) = await StartAsync("rollback");
        await using var failing = fixture.NewConnection(s => s.ConfigureMarten(o => o.Listeners.Add(new FailsOnceBeforeCommit())));
        var lines = new[] { Org("rb"), Made("rb-c", "rb", "2020-01-01"), Withdrawn("rb-c", "2020-02-01") };
        (await LedgerFixture.RunAsync(failing, "import", await LedgerFixture.WriteFileAsync(lines))).Exit.ShouldBe(1);
        await Task.Delay(3000);
        consumer.For("rb").ShouldBeEmpty();

        (await fixture.ImportAsync(lines)).Exit.ShouldBe(0);
        var told = await consumer.WaitForAsync("rb", m => m.Count >= 3);
        told.Select(m => m.Key).ShouldBe(["pledge-made/rb-c", "commitment-ended/rb-c", "flag-raised/rb-c/withdrawn-early"]);
        await StopAsync(host);
    }

    [Fact]
    public async Task an_entry_recorded_later_about_the_past_tells_what_it_implies_once_even_after_a_restart()
    {
        var (host, consumer) = await StartAsync("late");
        (await fixture.ImportAsync(Org("late"), Conduct("late-k", "2020-03-01", org: "late"))).Exit.ShouldBe(0);
        // The pledge is recorded after the conduct but dated before it: the conduct now contradicts it.
        (await fixture.ImportAsync(Made("late-c", "late", "2020-01-01"))).Exit.ShouldBe(0);
        await consumer.WaitForAsync("late", m => m.Count >= 2);
        await StopAsync(host);

        var (again, sameConsumer) = await StartAsync("late", recorder: consumer);
        (await fixture.ImportAsync(Violation("late-c", "late-v", "2020-04-01"))).Exit.ShouldBe(0);
        var told = await sameConsumer.WaitForAsync("late", m => m.Count >= 3);
        await Task.Delay(1500);
        sameConsumer.For("late").Select(m => m.Key).ShouldBe(
            ["pledge-made/late-c", "flag-raised/late-c/late-k", "flag-raised/late-c/late-v"]);
        await StopAsync(again);
    }

    [Fact]
    public async Task the_date_check_tells_a_lapse_on_its_day_once_and_nothing_when_an_amendment_came_first()
    {
        var clock = new FixedClock(new DateTimeOffset(2030, 12, 31, 12, 0, 0, TimeSpan.Zero));
        var (host, consumer) = await StartAsync("dates", clock);
        (await fixture.ImportAsync(Org("dt"), Made("dt-lapses", "dt", "2020-01-01", term: new { until = "2031-01-01" }),
            Made("dt-extended", "dt", "2020-01-01", term: new { until = "2031-01-01" }),
            Amended("dt-extended", "2020-06-01", term: new { until = "2032-01-01" }))).Exit.ShouldBe(0);
        var before = await consumer.WaitForAsync("dt", m => m.Count >= 3);
        var pledge = before.OfType<PledgeMade>().Single(m => m.Commitment == "dt-lapses");
        await Task.Delay(1000);
        consumer.For("dt").ShouldNotContain(m => m is CommitmentLapsed);

        clock.Now = new DateTimeOffset(2031, 1, 1, 0, 0, 1, TimeSpan.Zero);
        var told = await consumer.WaitForAsync("dt", m => m.Any(x => x is CommitmentLapsed));
        // Another look on the same day (another host's, say) tells nothing more.
        await host.Services.GetServices<IHostedService>().OfType<DueDates>().Single().TellDueAsync(fixture.Schema, default);
        await Task.Delay(1000);
        told = consumer.For("dt");
        var lapse = told.OfType<CommitmentLapsed>().ShouldHaveSingleItem();
        (lapse.Key, lapse.Commitment, lapse.Position).ShouldBe(("commitment-lapsed/dt-lapses/2031-01-01", "dt-lapses", pledge.Position));
        told.Count.ShouldBe(4);
        await StopAsync(host);
    }

    [Fact]
    public async Task a_scheduled_lapse_fires_after_the_host_restarts()
    {
        var until = new DateOnly(2040, 1, 1);
        var clock = new OffsetClock().AimAt(until, 120);
        var (host, consumer) = await StartAsync("restart", clock);
        // The check is booked when the pledge is relayed, for the day it lapses: a few seconds away.
        clock.AimAt(until, 10);
        (await fixture.ImportAsync(Org("rs"), Made("rs-c", "rs", "2020-01-01", term: new { until = "2040-01-01" }))).Exit.ShouldBe(0);
        (await consumer.WaitForAsync("rs", m => m.Count >= 1)).ShouldHaveSingleItem().ShouldBeOfType<PledgeMade>();
        await StopAsync(host);
        consumer.For("rs").ShouldNotContain(m => m is CommitmentLapsed);

        while (DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime) < until) await Task.Delay(200);
        var (restarted, same) = await StartAsync("restart", clock, consumer);
        var told = await same.WaitForAsync("rs", m => m.Any(x => x is CommitmentLapsed));
        told.OfType<CommitmentLapsed>().ShouldHaveSingleItem().Until.ShouldBe(until);
        await StopAsync(restarted);
    }

    [Fact]
    public async Task a_poison_message_lands_in_the_dead_letters_and_is_handled_when_replayed()
    {
        var recorder = new RecordingConsumer();
        recorder.Refuse["pledge-made/dl-c"] = true;
        var (host, consumer) = await StartAsync("poison", recorder: recorder);
        (await fixture.ImportAsync(Org("dl"), Made("dl-c", "dl", "2020-01-01"))).Exit.ShouldBe(0);

        var letters = await WaitForDeadLettersAsync("poison", 1);
        letters.ShouldHaveSingleItem().Key.ShouldBe("pledge-made/dl-c");
        var listed = await fixture.RunAsync("dead-letters", "list", "--consumer", "poison", "--json");
        listed.Exit.ShouldBe(0, listed.ToString());
        listed.Json.ShouldContain("pledge-made/dl-c");

        recorder.Refuse.Clear();
        var replay = await fixture.RunAsync("dead-letters", "replay", "--consumer", "poison", "--id", letters[0].Id.ToString());
        replay.Exit.ShouldBe(0, replay.ToString());
        (await consumer.WaitForAsync("dl", m => m.Count >= 1)).ShouldHaveSingleItem().Key.ShouldBe("pledge-made/dl-c");
        (await WaitForDeadLettersAsync("poison", 0)).ShouldBeEmpty();
        await StopAsync(host);
    }

    [Fact]
    public async Task a_consumer_that_missed_messages_reads_them_again_from_a_number_in_order_then_stops()
    {
        var (host, consumer) = await StartAsync("filler");
        (await fixture.ImportAsync(Org("gap"), Made("gap-a", "gap", "2020-01-01"), Made("gap-b", "gap", "2020-01-01"))).Exit.ShouldBe(0);
        (await fixture.ImportAsync(Violation("gap-a", "v", "2020-02-01"), Withdrawn("gap-b", "2020-03-01"))).Exit.ShouldBe(0);
        await consumer.WaitForAsync("gap", m => m.Count >= 5);
        await StopAsync(host);

        // As a consumer that handled up to the gap's first message would ask: from there to the end.
        var from = consumer.For("gap")[1].Number;
        var run = await fixture.RunAsync("watch", "--from", from.ToString(), "--until-caught-up", "--json", "--consumer", "gap_filler");
        run.Exit.ShouldBe(0, run.ToString());
        var printed = run.Json.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement)
            .Select(j => (j.GetProperty("number").GetInt64(), j.GetProperty("key").GetString()!)).ToList();
        // Checked against the log itself, not against what the consumer was handed.
        var log = await fixture.MessageLogAsync(from);
        printed.ShouldBe(log);
        printed.Count.ShouldBeGreaterThanOrEqualTo(4);

        (await fixture.RunAsync("watch", "--from", "0", "--until-caught-up")).Exit.ShouldBe(2);
    }

    [Fact]
    public async Task replaying_an_unknown_dead_letter_is_refused_and_changes_nothing()
    {
        var run = await fixture.RunAsync("dead-letters", "replay", "--consumer", "nobody", "--id", Guid.NewGuid().ToString());
        run.Exit.ShouldBe(2);
        run.Errors.ShouldContain("has no dead letter");
        (await fixture.RunAsync("dead-letters", "replay", "--consumer", "Bad-Name", "--all")).Exit.ShouldBe(2);
        (await fixture.RunAsync("dead-letters", "replay", "--consumer", "nobody")).Exit.ShouldBe(2);
        (await fixture.RunAsync("watch", "--transport", "kafka")).Exit.ShouldBe(2);
        (await fixture.RunAsync("forward", "--url", "ftp://example.org")).Exit.ShouldBe(2);
        (await fixture.RunAsync("watch", "--transport", "rabbitmq", "--rabbitmq", "not-a-uri")).Errors.ShouldContain("is not a RabbitMQ URI");
    }

    [Fact]
    public async Task a_consumer_whose_broker_is_out_of_reach_says_so_at_once_instead_of_waiting_in_silence()
    {
        var run = await fixture.RunAsync("watch", "--transport", "rabbitmq", "--rabbitmq", "amqp://guest:secret@127.0.0.1:1");
        run.Exit.ShouldBe(1);
        run.Errors.ShouldContain("cannot reach RabbitMQ at amqp://guest:***@127.0.0.1:1/");
        run.Errors.ShouldNotContain("secret");
    }

    async Task<IReadOnlyList<DeadLetter>> WaitForDeadLettersAsync(string consumer, int count)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        IReadOnlyList<DeadLetter> letters;
        do
        {
            letters = (await DeadLetters.ListAsync(fixture.ConnectionString, fixture.Schema, consumer, default)).Where(l => !l.Replayable).ToList();
            if (letters.Count == count) return letters;
            await Task.Delay(200);
        } while (DateTime.UtcNow < until);
        return letters;
    }
}
