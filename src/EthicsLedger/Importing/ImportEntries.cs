using EthicsLedger.Entries;
using EthicsLedger.Integrity;
using JasperFx.Events;
using EthicsLedger.Rules;
using Marten;

namespace EthicsLedger.Importing;

/// <summary>Append a whole file's lines, or none of them.</summary>
public sealed record ImportEntries(IReadOnlyList<ParsedLine> Lines);

public sealed record ImportResult(IReadOnlyList<LineError> Errors, int Appended, int AlreadyInLedger)
{
    public bool Succeeded => Errors.Count == 0;
}

public static class ImportEntriesHandler
{
    /// <summary>
    /// Checks the file against the ledger and appends every new entry to its stream in one
    /// transaction (Wolverine commits the session), each event chained to the one before it on its
    /// stream. Each stream is appended at the version the check read, so a concurrent writer makes
    /// the whole import fail instead of slipping past the rules.
    /// </summary>
    public static async Task<ImportResult> Handle(
        ImportEntries command, IDocumentSession session, ILedgerReader reader, TimeProvider clock, CancellationToken cancellation)
    {
        var now = EventDigest.Truncate(clock.GetUtcNow());
        var snapshot = await reader.SnapshotForAsync(command.Lines, cancellation);
        var plan = ImportRules.Check(command.Lines, snapshot, now);
        if (!plan.IsValid) return new ImportResult(plan.Errors, 0, plan.AlreadyInLedger);

        var chains = new StreamChains(snapshot.Entries);
        foreach (var stream in plan.ToAppend.GroupBy(Streams.Of))
        {
            var version = chains.Version(stream.Key);
            // Marten's own timestamp column is the recorded time too, so the two can be checked against each other.
            var events = stream.Select(e => (object)session.Events.BuildEvent(chains.Append(e)).AtTimestamp(now)).ToArray();
            if (version > 0) session.Events.Append(stream.Key, version + events.Length, events);
            else session.Events.StartStream(stream.Key, events);
        }
        return new ImportResult([], plan.ToAppend.Count, plan.AlreadyInLedger);
    }
}
