namespace EthicsLedger.Importing;

/// <summary>
/// Another writer changed what an import had read before it could commit: nothing was appended,
/// and the import can be run again from a fresh read (see <see cref="LedgerImport"/>).
/// </summary>
public sealed class ImportRaceLostException(string message, Exception? inner = null) : Exception(message, inner);
