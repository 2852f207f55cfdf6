using EthicsLedger.Cli.Infrastructure;
using EthicsLedger.Hosting.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EthicsLedger.Cli.Commands;

/// <summary>What <c>relay</c>, <c>watch</c> and <c>forward</c> share: run the relay, a consumer or both until stopped (Ctrl+C, SIGTERM).</summary>
public static class ConsumerRun
{
    public static async Task<int> UntilStoppedAsync(LedgerConnection ledger, Output output, MessagingSettings messaging,
        ILedgerConsumer? consumer, string doing, CancellationToken cancellation)
    {
        if (await BrokerCheck.ProblemAsync(messaging, cancellation) is { } problem) throw new InvalidOperationException(problem);
        // Where it starts and each failed delivery, told at once on standard error (results stay on standard output).
        var report = new ConsumerReport(line => { lock (output.Errors) output.Errors.WriteLine(SafeText.Line(line)); });
        using var host = ledger.ConsumerHost(messaging, s =>
        {
            if (consumer is not null) s.AddSingleton(consumer);
            s.AddSingleton(report);
        });
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        await host.StartAsync(cancellation);
        var via = messaging.Transport == MessageTransport.RabbitMq ? $"rabbitmq (exchange {messaging.Exchange})" : "postgresql";
        var who = messaging.Consumer is null ? "" : $" as '{messaging.Consumer}'";
        await output.Errors.WriteLineAsync(SafeText.Line(messaging.UntilCaughtUp
            ? $"{doing}{who} up to the last message told."
            : $"{doing}{who} over {via}{(messaging.HostsRelay ? ", offering to run the relay" : "")}; Ctrl+C to stop."));
        try
        {
            // A consumer asked to stop when caught up ends the host itself.
            await Task.Delay(Timeout.Infinite, CancellationTokenSource.CreateLinkedTokenSource(cancellation, lifetime.ApplicationStopping).Token);
        }
        catch (OperationCanceledException)
        {
            // Stopping is the normal end of a consumer.
        }
        await host.StopAsync(CancellationToken.None);
        return ExitCodes.Ok;
    }
}

