using EthicsLedger.Entries;

namespace EthicsLedger.Rules;

/// <summary>
/// The auditor's view of an organization as of a date: per commitment, its stance (status and flags,
/// from <see cref="Evaluator"/> only), the findings and attestations recorded about it, and every
/// dated entry that bears on it, each with its source. Nothing here decides a status or a flag state.
/// </summary>
public sealed record AuditReport(string Org, DateOnly AsOf, IReadOnlyList<CommitmentAudit> Commitments)
{
    /// <summary>
    /// The report for the commitments made on or before <paramref name="asOf"/>, in the stance's order.
    /// Findings, attestations and evidence are those dated on or before <paramref name="asOf"/>, in fold order.
    /// </summary>
    public static AuditReport Of(OrganizationLedger ledger, DateOnly asOf)
    {
        var stance = Evaluator.Stance(ledger, asOf);
        return new AuditReport(ledger.Org, asOf,
            stance.Commitments.Select(c => Audit(c, ledger.Commitments[c.Commitment], ledger.Conducts, asOf)).ToList());
    }

    static CommitmentAudit Audit(CommitmentStance stance, CommitmentTimeline timeline, IReadOnlyList<ConductObserved> conducts, DateOnly asOf)
    {
        var entries = timeline.Entries.Where(e => e.On <= asOf).ToList();

        var findings = entries.OfType<FindingEntry>()
            .Select(f => new FindingView(f.Flag, f.State, f.By, f switch
            {
                FlagConfirmed c => c.Finding,
                FlagDismissed d => d.Reason,
                _ => "",
            }, f.On, f.Source?.Url))
            .ToList();

        var attestations = entries.OfType<CommitmentAttested>()
            .Select(a => new AttestationRecord(a.Verdict, a.By, a.Note, a.Methodology, a.On, a.Source?.Url))
            .ToList();

        // The conduct behind each contradicting-conduct flag the evaluator reports as of the date:
        // the flag's id is the conduct's id, which is unique ledger-wide.
        var conductFlags = stance.Flags.Where(f => f.Kind == FlagKinds.ContradictingConduct).Select(f => f.Flag).ToHashSet(StringComparer.Ordinal);
        var evidence = entries.Cast<DatedEntry>()
            .Concat(conducts.Where(c => conductFlags.Contains(c.Id)))
            .Order<DatedEntry>(FoldOrder.Comparer)
            .Select(e => new EvidenceItem(e.Type, e.On, e.Source?.Url, SubjectOf(e)))
            .ToList();

        return new CommitmentAudit(stance, findings, attestations, evidence);
    }

    /// <summary>What an evidence entry is about: the flag it raises or judges, else its commitment.</summary>
    static string SubjectOf(DatedEntry entry) => entry switch
    {
        ConductObserved c => c.Id,
        ViolationAlleged v => v.Flag,
        FindingEntry f => f.Flag,
        CommitmentEntry c => c.Commitment,
        _ => entry.Org,
    };
}

/// <summary>One commitment in an audit: its stance as of the date and what the record says about it.</summary>
public sealed record CommitmentAudit(
    CommitmentStance Stance,
    IReadOnlyList<FindingView> Findings,
    IReadOnlyList<AttestationRecord> Attestations,
    IReadOnlyList<EvidenceItem> Evidence);

/// <summary>A flag.confirmed or flag.dismissed: the flag, the state it sets, the auditor, the finding or reason, its date and source.</summary>
public sealed record FindingView(string Flag, string State, string By, string Text, DateOnly On, string? SourceUrl);

/// <summary>A commitment.attested: an auditor's verdict on the whole commitment, shown beside the status and never changing it.</summary>
public sealed record AttestationRecord(string Verdict, string By, string Note, string? Methodology, DateOnly On, string? SourceUrl);

/// <summary>A dated entry bearing on a commitment: its contract type, date, source URL, and what it is about (see <c>SubjectOf</c>).</summary>
public sealed record EvidenceItem(string Type, DateOnly On, string? SourceUrl, string Subject);
