namespace EthicsLedger.Contracts;

/// <summary>
/// The consumer's half of at-least-once delivery: remembers the keys it has handled so a redelivery
/// is recognised and skipped. Keep one per consumer, and keep its keys wherever the consumer keeps
/// its own effects — in the same transaction, when they are in a database — so "handled" and
/// "done" can never disagree. This in-memory form is enough for a consumer whose effects are
/// themselves idempotent or that keeps <see cref="Keys"/> itself.
/// </summary>
public sealed class HandledMessages
{
    readonly HashSet<string> keys;
    readonly Lock gate = new();

    public HandledMessages(IEnumerable<string>? alreadyHandled = null) => keys = new(alreadyHandled ?? [], StringComparer.Ordinal);

    /// <summary>True the first time a message's key is seen; false for every redelivery of it.</summary>
    public bool FirstTime(LedgerMessage message)
    {
        lock (gate) return keys.Add(message.Key);
    }

    public IReadOnlyCollection<string> Keys
    {
        get { lock (gate) return keys.ToList(); }
    }
}
