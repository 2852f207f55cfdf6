using System.Text;
using EthicsLedger.Entries;
using EthicsLedger.Importing;
using EthicsLedger.Parsing;
using EthicsLedger.Rules;

namespace EthicsLedger.Tests.Support;

/// <summary>
/// Builds ledgers for pure tests from contract JSON lines, exactly as a user writes them, so the
/// tests speak the contract rather than the classes behind it.
/// </summary>
public static class TestLedger
{
    /// <summary>A fixed "now" for pure tests: after every date the tests use.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Parses a file made of these lines (line numbers from 1).</summary>
    public static IReadOnlyList<ParsedLine> Parse(params string[] lines) =>
        LedgerFile.Parse(Encoding.UTF8.GetBytes(string.Join("\n", lines)));

    /// <summary>Checks these lines as one import into <paramref name="ledger"/> (default: an empty ledger) at <see cref="Now"/>.</summary>
    public static ImportPlan Check(LedgerSnapshot? ledger, params string[] lines) =>
        ImportRules.Check(Parse(lines), ledger ?? LedgerSnapshot.Empty, Now);

    /// <summary>
    /// Imports these lines (checked by the contract's rules) on top of <paramref name="ledger"/>,
    /// recorded at <paramref name="recorded"/>, and returns the ledger after. Throws when the import is refused.
    /// </summary>
    public static LedgerSnapshot Import(LedgerSnapshot ledger, DateTimeOffset recorded, params string[] lines)
    {
        var plan = ImportRules.Check(Parse(lines), ledger, recorded);
        if (!plan.IsValid) throw new InvalidOperationException("import refused:\n" + string.Join("\n", plan.Errors));
        var entries = ledger.Entries.Concat(plan.ToAppend).ToList();
        return new LedgerSnapshot(
            entries,
            entries.Select(e => e.ContentHash).ToHashSet(),
            entries.OfType<ConductObserved>().ToDictionary(c => c.Id, c => c.ContentHash));
    }

    /// <summary>Imports these lines into an empty ledger at <see cref="Now"/>.</summary>
    public static LedgerSnapshot Import(params string[] lines) => Import(LedgerSnapshot.Empty, Now, lines);

    public static OrganizationLedger Organization(this LedgerSnapshot ledger, string org, DateTimeOffset? knownAt = null) =>
        OrganizationLedger.Of(org, ledger.Entries, knownAt ?? DateTimeOffset.MaxValue);

    public static Stance Stance(this LedgerSnapshot ledger, string org, string asOf, string? topic = null) =>
        Evaluator.Stance(ledger.Organization(org), DateOnly.Parse(asOf), topic);

    /// <summary>The one commitment of a stance, as of a date; fails when it is absent.</summary>
    public static CommitmentStance Commitment(this LedgerSnapshot ledger, string commitment, string asOf)
    {
        var made = ledger.Entries.OfType<CommitmentMade>().Single(m => m.Commitment == commitment);
        return ledger.Stance(made.Org, asOf).Commitments.Single(c => c.Commitment == commitment);
    }

    public static string? StatusOf(this LedgerSnapshot ledger, string commitment, string asOf)
    {
        var made = ledger.Entries.OfType<CommitmentMade>().Single(m => m.Commitment == commitment);
        return ledger.Stance(made.Org, asOf).Commitments.SingleOrDefault(c => c.Commitment == commitment)?.Status;
    }
}
