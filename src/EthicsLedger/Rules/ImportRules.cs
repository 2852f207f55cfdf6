using EthicsLedger.Entries;
using EthicsLedger.Importing;
using EthicsLedger.Parsing;

namespace EthicsLedger.Rules;

/// <summary>
/// The contract's "bad input" rules for a whole file, checked together with what the ledger
/// already holds, before anything is appended. Pure: the caller loads the snapshot and appends the plan.
/// </summary>
public static class ImportRules
{
    static readonly HashSet<string> ReservedFlagIds = [FlagKinds.WithdrawnEarly, FlagKinds.DeadlineMissed];

    /// <summary>Every rule, over the whole file: the file-wide rules (<see cref="CheckFile"/>), then each organization's fold.</summary>
    public static ImportPlan Check(IReadOnlyList<ParsedLine> lines, LedgerSnapshot ledger, DateTimeOffset now) =>
        Finish(CheckFile(lines, ledger, now));

    /// <summary>
    /// The fold of every organization the file touches, on every core, added to what the file-wide rules found: the verdict.
    /// (An import with no file-wide error folds each organization as it appends it instead: <see cref="FileCheck.Fold"/>.)
    /// </summary>
    public static ImportPlan Finish(FileCheck check)
    {
        // Organizations are folded apart from each other, each reading its lines' entries again and letting them go.
        var problemsByOrg = OnEveryCore(check.ByOrganization(), lines => check.Fold(lines.Key, lines.Select(a => a.Read(check.Now)).ToList()));
        // An organization's problems are all on its own new lines, so the order organizations finish in does not matter.
        foreach (var (line, reason) in problemsByOrg.SelectMany(p => p)) check.Fail(line, reason);
        return new ImportPlan(check.Errors, check.IsValid ? new NewEntries(check.Accepted, check.Now) : NewEntries.None, check.AlreadyInLedger);
    }

    /// <summary>
    /// The rules that need no fold, over the whole file in file order: content already held, identities, references,
    /// dates. What is left is each organization's fold (<see cref="FileCheck.Fold"/>), which reads its lines again.
    /// </summary>
    public static FileCheck CheckFile(IReadOnlyList<ParsedLine> lines, LedgerSnapshot ledger, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var errors = new SortedDictionary<int, string>();
        void Fail(int line, string reason) => errors.TryAdd(line, reason);

        // Content already held (in the ledger or on an earlier line) is set aside before any other check.
        // Sized for the file at the start: grown as they fill, a million lines' sets and lists are copied again and again
        // into new arrays, and each copy is garbage the size of the whole (issue 12).
        var seen = new HashSet<Sha256>(lines.Count + ledger.KnownContent.Count);
        foreach (var known in ledger.KnownContent) seen.Add(Sha256.Parse(known));
        var fresh = new List<ParsedLine>(lines.Count);
        var alreadyInLedger = 0;
        foreach (var line in lines)
        {
            if (line.Held) alreadyInLedger++;
            else if (line.Error is not null) Fail(line.Line, line.Error);
            else if (!seen.Add(line.Key!.Hash)) alreadyInLedger++;
            else fresh.Add(line);
        }

        // The file-wide rules read each line's key only; its entry is read again when its organization is folded, below.
        var registrations = ledger.Entries.OfType<OrganizationRegistered>().ToDictionary(e => e.Org, e => e.ContentHash);
        var commitments = ledger.Entries.OfType<CommitmentMade>().ToDictionary(e => e.Commitment, e => (e.Org, e.On));
        var conducts = new Dictionary<string, string>(ledger.ConductContent);
        foreach (var c in ledger.Entries.OfType<ConductObserved>()) conducts.TryAdd(c.Id, c.ContentHash);
        var registeredInFile = Declared(lines, EntryTypes.OrganizationRegistered).ToHashSet();
        // A commitment made on a wrong line still exists in the file: lines about it are not also
        // reported as referring to nothing (and cannot be checked further; the file fails anyway).
        var madeOnWrongLines = Declared(lines, EntryTypes.CommitmentMade).ToHashSet();
        bool Registered(string org) => registrations.ContainsKey(org) || registeredInFile.Contains(org);

        // First pass, in file order: identities, references and dates that need no folding.
        var resolved = new List<ParsedLine>(fresh.Count);
        foreach (var line in fresh)
        {
            var key = line.Key!;
            var problem = key.Type switch
            {
                _ when key.On > today => $"'on' {key.On:yyyy-MM-dd} is later than today ({today:yyyy-MM-dd})",
                EntryTypes.OrganizationRegistered => Claim(registrations, key.Org, key.ContentHash, $"organization '{key.Org}' is already registered with other content"),
                EntryTypes.CommitmentMade when !Registered(key.Org) => $"organization '{key.Org}' is not registered",
                EntryTypes.CommitmentMade => commitments.TryGetValue(key.Commitment!, out var made)
                    ? $"commitment '{key.Commitment}' was already made with other content (on {made.On:yyyy-MM-dd}, for '{made.Org}')"
                    : null,
                EntryTypes.ConductObserved when !Registered(key.Org) => $"organization '{key.Org}' is not registered",
                EntryTypes.ConductObserved when ReservedFlagIds.Contains(key.Conduct!) => $"conduct id '{key.Conduct}' is reserved for the {key.Conduct} flag",
                EntryTypes.ConductObserved => Claim(conducts, key.Conduct!, key.ContentHash, $"conduct id '{key.Conduct}' is already used with other content"),
                _ => null,
            };
            if (problem is not null)
            {
                Fail(line.Line, problem);
                if (key.Type == EntryTypes.CommitmentMade) madeOnWrongLines.Add(key.Commitment!);
                continue;
            }
            if (key.Type == EntryTypes.CommitmentMade) commitments[key.Commitment!] = (key.Org, key.On!.Value);
            resolved.Add(line);
        }

        var accepted = new List<NewLine>(resolved.Count);
        foreach (var line in resolved)
        {
            var key = line.Key!;
            if (!key.FollowsCommitment) { accepted.Add(new NewLine(line, key.Org)); continue; }
            if (commitments.TryGetValue(key.Commitment!, out var made)) accepted.Add(new NewLine(line, made.Org));
            else if (!madeOnWrongLines.Contains(key.Commitment!))
                Fail(line.Line, $"commitment '{key.Commitment}' is not made in the ledger or in this file");
        }

        return new FileCheck(errors, accepted, alreadyInLedger, ledger.Entries.ToLookup(e => e.Org), now);
    }

    /// <summary>
    /// What the file-wide rules leave of a file: the errors found so far, and the lines accepted, each with its organization,
    /// in file order; and the second pass, per organization, of every rule that needs the fold over ledger and file together.
    /// </summary>
    public sealed class FileCheck
    {
        readonly SortedDictionary<int, string> _errors;
        readonly ILookup<string, Entry> _ledgerByOrg;

        internal FileCheck(SortedDictionary<int, string> errors, List<NewLine> accepted, int alreadyInLedger, ILookup<string, Entry> ledgerByOrg,
            DateTimeOffset now) =>
            (_errors, Accepted, AlreadyInLedger, _ledgerByOrg, Now) = (errors, accepted, alreadyInLedger, ledgerByOrg, now);

        public IReadOnlyList<NewLine> Accepted { get; }
        public int AlreadyInLedger { get; }
        /// <summary>When the import records its entries (the rules' "today" is its date).</summary>
        public DateTimeOffset Now { get; }
        public bool IsValid => _errors.Count == 0;
        /// <summary>Every error found so far, one per line, in line order.</summary>
        public IReadOnlyList<LineError> Errors => _errors.Select(e => new LineError(e.Key, e.Value)).ToList();

        /// <summary>The accepted lines of each organization, in file order; organizations in the order the file first names them.</summary>
        public IEnumerable<IGrouping<string, NewLine>> ByOrganization() => Accepted.GroupBy(a => a.Org);

        /// <summary>A line's error; the first found for a line is the one reported.</summary>
        public void Fail(int line, string reason) => _errors.TryAdd(line, reason);

        /// <summary>
        /// Every rule that needs the fold, for one organization: its new <paramref name="entries"/> (its accepted lines read
        /// again, in file order) with what the ledger holds of it. Its problems are all on its own new lines.
        /// </summary>
        public List<(int Line, string Reason)> Fold(string org, IReadOnlyList<Entry> entries)
        {
            var ledgerOfOrg = OrganizationLedger.Of(org, _ledgerByOrg[org].Concat(entries), DateTimeOffset.MaxValue);
            var freshOfOrg = entries.ToHashSet<object?>(ReferenceEqualityComparer.Instance);
            var problems = new List<(int Line, string Reason)>();
            foreach (var timeline in ledgerOfOrg.Commitments.Values)
                CheckCommitment(timeline, ledgerOfOrg.Conducts, freshOfOrg, (line, reason) => problems.Add((line, reason)));
            return problems;
        }
    }

    /// <summary>Each item on its own, in parallel; a failure is thrown as itself (a file changed meanwhile, say), not wrapped.</summary>
    static List<TResult> OnEveryCore<T, TResult>(IEnumerable<T> items, Func<T, TResult> work)
    {
        try { return items.AsParallel().Select(work).ToList(); }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
            throw;
        }
    }

    /// <summary>The ids these lines bring into existence of this type, accepted or not.</summary>
    static IEnumerable<string> Declared(IReadOnlyList<ParsedLine> lines, string type) =>
        lines.Select(l => l.Declares ?? l.Key?.Declares).Where(d => d?.Type == type).Select(d => d!.Id);

    static string? Claim(Dictionary<string, string> owners, string id, string contentHash, string conflict)
    {
        if (owners.TryGetValue(id, out var owner)) return owner == contentHash ? null : conflict;
        owners[id] = contentHash;
        return null;
    }

    static void CheckCommitment(CommitmentTimeline t, IReadOnlyList<ConductObserved> conducts,
        HashSet<object?> fresh, Action<int, string> fail)
    {
        var relevantConducts = conducts.Where(c => c.Topic == t.Made!.Topic).ToList();
        var participants = t.Entries.Cast<Entry>().Concat(relevantConducts).Where(fresh.Contains).OrderBy(p => p.Line).ToList();
        if (participants.Count == 0) return;

        // A rule broken by a new line is reported on it. One broken in an entry already in the
        // ledger is reported on the first new line that takes part: the first whose absence would
        // leave that entry unbroken (else, when only several together break it, the first new line).
        foreach (var (e, reason) in Problems(t, relevantConducts))
        {
            if (fresh.Contains(e)) { fail(e.Line, reason); continue; }
            var takingPart = participants.FirstOrDefault(p => !Problems(
                    new CommitmentTimeline(t.Entries.Where(x => !ReferenceEquals(x, p))),
                    relevantConducts.Where(x => !ReferenceEquals(x, p)).ToList())
                .Any(problem => ReferenceEquals(problem.Entry, e)));
            fail((takingPart ?? participants[0]).Line,
                $"with this file, {e.Type} of {e.Date:yyyy-MM-dd} already in the ledger would be wrong: {reason}");
        }
    }

    /// <summary>Every entry of the commitment that breaks a rule, with the reason, in fold order.</summary>
    static List<(Entry Entry, string Reason)> Problems(CommitmentTimeline t, IReadOnlyList<ConductObserved> conducts)
    {
        var problems = new List<(Entry, string)>();
        var made = t.Made;
        if (made is null) return problems;
        IReadOnlyList<Flag>? raised = null;
        IReadOnlyList<Flag> Raised() => raised ??= t.RaisedFlags(conducts);
        var contradicting = new Lazy<HashSet<string>>(() => conducts.Where(t.IsContradictedBy).Select(c => c.Id).ToHashSet());

        EndingEntry? ending = null;
        var violations = new Dictionary<string, string>();
        for (var i = 0; i < t.Entries.Count; i++)
        {
            var e = t.Entries[i];
            void Report(string reason) => problems.Add((e, reason));
            if (e is not CommitmentMade && e.On < made.On)
            {
                Report($"dated {e.On:yyyy-MM-dd}, before commitment '{made.Commitment}' was made ({made.On:yyyy-MM-dd})");
                continue;
            }
            switch (e)
            {
                case CommitmentAmended when ending is not null && e.On > ending.On:
                    Report($"commitment '{made.Commitment}' already ended ({ending.EndedStatus} on {ending.On:yyyy-MM-dd}); it cannot be amended after that");
                    break;
                case CommitmentMade or CommitmentAmended:
                    if (t.ShapeThrough(i + 1, e.On)!.Term.Problem is { } termProblem) Report(termProblem);
                    break;
                case EndingEntry end:
                    var status = t.StatusAt(end.On, endingsBefore: i);
                    if (status is not (Statuses.Announced or Statuses.InForce))
                        Report($"commitment '{made.Commitment}' is {status} on {end.On:yyyy-MM-dd}; only an announced or in-force commitment can end");
                    ending ??= end;
                    break;
                case ViolationAlleged v:
                    if (ReservedFlagIds.Contains(v.Flag))
                        Report($"flag id '{v.Flag}' is reserved for the rule of that name");
                    else if (contradicting.Value.Contains(v.Flag))
                        Report($"flag id '{v.Flag}' is a conduct that already flags commitment '{made.Commitment}'");
                    else if (violations.TryGetValue(v.Flag, out var hash) && hash != v.ContentHash)
                        Report($"flag id '{v.Flag}' is already used on commitment '{made.Commitment}' with other content");
                    else violations.TryAdd(v.Flag, v.ContentHash);
                    break;
                case FindingEntry finding:
                    var flag = Raised().FirstOrDefault(f => f.Id == finding.Flag);
                    if (flag is null)
                        Report($"no flag '{finding.Flag}' is raised on commitment '{made.Commitment}'");
                    else if (finding.On < flag.RaisedOn)
                        Report($"dated {finding.On:yyyy-MM-dd}, before flag '{flag.Id}' was raised ({flag.RaisedOn:yyyy-MM-dd})");
                    break;
            }
        }
        return problems;
    }
}
