using EthicsLedger.Importing;
using EthicsLedger.Rules;
using EthicsLedger.Tests.Support;
using static EthicsLedger.Tests.Importing.ImportAssertions;
using static EthicsLedger.Tests.Support.Json;

namespace EthicsLedger.Tests.Importing;

/// <summary>
/// "an `on` later than today's UTC date"; "an entry dated before its commitment's
/// `commitment.made`; a `flag.confirmed` or `flag.dismissed` dated before the flag's `raisedOn`".
/// </summary>
public class DateRulesTests
{
    const string Today = "2026-11-27";     // TestLedger.Now is 2026-11-27T12:00Z
    const string Tomorrow = "2026-11-28";

    public static TheoryData<string> DatedTypes =>
    [
        "commitment.made", "commitment.amended", "commitment.condition-met", "commitment.fulfilled",
        "commitment.withdrawn", "conduct.observed", "violation.alleged", "flag.confirmed", "flag.dismissed",
        "commitment.attested",
    ];

    /// <summary>One line of <paramref name="type"/> dated <paramref name="on"/>, valid after <see cref="Background"/> but for its date.</summary>
    static string DatedLine(string type, string on) => type switch
    {
        "commitment.made" => Made("c2", on: on),
        "commitment.amended" => Amended("c1", on, statement: "We will not, ever."),
        "commitment.condition-met" => ConditionMet("c1", on),
        "commitment.fulfilled" => Fulfilled("c1", on),
        "commitment.withdrawn" => Withdrawn("c1", on),
        "conduct.observed" => Conduct("k-1", on),
        "violation.alleged" => Violation("c1", "v-2", on),
        "flag.confirmed" => Confirmed("c1", "v-1", on),
        "flag.dismissed" => Dismissed("c1", "v-1", on),
        "commitment.attested" => Attested("c1", on),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    static readonly string[] Background = [Org(), Made("c1", on: "2020-01-01"), Violation("c1", "v-1", "2020-02-01")];

    static ImportPlan CheckDated(string type, string on) => TestLedger.Check(null, [.. Background, DatedLine(type, on)]);

    [Theory]
    [MemberData(nameof(DatedTypes))]
    public void an_entry_dated_after_todays_utc_date_is_refused_on_its_line(string type)
    {
        CheckDated(type, Tomorrow).ShouldRefuseOnly(4, Tomorrow);
    }

    [Theory]
    [MemberData(nameof(DatedTypes))]
    public void an_entry_dated_today_is_accepted(string type)
    {
        CheckDated(type, Today).ShouldBeAccepted(4);
    }

    [Fact]
    public void today_is_the_utc_date_even_when_the_clock_is_behind_utc()
    {
        // 2026-11-27T22:00-05:00 is 2026-11-28T03:00Z: in UTC it is already the 28th.
        var now = new DateTimeOffset(2026, 11, 27, 22, 0, 0, TimeSpan.FromHours(-5));
        var plan = ImportRules.Check(TestLedger.Parse(Org(), Made("c1", on: Tomorrow)), LedgerSnapshot.Empty, now);
        plan.ShouldBeAccepted(2);
    }

    [Fact]
    public void today_is_the_utc_date_even_when_the_clock_is_ahead_of_utc()
    {
        // 2026-11-28T01:00+05:00 is 2026-11-27T20:00Z: in UTC the 28th has not begun.
        var now = new DateTimeOffset(2026, 11, 28, 1, 0, 0, TimeSpan.FromHours(5));
        var plan = ImportRules.Check(TestLedger.Parse(Org(), Made("c1", on: Tomorrow)), LedgerSnapshot.Empty, now);
        plan.ShouldRefuseOnly(2, Tomorrow);
    }

    public static TheoryData<string> CommitmentEntryTypes =>
    [
        "commitment.amended", "commitment.condition-met", "commitment.fulfilled", "commitment.withdrawn",
        "violation.alleged", "flag.confirmed", "flag.dismissed", "commitment.attested",
    ];

    /// <summary>c1 is made on 2020-06-01 and flag v-1 raised the same day; the line under test is line 4.</summary>
    static ImportPlan CheckAgainstMade(string type, string on) =>
        TestLedger.Check(null, Org(), Made("c1", on: "2020-06-01"), Violation("c1", "v-1", "2020-06-01"), DatedLine(type, on));

    [Theory]
    [MemberData(nameof(CommitmentEntryTypes))]
    public void an_entry_dated_before_its_commitment_was_made_is_refused(string type)
    {
        CheckAgainstMade(type, "2020-05-31").ShouldRefuseOnly(4, "2020-05-31");
    }

    [Theory]
    [MemberData(nameof(CommitmentEntryTypes))]
    public void an_entry_dated_the_day_its_commitment_was_made_is_accepted(string type)
    {
        CheckAgainstMade(type, "2020-06-01").ShouldBeAccepted(4);
    }

    [Fact]
    public void an_entry_dated_before_a_commitment_made_in_the_ledger_is_refused()
    {
        var ledger = Recorded(Org(), Made("c1", on: "2020-06-01"));

        TestLedger.Check(ledger, Attested("c1", "2020-05-31")).ShouldRefuseOnly(1, "2020-05-31");
        TestLedger.Check(ledger, Attested("c1", "2020-06-01")).ShouldBeAccepted(1);
    }

    [Fact]
    public void an_entry_dated_before_a_commitment_made_on_a_later_line_is_refused()
    {
        TestLedger.Check(null, Org(), Withdrawn("c1", "2020-05-31"), Made("c1", on: "2020-06-01"))
            .ShouldRefuseOnly(2, "2020-05-31");
        TestLedger.Check(null, Org(), Withdrawn("c1", "2020-06-01"), Made("c1", on: "2020-06-01"))
            .ShouldBeAccepted(3);
    }

    public static TheoryData<string, string> FlagKindsAndFindings => new()
    {
        { "violation", "flag.confirmed" }, { "violation", "flag.dismissed" },
        { "contradicting-conduct", "flag.confirmed" }, { "contradicting-conduct", "flag.dismissed" },
        { "withdrawn-early", "flag.confirmed" }, { "withdrawn-early", "flag.dismissed" },
        { "deadline-missed", "flag.confirmed" }, { "deadline-missed", "flag.dismissed" },
    };

    /// <summary>Three lines that raise a flag of <paramref name="kind"/> on c1 on 2021-05-01, and that flag's id.</summary>
    static (string[] Lines, string Flag) RaiseOn20210501(string kind) => kind switch
    {
        "violation" => ([Org(), Made("c1"), Violation("c1", "v-1", "2021-05-01")], "v-1"),
        "contradicting-conduct" => ([Org(), Made("c1", scope: new { activities = new[] { "sell" } }), Conduct("k-1", "2021-05-01")], "k-1"),
        "withdrawn-early" => ([Org(), Made("c1"), Withdrawn("c1", "2021-05-01")], "withdrawn-early"),
        "deadline-missed" => ([Org(), Made("c1", term: new { due = "2021-05-01" })], "deadline-missed"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    static string Finding(string type, string flag, string on) =>
        type == "flag.confirmed" ? Confirmed("c1", flag, on) : Dismissed("c1", flag, on);

    [Theory]
    [MemberData(nameof(FlagKindsAndFindings))]
    public void a_finding_dated_before_its_flag_was_raised_is_refused(string kind, string finding)
    {
        var (lines, flag) = RaiseOn20210501(kind);
        var plan = TestLedger.Check(null, [.. lines, Finding(finding, flag, "2021-04-30")]);
        plan.ShouldRefuseOnly(lines.Length + 1, flag, "2021-04-30");
    }

    [Theory]
    [MemberData(nameof(FlagKindsAndFindings))]
    public void a_finding_dated_the_day_its_flag_was_raised_is_accepted(string kind, string finding)
    {
        var (lines, flag) = RaiseOn20210501(kind);
        TestLedger.Check(null, [.. lines, Finding(finding, flag, "2021-05-01")]).ShouldBeAccepted(lines.Length + 1);
    }

    [Fact]
    public void a_finding_dated_before_a_flag_raised_in_the_ledger_is_refused()
    {
        var ledger = Recorded(Org(), Made("c1"), Violation("c1", "v-1", "2021-05-01"));

        TestLedger.Check(ledger, Confirmed("c1", "v-1", "2021-04-30")).ShouldRefuseOnly(1, "v-1", "2021-04-30");
        TestLedger.Check(ledger, Confirmed("c1", "v-1", "2021-05-01")).ShouldBeAccepted(1);
    }
}
