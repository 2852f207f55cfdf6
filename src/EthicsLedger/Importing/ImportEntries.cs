using EthicsLedger.Entries;
using EthicsLedger.Integrity;
using JasperFx.Events;
using EthicsLedger.Rules;
using Marten;

namespace EthicsLedger.Importing;

/// <summary>Append a whole file's lines, or none of them; <paramref name="RecordedBy"/> is stamped on each (see <see cref="Recorders"/>).</summary>
public sealed record ImportEntries(IReadOnlyList<ParsedLine> Lines, string? RecordedBy = null);

public sealed record ImportResult(IReadOnlyList<LineError> Errors, int Appended, int AlreadyInLedger)
{
    public bool Succeeded => Errors.Count == 0;
}

public static class ImportEntriesHandler
{
    /// <summary>
    /// Locks what the file touches (<see cref="ImportLocks"/>), then reads, checks and appends every
    /// new entry to its stream in one transaction (Wolverine commits the session), each event chained
    /// to the one before it on its stream. Each stream is still appended at the version the check read,
    /// so a writer that bypasses the locks makes the attempt fail (and <see cref="LedgerImport"/> retry it)
    /// instead of slipping past the rules.
    /// </summary>
    public static async Task<ImportResult> Handle(
        ImportEntries command, IDocumentSession session, ILedgerReader reader, TimeProvider clock, CancellationToken cancellation)
    {
        await session.BeginTransactionAsync(cancellation);
        var entries = command.Lines.Select(l => l.Entry).OfType<Entry>().ToList();
        var owners = await reader.OwnersAsync(session, entries.OfType<CommitmentEntry>().Select(c => c.Commitment).ToHashSet(), cancellation);
        // A commitment id is locked only where the file makes it: any other reference to a commitment
        // the ledger does not hold yet is refused, which is what running this import first would give.
        var locked = await ImportLocks.TakeAsync(session,
            entries.Where(e => e is not CommitmentEntry || e is CommitmentMade).Select(e => e.Org).Concat(owners.Values),
            entries.OfType<CommitmentMade>().Select(c => c.Commitment), entries.OfType<ConductObserved>().Select(c => c.Id), cancellation);

        var snapshot = await reader.SnapshotForAsync(session, command.Lines, cancellation);
        // A commitment another import made between the owners' read and the locks belongs to an organization
        // this attempt does not hold: start again, now knowing its owner.
        if (snapshot.Entries.FirstOrDefault(e => !locked.Holds(e.Org)) is { } unlocked)
            throw new ImportRaceLostException($"organization '{unlocked.Org}' was changed by another import while this one was starting");

        // Recorded after the locks, so an organization's entries are recorded in the order they commit.
        var now = EventDigest.Truncate(clock.GetUtcNow());
        var plan = ImportRules.Check(command.Lines, snapshot, now);
        if (!plan.IsValid) return new ImportResult(plan.Errors, 0, plan.AlreadyInLedger);

        Append(session, snapshot, plan, now, command.RecordedBy);
        return new ImportResult([], plan.ToAppend.Count, plan.AlreadyInLedger);
    }

    /// <summary>Appends the plan's entries to their streams, each chained onto where its stream stands in the snapshot.</summary>
    public static void Append(IDocumentSession session, LedgerSnapshot snapshot, ImportPlan plan, DateTimeOffset now, string? recordedBy)
    {
        var chains = new StreamChains(snapshot.Entries);
        foreach (var stream in plan.ToAppend.GroupBy(Streams.Of))
        {
            var version = chains.Version(stream.Key);
            // Marten's own timestamp column is the recorded time too, so the two can be checked against each other.
            var events = stream.Select(e => (object)session.Events.BuildEvent(chains.Append(e with { RecordedBy = recordedBy })).AtTimestamp(now)).ToArray();
            if (version > 0) session.Events.Append(stream.Key, version + events.Length, events);
            else session.Events.StartStream(stream.Key, events);
        }
    }
}
