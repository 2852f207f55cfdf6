using EthicsLedger.Entries;

namespace EthicsLedger.Importing;

/// <summary>One non-blank line of a file: the entry it holds, or why it holds none and what it still declares.</summary>
public sealed record ParsedLine(int Line, Entry? Entry, string? Error, Declaration? Declares = null);

/// <summary>An organization or commitment that a line brings into existence: its entry type and id.</summary>
public sealed record Declaration(string Type, string Id);
