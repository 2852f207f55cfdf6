using System.Text.Json;
using EthicsLedger.Contracts;
using EthicsLedger.Hosting;
using EthicsLedger.Hosting.Messaging;
using EthicsLedger.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static EthicsLedger.Tests.Support.Json;

namespace EthicsLedger.Tests.Messaging;

/// <summary>The webhook forwarder against a local HTTP listener: what it sends, how it retries, where it gives up.</summary>
public class WebhookForwarderTests(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    async Task<Microsoft.Extensions.Hosting.IHost> StartAsync(string consumer, WebhookReceiver receiver, string org, HttpClient http)
    {
        var settings = new MessagingSettings(consumer) { RetryDelays = [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200)] };
        var host = LedgerHost.Build(fixture.ConnectionString, fixture.Schema, configure:
            s => s.AddSingleton<ILedgerConsumer>(new WebhookForwarder(http, new Uri(receiver.Url), org)), messaging: settings);
        await host.StartAsync();
        return host;
    }

    [Fact]
    public async Task each_message_is_posted_as_json_with_its_key_and_type_and_a_failing_receiver_is_retried_until_it_answers()
    {
        await using var receiver = new WebhookReceiver(TimeSpan.Zero);
        receiver.Failing["pledge-made/wh-c"] = 2;
        using var http = new HttpClient();
        using var host = await StartAsync("webhook_retry", receiver, "wh", http);
        (await fixture.ImportAsync(Org("wh"), Made("wh-c", "wh", "2020-01-01"), Violation("wh-c", "v", "2020-02-01"), Org("wh-not"), Made("wh-not-c", "wh-not", "2020-01-01"))).Exit.ShouldBe(0);

        await receiver.WaitForAsync(r => r.Handled.Count >= 2, 60);
        await Task.Delay(1000);
        receiver.Handled.ShouldBe(["pledge-made/wh-c", "flag-raised/wh-c/v"]);
        // Two refusals, then the third delivery of the pledge went through; the flag waited behind it.
        receiver.Headers.Count(h => h.Key == "pledge-made/wh-c").ShouldBe(3);
        receiver.Headers.ShouldAllBe(h => h.ContentType.StartsWith("application/json"));
        receiver.Headers.Select(h => h.Type).Distinct().ShouldBe([MessageNames.PledgeMade, MessageNames.FlagRaised]);
        await host.StopAsync();
    }

    [Fact]
    public async Task a_receiver_that_keeps_failing_leaves_the_message_in_the_dead_letters_and_a_replay_delivers_it()
    {
        await using var receiver = new WebhookReceiver(TimeSpan.Zero);
        receiver.Failing["pledge-made/whd-c"] = int.MaxValue;
        using var http = new HttpClient();
        using var host = await StartAsync("webhook_dead", receiver, "whd", http);
        (await fixture.ImportAsync(Org("whd"), Made("whd-c", "whd", "2020-01-01"))).Exit.ShouldBe(0);

        IReadOnlyList<DeadLetter> letters = [];
        for (var i = 0; i < 300 && letters.Count == 0; i++, await Task.Delay(200))
            letters = await DeadLetters.ListAsync(fixture.ConnectionString, fixture.Schema, "webhook_dead", default);
        var letter = letters.ShouldHaveSingleItem();
        (letter.MessageType, letter.Key).ShouldBe((MessageNames.PledgeMade, "pledge-made/whd-c"));
        letter.ExceptionMessage.ShouldContain("503");

        receiver.Failing.Clear();
        (await fixture.RunAsync("dead-letters", "replay", "--consumer", "webhook_dead", "--all")).Exit.ShouldBe(0);
        await receiver.WaitForAsync(r => r.Handled.Count >= 1, 60);
        receiver.Handled.ShouldBe(["pledge-made/whd-c"]);
        await host.StopAsync();
    }
}
