using EthicsLedger.Entries;

namespace EthicsLedger.Importing;

/// <summary>One non-blank line of a file: the entry it holds, or why it holds none.</summary>
public sealed record ParsedLine(int Line, Entry? Entry, string? Error);
