using System.Collections;
using EthicsLedger.Entries;

namespace EthicsLedger.Importing;

public sealed record LineError(int Line, string Reason)
{
    public override string ToString() => $"line {Line}: {Reason}";
}

/// <summary>The verdict on a file: either errors (and nothing to append) or the new entries, stamped, in file order.</summary>
public sealed record ImportPlan(IReadOnlyList<LineError> Errors, NewEntries ToAppend, int AlreadyInLedger)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>A line the rules accepted, and the organization it belongs to (a commitment's later entries do not name it).</summary>
public readonly record struct NewLine(ParsedLine Line, string Org)
{
    /// <summary>The line's entry as the ledger records it: its organization, when it was recorded, and its line number.</summary>
    public Entry Read(DateTimeOffset recorded) => Line.Read()! with { Org = Org, Recorded = recorded, Line = Line.Line };
}

/// <summary>
/// The entries a valid file appends, in file order, each read again from its line when it is asked for: a file's
/// entries are never all in memory at once, whatever its size (issue 12).
/// </summary>
public sealed class NewEntries(IReadOnlyList<NewLine> lines, DateTimeOffset recorded) : IReadOnlyList<Entry>
{
    public static readonly NewEntries None = new([], default);

    public int Count => lines.Count;
    public Entry this[int index] => lines[index].Read(recorded);

    public IEnumerator<Entry> GetEnumerator()
    {
        for (var i = 0; i < lines.Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
