using EthicsLedger.Importing;
using EthicsLedger.Rules;
using EthicsLedger.Tests.Support;
using static EthicsLedger.Tests.Importing.ImportAssertions;
using static EthicsLedger.Tests.Support.Json;

namespace EthicsLedger.Tests.Importing;

/// <summary>
/// "A line whose content is already in the ledger, or on an earlier line of the same file, is a
/// no-op (it is set aside before any other check): importing the same file twice leaves the
/// ledger as it was after the first time." Content ignores key order and white space.
/// </summary>
public class IdempotencyTests
{
    static readonly string[] AFile =
    [
        Org("acme"),
        Made("c1", on: "2020-01-01", scope: new { activities = new[] { "sell" } }, term: new { due = "2021-01-01" }),
        Amended("c1", "2020-06-01", statement: "We will not sell."),
        Conduct("k-1", "2020-07-01", activity: "sell"),
        Violation("c1", "v-1", "2020-08-01"),
        Confirmed("c1", "k-1", "2020-09-01"),
        Dismissed("c1", "v-1", "2020-09-02"),
        Confirmed("c1", "deadline-missed", "2021-01-02"),
        Attested("c1", "2021-02-01", verdict: "broken"),
        Withdrawn("c1", "2021-03-01"),
        Confirmed("c1", "withdrawn-early", "2021-03-02"),
    ];

    [Fact]
    public void the_same_file_imported_twice_appends_nothing_the_second_time()
    {
        var ledger = TestLedger.Import(AFile);
        ledger.Entries.Count.ShouldBe(AFile.Length);

        var second = TestLedger.Check(ledger, AFile);

        second.ShouldBeAccepted(0);
        second.AlreadyInLedger.ShouldBe(AFile.Length);
    }

    [Fact]
    public void a_file_imported_again_with_one_new_line_appends_only_that_line()
    {
        var ledger = TestLedger.Import(AFile);
        var plan = TestLedger.Check(ledger, [.. AFile, Attested("c1", "2021-04-01", verdict: "inconclusive")]);

        plan.ShouldBeAccepted(1);
        plan.ToAppend.Single().Type.ShouldBe("commitment.attested");
        plan.AlreadyInLedger.ShouldBe(AFile.Length);
    }

    [Fact]
    public void a_line_identical_to_an_earlier_line_of_the_file_is_a_no_op()
    {
        var plan = TestLedger.Check(null, Org(), Made("c1"), Violation("c1", "v-1", "2021-01-01"), Made("c1"), Violation("c1", "v-1", "2021-01-01"));

        plan.ShouldBeAccepted(3);
        plan.AlreadyInLedger.ShouldBe(2);
        plan.ToAppend.Select(e => e.Line).ShouldBe([1, 2, 3]);
    }

    [Fact]
    public void content_equality_ignores_key_order_and_white_space()
    {
        var ledger = Recorded(Org(), Made("c1"));
        const string reordered =
            " {  \"source\" : { \"url\" : \"https://example.org/source\" } ,\t\"on\":\"2020-01-01\", \"statement\" : \"We will not.\"," +
            " \"topic\":\"facial-recognition\" , \"kind\" : \"moratorium\", \"org\":\"acme\", \"commitment\" : \"c1\", \"type\":\"commitment.made\" }  ";

        var plan = TestLedger.Check(ledger, reordered);

        plan.ShouldBeAccepted(0);
        plan.AlreadyInLedger.ShouldBe(1);
    }

    [Fact]
    public void content_equality_ignores_key_order_inside_nested_objects()
    {
        var withTitle = With(Made("c1"), ("source", new { url = Url, title = "Press release" }));
        var reordered = With(Made("c1"), ("source", new { title = "Press release", url = Url }));
        var ledger = Recorded(Org(), withTitle);

        var plan = TestLedger.Check(ledger, reordered);

        plan.ShouldBeAccepted(0);
        plan.AlreadyInLedger.ShouldBe(1);
    }

    [Fact]
    public void a_line_differing_only_in_a_string_value_is_not_a_no_op()
    {
        var ledger = Recorded(Org(), Made("c1"));
        var plan = TestLedger.Check(ledger, With(Made("c1"), ("statement", "We will  not.")));
        plan.AlreadyInLedger.ShouldBe(0);
        plan.ShouldRefuseOnly(1, "c1");
    }

    [Fact]
    public void a_file_cut_off_part_way_and_run_again_ends_with_the_ledger_of_one_uninterrupted_run()
    {
        var whole = TestLedger.Check(null, AFile);
        whole.ShouldBeAccepted(AFile.Length);
        var oneRun = whole.ToAppend.Select(e => e.ContentHash).Order().ToList();

        for (var cut = 0; cut <= AFile.Length; cut++)
        {
            // The first `cut` lines were appended before the process died; the file is then run again, later.
            var appended = whole.ToAppend.Take(cut).ToList();
            var partial = LedgerSnapshot.Empty with
            {
                Entries = appended,
                KnownContent = appended.Select(e => e.ContentHash).ToHashSet(),
                ConductContent = appended.OfType<EthicsLedger.Entries.ConductObserved>().ToDictionary(c => c.Id, c => c.ContentHash),
            };

            var rerun = ImportRules.Check(TestLedger.Parse(AFile), partial, TestLedger.Now.AddHours(1));

            rerun.Errors.ShouldBeEmpty($"cut after {cut} lines: {string.Join("; ", rerun.Errors)}");
            rerun.AlreadyInLedger.ShouldBe(cut);
            appended.Concat(rerun.ToAppend).Select(e => e.ContentHash).Order().ToList().ShouldBe(oneRun, $"cut after {cut} lines");
        }
    }

    // ---- set aside before any other check ----

    [Fact]
    public void a_recorded_made_repeated_is_not_refused_as_already_made()
    {
        var ledger = Recorded(Org(), Made("c1"));
        var plan = TestLedger.Check(ledger, Org(), Made("c1"), Amended("c1", "2021-01-01", statement: "We will never."));
        plan.ShouldBeAccepted(1);
        plan.AlreadyInLedger.ShouldBe(2);
    }

    [Fact]
    public void a_recorded_ending_repeated_is_not_refused_as_a_second_ending()
    {
        var ledger = Recorded(Org(), Made("c1"), Withdrawn("c1", "2021-01-01"));
        var plan = TestLedger.Check(ledger, Withdrawn("c1", "2021-01-01"), Confirmed("c1", "withdrawn-early", "2021-01-02"));
        plan.ShouldBeAccepted(1);
        plan.AlreadyInLedger.ShouldBe(1);
    }

    [Fact]
    public void a_recorded_line_is_set_aside_even_where_it_would_now_break_a_rule()
    {
        // Checked with a clock before the recorded entry's date: as a new line it would be "later than today".
        var ledger = TestLedger.Import(Org(), Made("c1"), Attested("c1", "2026-11-27"));
        var earlier = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        var plan = ImportRules.Check(TestLedger.Parse(Attested("c1", "2026-11-27")), ledger, earlier);

        plan.ShouldBeAccepted(0);
        plan.AlreadyInLedger.ShouldBe(1);
    }

    [Fact]
    public void a_repeated_violation_line_is_not_refused_as_an_id_already_used()
    {
        var plan = TestLedger.Check(null, Org(), Made("c1"), Violation("c1", "v-1", "2021-01-01"), Violation("c1", "v-1", "2021-01-01"));
        plan.ShouldBeAccepted(3);
        plan.AlreadyInLedger.ShouldBe(1);
    }

    [Fact]
    public void a_repeated_conduct_line_is_not_refused_as_an_id_already_used()
    {
        var plan = TestLedger.Check(null, Org(), Conduct("k-1", "2021-01-01"), Conduct("k-1", "2021-01-01"));
        plan.ShouldBeAccepted(2);
        plan.AlreadyInLedger.ShouldBe(1);
    }

    [Fact]
    public void a_repeated_wrong_line_is_reported_once()
    {
        var plan = TestLedger.Check(null, Org(), Made("c1", org: "ghost"), Made("c1", org: "ghost"));
        plan.ShouldRefuseOnly(2, "ghost");
    }

    [Fact]
    public void a_repeated_conflicting_conduct_is_reported_once()
    {
        var ledger = Recorded(Org(), Conduct("k-1", "2021-01-01", activity: "sell"));
        var plan = TestLedger.Check(ledger, Conduct("k-1", "2021-01-01", activity: "build"), Conduct("k-1", "2021-01-01", activity: "build"));
        plan.ShouldRefuseOnly(1, "k-1");
    }

    [Fact]
    public void a_repeated_second_ending_is_reported_once()
    {
        var plan = TestLedger.Check(null, Org(), Made("c1"), Withdrawn("c1", "2021-01-01"), Fulfilled("c1", "2021-02-01"), Fulfilled("c1", "2021-02-01"));
        plan.ShouldRefuseOnly(4, "c1");
    }
}
