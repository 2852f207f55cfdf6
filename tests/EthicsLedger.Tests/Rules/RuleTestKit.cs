using System.Text.Json;
using EthicsLedger.Entries;
using EthicsLedger.Importing;
using EthicsLedger.Rules;
using EthicsLedger.Tests.Support;

namespace EthicsLedger.Tests.Rules;

/// <summary>Small helpers shared by the rule tests in this folder.</summary>
static class RuleTestKit
{
    /// <summary>Recording times of successive imports: all after every <c>on</c> the tests use, all before <see cref="TestLedger.Now"/>.</summary>
    public static readonly DateTimeOffset T1 = new(2026, 1, 1, 9, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset T2 = new(2026, 2, 1, 9, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset T3 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    public static DateOnly D(string date) => DateOnly.Parse(date);

    /// <summary>Imports these lines as a first import, recorded at <paramref name="recorded"/>.</summary>
    public static LedgerSnapshot ImportAt(DateTimeOffset recorded, params string[] lines) =>
        TestLedger.Import(LedgerSnapshot.Empty, recorded, lines);

    /// <summary>Adds a later import to <paramref name="ledger"/>, recorded at <paramref name="recorded"/>.</summary>
    public static LedgerSnapshot Then(this LedgerSnapshot ledger, DateTimeOffset recorded, params string[] lines) =>
        TestLedger.Import(ledger, recorded, lines);

    /// <summary>The stance as the ledger knew it at <paramref name="knownAt"/>.</summary>
    public static Stance StanceKnownAt(this LedgerSnapshot ledger, string org, string asOf, DateTimeOffset knownAt) =>
        Evaluator.Stance(ledger.Organization(org, knownAt), D(asOf));

    /// <summary>The flags of one commitment as of a date.</summary>
    public static IReadOnlyList<FlagView> FlagsOf(this LedgerSnapshot ledger, string commitment, string asOf) =>
        ledger.Commitment(commitment, asOf).Flags;

    /// <summary>The one flag with this id as of a date, or null when it does not exist then.</summary>
    public static FlagView? FlagOf(this LedgerSnapshot ledger, string commitment, string flag, string asOf) =>
        ledger.FlagsOf(commitment, asOf).SingleOrDefault(f => f.Flag == flag);

    static readonly JsonSerializerOptions Canonical = new() { WriteIndented = false };

    /// <summary>A stance as JSON: records holding lists compare by reference, their JSON compares by content.</summary>
    public static string Canon(Stance stance) => JsonSerializer.Serialize(stance, Canonical);

    /// <summary>Parses one line into an entry and stamps it as if recorded at <paramref name="recorded"/> on line <paramref name="line"/>.</summary>
    public static Entry Stamp(string json, DateTimeOffset recorded, int line, string org = "acme")
    {
        var parsed = TestLedger.Parse(json).Single();
        var entry = parsed.Read() ?? throw new InvalidOperationException(parsed.Error);
        return entry with { Recorded = recorded, Line = line, Org = org };
    }
}
