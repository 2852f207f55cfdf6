namespace EthicsLedger.Hosting.Witnessing;

/// <summary>
/// The first line of the ledger's checkpoint notes: the stable name witnesses know the ledger by.
/// <c>ETHICSLEDGER_ORIGIN</c> when set, else <c>ethicsledger.example/&lt;schema&gt;</c>, so each
/// schema on one database is a log of its own. Changing it later makes a new log to every witness.
/// </summary>
public static class LedgerOrigin
{
    public const string EnvironmentVariable = "ETHICSLEDGER_ORIGIN";

    public static string Of(string schema) =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured ? configured : $"ethicsledger.example/{schema}";
}
