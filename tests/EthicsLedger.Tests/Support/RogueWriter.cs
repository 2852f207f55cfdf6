using EthicsLedger.Entries;
using EthicsLedger.Importing;
using EthicsLedger.Integrity;
using EthicsLedger.Projections;
using EthicsLedger.Rules;
using Marten;

namespace EthicsLedger.Tests.Support;

/// <summary>
/// A writer that ignores the import locks, as any process with the application role could: it
/// reads, checks and appends as an import does, but takes no lock. Writes when the racing import has
/// read the ledger — once, or on every attempt — so the race is certain, not hoped for.
/// </summary>
public sealed class RogueWriter(bool everyAttempt, Func<int, string[]> file) : ILedgerReader
{
    readonly MartenLedgerReader _reader = new();
    int _writes;

    public int Writes => _writes;

    public Task PrepareAsync(IDocumentStore store, CancellationToken cancellation) => _reader.PrepareAsync(store, cancellation);

    public Task<IReadOnlyDictionary<string, ChainHead>> HeadsAsync(IQuerySession session, IReadOnlyCollection<string> streams, CancellationToken cancellation) =>
        _reader.HeadsAsync(session, streams, cancellation);

    public Task<IReadOnlyDictionary<string, string>> OwnersAsync(IQuerySession session, IReadOnlyCollection<string> commitments, CancellationToken cancellation) =>
        _reader.OwnersAsync(session, commitments, cancellation);

    public async Task<LedgerSnapshot> SnapshotForAsync(IQuerySession session, IReadOnlyList<ParsedLine> lines, CancellationToken cancellation)
    {
        var snapshot = await _reader.SnapshotForAsync(session, lines, cancellation);
        if (everyAttempt || _writes == 0) await WriteAsync(session.DocumentStore, file(Interlocked.Increment(ref _writes)));
        return snapshot;
    }

    static async Task WriteAsync(IDocumentStore store, string[] lines)
    {
        await using var session = store.LightweightSession();
        await session.BeginTransactionAsync(default);
        var reader = new MartenLedgerReader();
        var parsed = TestLedger.Parse(lines);
        var snapshot = await reader.SnapshotForAsync(session, parsed, default);
        var now = EventDigest.Truncate(DateTimeOffset.UtcNow);
        var check = ImportRules.CheckFile(parsed, snapshot, now);
        check.IsValid.ShouldBeTrue(string.Join("\n", check.Errors));
        var heads = await reader.HeadsAsync(session, ImportRules.Finish(check).ToAppend.Select(Streams.Of).ToHashSet(), default);
        (await EventAppender.AppendAsync(session, new StreamChains(heads), check, null, default)).ShouldBeEmpty();
        await session.SaveChangesAsync();
    }
}
