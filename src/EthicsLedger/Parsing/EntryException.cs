namespace EthicsLedger.Parsing;

/// <summary>
/// Why a line cannot be an entry, in words for the person who wrote it. Reasons quote what the line
/// holds, and a refused line may hold anything, so every reason is made safe to print here, once.
/// </summary>
public sealed class EntryException(string reason) : Exception(SafeText.Line(reason));
