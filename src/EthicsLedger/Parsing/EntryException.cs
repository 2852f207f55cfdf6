namespace EthicsLedger.Parsing;

/// <summary>Why a line cannot be an entry, in words for the person who wrote it.</summary>
public sealed class EntryException(string reason) : Exception(reason);
