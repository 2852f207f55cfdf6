using System.Collections.Concurrent;
using EthicsLedger.Contracts;
using EthicsLedger.Hosting.Messaging;

namespace EthicsLedger.Tests.Support;

/// <summary>Keeps every message it is handed, with when it arrived; refuses the keys it is told to refuse.</summary>
public sealed class RecordingConsumer : ILedgerConsumer
{
    readonly ConcurrentQueue<(LedgerMessage Message, DateTimeOffset At)> received = new();
    public ConcurrentDictionary<string, bool> Refuse { get; } = new();

    public IReadOnlyList<LedgerMessage> Messages => received.Select(r => r.Message).ToList();
    public IReadOnlyList<(LedgerMessage Message, DateTimeOffset At)> Arrivals => received.ToList();

    public Task HandleAsync(LedgerMessage message, CancellationToken cancellation)
    {
        if (Refuse.ContainsKey(message.Key)) throw new InvalidOperationException($"refused {message.Key}");
        received.Enqueue((message, DateTimeOffset.UtcNow));
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

/// <summary>Real time shifted by a fixed amount: lets a test stand just before midnight of a chosen day while Wolverine's scheduler keeps real time.</summary>
public sealed class OffsetClock(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => DateTimeOffset.UtcNow + offset;

    public static OffsetClock SecondsBefore(DateOnly day, double seconds) =>
        new(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) - DateTime.UtcNow - TimeSpan.FromSeconds(seconds));
}
