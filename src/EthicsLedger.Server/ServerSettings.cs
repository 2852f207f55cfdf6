using EthicsLedger.Hosting;
using EthicsLedger.Hosting.Audit;

namespace EthicsLedger.Server;

/// <summary>What one <c>serve</c> process needs; every default is what <c>ethicsledger serve</c> uses.</summary>
public sealed record ServerSettings(string ConnectionString, string Schema = LedgerHost.DefaultSchema)
{
    /// <summary>Where Kestrel listens; port 0 picks a free one (tests).</summary>
    public string Urls { get; init; } = "http://127.0.0.1:5080";

    /// <summary>False with <c>--readers keyed</c>: every read needs a key too (any role).</summary>
    public bool AnonymousReaders { get; init; } = true;

    /// <summary>The largest import body accepted, refused from its Content-Length before a byte is read.</summary>
    public long MaxImportBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Writes (imports, findings) one key may make per minute.</summary>
    public int WritesPerMinute { get; init; } = 60;

    /// <summary>The signing key's folder, for bundles (docs/verification.md).</summary>
    public string Keys { get; init; } = KeyFolder.Path();

    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
