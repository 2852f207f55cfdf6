using EthicsLedger.Cli.Infrastructure;
using EthicsLedger.Hosting.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EthicsLedger.Cli.Commands;

/// <summary>What <c>watch</c> and <c>forward</c> share: run one consumer with its relay until stopped (Ctrl+C, SIGTERM).</summary>
public static class ConsumerRun
{
    public static async Task<int> UntilStoppedAsync(LedgerConnection ledger, Output output, MessagingSettings messaging,
        ILedgerConsumer consumer, string doing, CancellationToken cancellation)
    {
        if (await BrokerCheck.ProblemAsync(messaging, cancellation) is { } problem) throw new InvalidOperationException(problem);
        using var host = ledger.ConsumerHost(messaging, s => s.AddSingleton(consumer));
        await host.StartAsync(cancellation);
        await output.Errors.WriteLineAsync(SafeText.Line(
            $"{doing} as '{messaging.Consumer}' over {messaging.Transport.ToString().ToLowerInvariant()} (queue {messaging.Queue}); Ctrl+C to stop."));
        try
        {
            await Task.Delay(Timeout.Infinite, cancellation);
        }
        catch (OperationCanceledException)
        {
            // Stopping is the normal end of a consumer.
        }
        await host.StopAsync(CancellationToken.None);
        return ExitCodes.Ok;
    }
}

