using System.Text.Json.Serialization;

namespace EthicsLedger.Contracts;

/// <summary>
/// What every message says: which commitment of which organization, on what date, from what
/// source, and where in the ledger it comes from. <see cref="Key"/> names the fact itself, so a
/// redelivered message has the same key as the first delivery (see <see cref="HandledMessages"/>).
/// </summary>
public abstract record LedgerMessage
{
    /// <summary>Names the fact, e.g. <c>pledge-made/amazon-rekognition-police-moratorium</c>; the same on every delivery.</summary>
    public required string Key { get; init; }
    public required string Org { get; init; }
    public required string Commitment { get; init; }
    public required string Topic { get; init; }
    /// <summary>The commitment's kind: pledge, moratorium, divestment, exit or policy.</summary>
    public required string Kind { get; init; }
    /// <summary>The world date the fact is about (an entry's <c>on</c>, or the date a lapse or missed deadline fell on).</summary>
    public required DateOnly On { get; init; }
    /// <summary>The source URL of the entry behind it, when it has one.</summary>
    public string? Source { get; init; }
    public required LedgerPosition Position { get; init; }

    /// <summary>
    /// The message's place in the ledger's message log: 1, 2, 3… with no gaps, in the order the facts
    /// were told. A consumer that sees a number more than one past the last it handled missed some,
    /// and can ask for them again (docs/messaging.md). 0 only before the log numbered it.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long Number { get; init; }
}
