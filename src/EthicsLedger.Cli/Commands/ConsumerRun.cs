using System.Diagnostics;
using EthicsLedger.Cli.Infrastructure;
using EthicsLedger.Hosting.Database;
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
        // Where it starts and each failed delivery, told at once on standard error (results stay on standard output).
        var report = new ConsumerReport(line => { lock (output.Errors) output.Errors.WriteLine(SafeText.Line(line)); });
        if (await BrokerCheck.ProblemAsync(messaging, cancellation) is { } problem)
        {
            // A consumer needs the broker, and says so at once rather than wait in silence. The relay alone does not: its
            // work is the log, in the database, and its feeder feeds the exchange from its cursor once the broker is back.
            if (!problem.Away || consumer is not null) throw new InvalidOperationException(problem.Text);
            report.Tell($"{problem.Text} Relaying into the log meanwhile; the exchange is fed from where it stopped once the broker is back.");
        }
        using var host = await StartAsync(ledger, messaging, consumer, report, doing, cancellation);
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
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

    /// <summary>How long a consumer starting while PostgreSQL is away waits for it: about what a restart or a failover takes.</summary>
    static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A running consumer outlives PostgreSQL restarting (it starts reading again from its cursor); one that was starting
    /// when the server went away waits for it the same way, telling each attempt, instead of exiting. A server that
    /// refuses this client (a wrong password, host or database) is reported at once.
    /// </summary>
    static async Task<IHost> StartAsync(LedgerConnection ledger, MessagingSettings messaging, ILedgerConsumer? consumer,
        ConsumerReport report, string doing, CancellationToken cancellation)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var host = ledger.ConsumerHost(messaging, s =>
            {
                if (consumer is not null) s.AddSingleton(consumer);
                s.AddSingleton(report);
            });
            try
            {
                await host.StartAsync(cancellation);
                return host;
            }
            catch (Exception e) when (DatabaseFailure.IsOutage(e) && waited.Elapsed < StartPatience && !cancellation.IsCancellationRequested)
            {
                report.Tell($"{doing} could not start: {DatabaseFailure.Describe(e, ledger.ConnectionString)} Trying again in 1 s.");
                // What did start (a consumer already reading) stops with the host, before the next one starts.
                try { await host.StopAsync(CancellationToken.None); } catch (Exception) { /* the same outage; the next start says so */ }
                host.Dispose();
                await Task.Delay(TimeSpan.FromSeconds(1), cancellation);
            }
            catch
            {
                host.Dispose();
                throw;
            }
        }
    }
}

