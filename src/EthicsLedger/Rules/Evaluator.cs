using EthicsLedger.Entries;

namespace EthicsLedger.Rules;

/// <summary>The one place the contract's status, in-force and flag rules are answered for a date.</summary>
public static class Evaluator
{
    public static Stance Stance(OrganizationLedger ledger, DateOnly asOf, string? topic = null)
    {
        var commitments = ledger.Commitments.Values
            .Where(c => c.Made is not null && c.Made.On <= asOf && (topic is null || c.Made.Topic == topic))
            .OrderBy(c => c.Made!.On).ThenBy(c => c.Made!.Commitment, StringComparer.Ordinal)
            .Select(c => CommitmentAsOf(c, ledger.Conducts, asOf))
            .ToList();
        return new Stance(ledger.Org, asOf, commitments);
    }

    public static CommitmentStance CommitmentAsOf(CommitmentTimeline timeline, IEnumerable<ConductObserved> conducts, DateOnly asOf)
    {
        var made = timeline.Made ?? throw new InvalidOperationException("A commitment without commitment.made has no stance.");
        var status = timeline.StatusAt(asOf) ?? throw new InvalidOperationException($"{made.Commitment} is not made as of {asOf:yyyy-MM-dd}.");
        var shape = timeline.ShapeAt(asOf)!;
        var flags = timeline.FlagsAsOf(asOf, conducts);
        return new CommitmentStance(
            made.Commitment, made.Org, made.Kind, made.Topic, status,
            InForce: status == Statuses.InForce,
            Broken: flags.Any(f => f.State == FlagStates.Confirmed),
            shape.Term, shape.Scope, shape.Statement, flags,
            timeline.AttestationAsOf(asOf) is { } a ? new AttestationView(a.Verdict, a.By, a.On, a.Note) : null,
            made.Source?.Url);
    }
}

public sealed record Stance(string Org, DateOnly AsOf, IReadOnlyList<CommitmentStance> Commitments);

public sealed record CommitmentStance(
    string Commitment, string Org, string Kind, string Topic, string Status, bool InForce, bool Broken,
    Term Term, Scope Scope, string Statement, IReadOnlyList<FlagView> Flags, AttestationView? Attestation, string? SourceUrl);

public sealed record AttestationView(string Verdict, string By, DateOnly On, string Note);
