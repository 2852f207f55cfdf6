using EthicsLedger.Entries;

namespace EthicsLedger.Importing;

public sealed record LineError(int Line, string Reason)
{
    public override string ToString() => $"line {Line}: {Reason}";
}

/// <summary>The verdict on a file: either errors (and nothing to append) or the new entries, stamped, in file order.</summary>
public sealed record ImportPlan(IReadOnlyList<LineError> Errors, IReadOnlyList<Entry> ToAppend, int AlreadyInLedger)
{
    public bool IsValid => Errors.Count == 0;
}
