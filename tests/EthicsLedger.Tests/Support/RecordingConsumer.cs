using System.Collections.Concurrent;
using EthicsLedger.Contracts;
using EthicsLedger.Hosting.Messaging;

namespace EthicsLedger.Tests.Support;

/// <summary>Keeps every message it is handed, in arrival order; refuses the keys it is told to refuse.</summary>
public sealed class RecordingConsumer : ILedgerConsumer
{
    readonly ConcurrentQueue<LedgerMessage> received = new();
    public ConcurrentDictionary<string, bool> Refuse { get; } = new();

    public IReadOnlyList<LedgerMessage> Messages => received.ToList();

    public Task HandleAsync(LedgerMessage message, CancellationToken cancellation)
    {
        if (Refuse.ContainsKey(message.Key)) throw new InvalidOperationException($"refused {message.Key}");
        received.Enqueue(message);
        return Task.CompletedTask;
    }

    public IReadOnlyList<LedgerMessage> For(string org) => Messages.Where(m => m.Org == org).ToList();

    /// <summary>Waits until <paramref name="done"/> holds for what arrived (polling: delivery is asynchronous by design).</summary>
    public async Task<IReadOnlyList<LedgerMessage>> WaitForAsync(string org, Func<IReadOnlyList<LedgerMessage>, bool> done, int seconds = 60)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (!done(For(org)) && DateTime.UtcNow < until) await Task.Delay(100);
        return For(org);
    }
}
