using EthicsLedger.Importing;
using EthicsLedger.Tests.Support;

namespace EthicsLedger.Tests.Importing;

/// <summary>
/// What the import tests assert about a plan: which lines are refused (by number) and that each
/// reason names what is wrong, or that the whole file is accepted. Reasons are matched by the
/// ids and dates they mention, never by wording.
/// </summary>
static class ImportAssertions
{
    /// <summary>A ledger whose lines were recorded the day before <see cref="TestLedger.Now"/>, so new lines fold after them on the same date.</summary>
    public static LedgerSnapshot Recorded(params string[] lines) =>
        TestLedger.Import(LedgerSnapshot.Empty, TestLedger.Now.AddDays(-1), lines);

    static string Describe(ImportPlan plan) =>
        plan.Errors.Count == 0 ? "(no errors)" : string.Join("\n", plan.Errors);

    /// <summary>The file is accepted: no errors, and every line not already held is to be appended.</summary>
    public static void ShouldBeAccepted(this ImportPlan plan, int? appended = null)
    {
        plan.Errors.ShouldBeEmpty($"expected the file to be accepted, got:\n{Describe(plan)}");
        plan.IsValid.ShouldBeTrue();
        if (appended is { } count) plan.ToAppend.Count.ShouldBe(count);
    }

    /// <summary>The file is refused, exactly these lines are reported (in this order), and nothing is to be appended.</summary>
    public static void ShouldRefuseLines(this ImportPlan plan, params int[] lines)
    {
        plan.Errors.Select(e => e.Line).ToArray().ShouldBe(lines, $"reported:\n{Describe(plan)}");
        plan.IsValid.ShouldBeFalse();
        plan.ToAppend.ShouldBeEmpty();
    }

    /// <summary>The file is refused with exactly one error, on <paramref name="line"/>, whose reason mentions every one of <paramref name="mentions"/>.</summary>
    public static void ShouldRefuseOnly(this ImportPlan plan, int line, params string[] mentions)
    {
        plan.ShouldRefuseLines(line);
        plan.ShouldMention(line, mentions);
    }

    /// <summary>The reason reported on <paramref name="line"/> mentions every one of <paramref name="mentions"/>.</summary>
    public static void ShouldMention(this ImportPlan plan, int line, params string[] mentions)
    {
        var error = plan.Errors.SingleOrDefault(e => e.Line == line);
        error.ShouldNotBeNull($"no error on line {line}; reported:\n{Describe(plan)}");
        foreach (var mention in mentions)
            error.Reason.ShouldContain(mention, Case.Sensitive, $"the reason on line {line} should mention '{mention}'");
    }
}
