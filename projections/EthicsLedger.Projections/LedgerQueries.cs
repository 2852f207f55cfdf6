using EthicsLedger.Entries;
using EthicsLedger.Parsing;
using EthicsLedger.Rules;
using Marten;
using Npgsql;

namespace EthicsLedger.Projections;

/// <summary>The read side: an organization's ledger is its entries, read through the organization index, never a scan of the event store.</summary>
public static class LedgerQueries
{
    /// <summary>The organization as known at <paramref name="knownAt"/>, or null when it was not registered then.</summary>
    public static async Task<OrganizationLedger?> OrganizationAsync(
        this IDocumentStore store, string org, DateTimeOffset knownAt, CancellationToken cancellation = default)
    {
        var ledger = OrganizationLedger.Of(org, await store.EntriesOfAsync(org, cancellation), knownAt);
        return ledger.Registration is null ? null : ledger;
    }

    /// <summary>Every entry about one organization, in recording order (empty when it has none).</summary>
    public static async Task<List<Entry>> EntriesOfAsync(this IDocumentStore store, string org, CancellationToken cancellation = default)
    {
        await using var connection = await OpenAsync(store, cancellation);
        return await new LedgerEvents(store).OfOrganizationAsync(connection, org, cancellation);
    }

    /// <summary>Every organization registered as known at <paramref name="knownAt"/>, in one pass over the events.</summary>
    public static async Task<IReadOnlyList<OrganizationLedger>> AllOrganizationsAsync(
        this IDocumentStore store, DateTimeOffset knownAt, CancellationToken cancellation = default)
    {
        await using var connection = await OpenAsync(store, cancellation);
        var organizations = new List<OrganizationLedger>();
        await foreach (var (org, entries) in new LedgerEvents(store).AllOrganizationsAsync(connection, cancellation))
            if (OrganizationLedger.Of(org, entries, knownAt) is { Registration: not null } ledger) organizations.Add(ledger);
        return organizations.OrderBy(l => l.Org, StringComparer.Ordinal).ToList();
    }

    /// <summary>The organization a commitment belongs to, or null when the ledger holds no such commitment.</summary>
    public static async Task<string?> CommitmentOwnerAsync(this IDocumentStore store, string commitment, CancellationToken cancellation = default)
    {
        await using var connection = await OpenAsync(store, cancellation);
        return (await new LedgerEvents(store).OwnersAsync(connection, [commitment], cancellation)).GetValueOrDefault(commitment);
    }

    /// <summary>Which of these content hashes the ledger holds (through the content index): what a re-import sets aside.</summary>
    /// <param name="count">How many <paramref name="hashes"/> there are (some may repeat), so they are read only once.</param>
    public static async Task<IReadOnlySet<Sha256>> HeldContentAsync(this IDocumentStore store, IEnumerable<Sha256> hashes, int count,
        CancellationToken cancellation = default)
    {
        if (count == 0) return new HashSet<Sha256>();
        await using var connection = await OpenAsync(store, cancellation);
        return await new LedgerEvents(store).HeldContentAsync(connection, hashes, count, cancellation);
    }

    /// <summary>A connection for reading, once the tables and indexes exist (an empty ledger has none until its first import).</summary>
    static async Task<NpgsqlConnection> OpenAsync(IDocumentStore store, CancellationToken cancellation)
    {
        await LedgerIndexes.EnsureAsync(store, cancellation);
        var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        return connection;
    }
}
