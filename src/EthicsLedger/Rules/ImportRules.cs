using EthicsLedger.Entries;
using EthicsLedger.Importing;

namespace EthicsLedger.Rules;

/// <summary>
/// The contract's "bad input" rules for a whole file, checked together with what the ledger
/// already holds, before anything is appended. Pure: the caller loads the snapshot and appends the plan.
/// </summary>
public static class ImportRules
{
    static readonly HashSet<string> ReservedFlagIds = [FlagKinds.WithdrawnEarly, FlagKinds.DeadlineMissed];

    public static ImportPlan Check(IReadOnlyList<ParsedLine> lines, LedgerSnapshot ledger, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var errors = new SortedDictionary<int, string>();
        void Fail(int line, string reason) => errors.TryAdd(line, reason);

        // Content already held (in the ledger or on an earlier line) is set aside before any other check.
        var seen = new HashSet<string>(ledger.KnownContent);
        var fresh = new List<Entry>();
        var alreadyInLedger = 0;
        foreach (var line in lines)
        {
            if (line.Held) alreadyInLedger++;
            else if (line.Error is not null) Fail(line.Line, line.Error);
            else if (!seen.Add(line.Entry!.ContentHash)) alreadyInLedger++;
            else fresh.Add(line.Entry with { Recorded = now, Line = line.Line });
        }

        var registrations = ledger.Entries.OfType<OrganizationRegistered>().ToDictionary(e => e.Org, e => e.ContentHash);
        var commitments = ledger.Entries.OfType<CommitmentMade>().ToDictionary(e => e.Commitment);
        var conducts = new Dictionary<string, string>(ledger.ConductContent);
        foreach (var c in ledger.Entries.OfType<ConductObserved>()) conducts.TryAdd(c.Id, c.ContentHash);
        var registeredInFile = fresh.OfType<OrganizationRegistered>().Select(r => r.Org)
            .Concat(Declared(lines, EntryTypes.OrganizationRegistered)).ToHashSet();
        // A commitment made on a wrong line still exists in the file: lines about it are not also
        // reported as referring to nothing (and cannot be checked further; the file fails anyway).
        var madeOnWrongLines = Declared(lines, EntryTypes.CommitmentMade).ToHashSet();

        // First pass, in file order: identities, references and dates that need no folding.
        var resolved = new List<Entry>();
        foreach (var entry in fresh)
        {
            var problem = entry switch
            {
                DatedEntry d when d.On > today => $"'on' {d.On:yyyy-MM-dd} is later than today ({today:yyyy-MM-dd})",
                OrganizationRegistered r => Claim(registrations, r.Org, r.ContentHash, $"organization '{r.Org}' is already registered with other content"),
                CommitmentMade m when !registrations.ContainsKey(m.Org) && !registeredInFile.Contains(m.Org) => $"organization '{m.Org}' is not registered",
                CommitmentMade m => commitments.TryGetValue(m.Commitment, out var made)
                    ? $"commitment '{m.Commitment}' was already made with other content (on {made.On:yyyy-MM-dd}, for '{made.Org}')"
                    : null,
                ConductObserved c when !registrations.ContainsKey(c.Org) && !registeredInFile.Contains(c.Org) => $"organization '{c.Org}' is not registered",
                ConductObserved c when ReservedFlagIds.Contains(c.Id) => $"conduct id '{c.Id}' is reserved for the {c.Id} flag",
                ConductObserved c => Claim(conducts, c.Id, c.ContentHash, $"conduct id '{c.Id}' is already used with other content"),
                _ => null,
            };
            if (problem is not null)
            {
                Fail(entry.Line, problem);
                if (entry is CommitmentMade wrongMade) madeOnWrongLines.Add(wrongMade.Commitment);
                continue;
            }
            if (entry is CommitmentMade newMade) commitments[newMade.Commitment] = newMade;
            resolved.Add(entry);
        }

        var accepted = new List<Entry>();
        foreach (var entry in resolved)
        {
            if (entry is CommitmentEntry ce and not CommitmentMade)
            {
                if (!commitments.TryGetValue(ce.Commitment, out var made))
                {
                    if (!madeOnWrongLines.Contains(ce.Commitment))
                        Fail(entry.Line, $"commitment '{ce.Commitment}' is not made in the ledger or in this file");
                    continue;
                }
                accepted.Add(ce with { Org = made.Org });
            }
            else accepted.Add(entry);
        }

        // Second pass, per organization: every rule that needs the fold, over ledger and file together.
        var ledgerByOrg = ledger.Entries.ToLookup(e => e.Org);
        foreach (var acceptedOfOrg in accepted.GroupBy(e => e.Org))
        {
            var org = acceptedOfOrg.Key;
            var ledgerOfOrg = OrganizationLedger.Of(org, ledgerByOrg[org].Concat(acceptedOfOrg), DateTimeOffset.MaxValue);
            var freshOfOrg = acceptedOfOrg.ToHashSet(ReferenceEqualityComparer.Instance);
            foreach (var timeline in ledgerOfOrg.Commitments.Values)
                CheckCommitment(timeline, ledgerOfOrg.Conducts, freshOfOrg, Fail);
        }

        var failed = errors.Keys.ToHashSet();
        return new ImportPlan(
            errors.Select(e => new LineError(e.Key, e.Value)).ToList(),
            failed.Count == 0 ? accepted : [],
            alreadyInLedger);
    }

    static IEnumerable<string> Declared(IReadOnlyList<ParsedLine> lines, string type) =>
        lines.Select(l => l.Declares ?? (l.Entry is { } e ? DeclarationOf(e) : null))
            .Where(d => d?.Type == type).Select(d => d!.Id);

    static Declaration? DeclarationOf(Entry entry) => entry switch
    {
        CommitmentMade m => new Declaration(EntryTypes.CommitmentMade, m.Commitment),
        OrganizationRegistered r => new Declaration(EntryTypes.OrganizationRegistered, r.Org),
        _ => null,
    };

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
