using EthicsLedger.Entries;
using EthicsLedger.Integrity;
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
        await reader.PrepareAsync(session.DocumentStore, cancellation);
        await session.BeginTransactionAsync(cancellation);
        // Walked again for each question, not listed: nothing is kept per line here (issue 12).
        var keys = command.Lines.Select(l => l.Key).OfType<LineKey>();
        var owners = await reader.OwnersAsync(session, keys.Where(k => k.Commitment is not null).Select(k => k.Commitment!).ToHashSet(), cancellation);
        // A commitment id is locked only where the file makes it: any other reference to a commitment
        // the ledger does not hold yet is refused, which is what running this import first would give.
        var locked = await ImportLocks.TakeAsync(session,
            keys.Where(k => !k.FollowsCommitment).Select(k => k.Org).Concat(owners.Values),
            keys.Where(k => k.Type == EntryTypes.CommitmentMade).Select(k => k.Commitment!), keys.Select(k => k.Conduct).OfType<string>(), cancellation);

        // Heads first: a writer that bypasses the locks and commits after this read moves a version this import
        // then expects, so the append fails and the import runs again, instead of chaining past what it never checked.
        var heads = await reader.HeadsAsync(session, keys.Select(k => k.Stream).ToHashSet().Select(s => s.Name).ToHashSet(), cancellation);
        var snapshot = await reader.SnapshotForAsync(session, command.Lines, cancellation);
        // A commitment another import made between the owners' read and the locks belongs to an organization
        // this attempt does not hold: start again, now knowing its owner.
        if (snapshot.Entries.FirstOrDefault(e => !locked.Holds(e.Org)) is { } unlocked)
            throw new ImportRaceLostException($"organization '{unlocked.Org}' was changed by another import while this one was starting");

        // Recorded after the locks, so an organization's entries are recorded in the order they commit; and never before the
        // last entry of a stream it extends, should this machine's clock have stepped back: within a stream, recorded times
        // never go back, which verify checks (a backdated entry is one of the ways history is rewritten).
        var now = EventDigest.Truncate(clock.GetUtcNow());
        if (heads.Count > 0 && heads.Values.Max(h => h.Recorded) is var latest && latest > now) now = latest;
        var check = ImportRules.CheckFile(command.Lines, snapshot, now);
        if (!check.IsValid)
        {
            var plan = ImportRules.Finish(check);
            return new ImportResult(plan.Errors, 0, plan.AlreadyInLedger);
        }
        if (check.Accepted.Count == 0) return new ImportResult([], 0, check.AlreadyInLedger);

        // Each organization is folded as its entries are appended, while PostgreSQL inserts the ones before; a problem found
        // there undoes every row this import wrote, and the file is refused with every wrong line, as when nothing was written.
        // Wolverine saves the session after the handler, which commits the transaction.
        var problems = await EventAppender.AppendAsync(session, new StreamChains(heads), check, command.RecordedBy, cancellation);
        return problems.Count > 0 ? new ImportResult(problems, 0, check.AlreadyInLedger) : new ImportResult([], check.Accepted.Count, check.AlreadyInLedger);
    }
}


