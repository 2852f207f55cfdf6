using EthicsLedger.Entries;

namespace EthicsLedger.Importing;

/// <summary>
/// One non-blank line of a file: the entry it holds, or why it holds none and what it still declares; or, when
/// <see cref="Held"/>, neither: the ledger already holds its content, so it was set aside before any other check
/// (docs/ledger-format.md) and never read as an entry.
/// </summary>
public sealed record ParsedLine(int Line, Entry? Entry, string? Error, Declaration? Declares = null)
{
    public bool Held { get; init; }
}

/// <summary>An organization or commitment that a line brings into existence: its entry type and id.</summary>
public sealed record Declaration(string Type, string Id);
