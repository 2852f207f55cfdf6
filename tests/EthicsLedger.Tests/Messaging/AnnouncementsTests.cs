using EthicsLedger.Contracts;
using EthicsLedger.Messaging;
using EthicsLedger.Tests.Support;
using static EthicsLedger.Tests.Support.Json;

namespace EthicsLedger.Tests.Messaging;

/// <summary>What the relay tells about a commitment, as of a day: one message per fact, under a key that names only the fact.</summary>
public class AnnouncementsTests
{
    static IReadOnlyList<Announcement> Told(string asOf, params string[] lines)
    {
        var org = TestLedger.Import(lines).Organization("acme");
        return Announcements.For(org.Commitments["c1"], org.Conducts, DateOnly.Parse(asOf));
    }

    static IReadOnlyList<string> Keys(string asOf, params string[] lines) => Told(asOf, lines).Select(a => a.Message.Key).ToList();

    [Fact]
    public void a_pledge_is_told_first_and_under_a_key_that_names_only_the_commitment()
    {
        var told = Told("2020-06-01", Org(), Made(on: "2020-01-01"), Violation("c1", "v1", "2020-02-01"));
        var pledge = told[0].Message.ShouldBeOfType<PledgeMade>();
        pledge.Key.ShouldBe("pledge-made/c1");
        pledge.On.ShouldBe(new DateOnly(2020, 1, 1));
        pledge.Source.ShouldBe(Url);
        told.Select(a => a.Message.Key).ShouldBeUnique();
    }

    [Fact]
    public void nothing_is_told_about_a_commitment_before_it_is_made() =>
        Keys("2019-12-31", Org(), Made(on: "2020-01-01")).ShouldBeEmpty();

    [Fact]
    public void a_lapse_is_told_from_its_until_date_on_and_not_the_day_before()
    {
        string[] lines = [Org(), Made(on: "2020-01-01", term: new { until = "2021-01-01" })];
        Keys("2020-12-31", lines).ShouldNotContain(k => k.StartsWith("commitment-lapsed/"));
        var lapse = Told("2021-01-01", lines).Select(a => a.Message).OfType<CommitmentLapsed>().ShouldHaveSingleItem();
        lapse.Key.ShouldBe("commitment-lapsed/c1/2021-01-01");
        lapse.Until.ShouldBe(new DateOnly(2021, 1, 1));
    }

    [Fact]
    public void no_lapse_is_told_when_an_amendment_extended_or_an_ending_came_first()
    {
        Keys("2022-01-01", Org(), Made(on: "2020-01-01", term: new { until = "2021-01-01" }), Amended("c1", "2020-06-01", term: new { until = (string?)null }))
            .ShouldNotContain(k => k.StartsWith("commitment-lapsed/"));
        Keys("2022-01-01", Org(), Made(on: "2020-01-01", term: new { until = "2021-01-01" }), Fulfilled("c1", "2020-06-01"))
            .ShouldNotContain(k => k.StartsWith("commitment-lapsed/"));
    }

    [Fact]
    public void a_missed_deadline_is_told_on_the_due_date_unless_fulfilled_before_it()
    {
        string[] lines = [Org(), Made(on: "2020-01-01", kind: "divestment", term: new { due = "2020-12-31" })];
        Keys("2020-12-30", lines).ShouldNotContain("deadline-missed/c1");
        Told("2020-12-31", lines).Select(a => a.Message).OfType<DeadlineMissed>().ShouldHaveSingleItem().Due.ShouldBe(new DateOnly(2020, 12, 31));
        Keys("2021-06-01", [.. lines, Fulfilled("c1", "2020-12-30")]).ShouldNotContain("deadline-missed/c1");
        // The deadline-missed flag has its own message and is not told again as a raised flag.
        Keys("2021-06-01", lines).ShouldNotContain(k => k.StartsWith("flag-raised/"));
    }

    [Fact]
    public void an_ending_is_told_with_its_status_and_a_withdrawal_also_raises_its_flag()
    {
        var told = Told("2021-01-01", Org(), Made(on: "2020-01-01"), Withdrawn("c1", "2020-06-01")).Select(a => a.Message).ToList();
        told.OfType<CommitmentEnded>().ShouldHaveSingleItem().Status.ShouldBe("withdrawn");
        var flag = told.OfType<FlagRaised>().ShouldHaveSingleItem();
        (flag.Flag, flag.FlagKind, flag.State).ShouldBe(("withdrawn-early", "withdrawn-early", "confirmed"));
    }

    [Fact]
    public void a_violation_and_a_matching_conduct_raise_flags_and_findings_resolve_them()
    {
        var told = Told("2021-01-01", Org(), Made(on: "2020-01-01"), Violation("c1", "v1", "2020-02-01"),
            Conduct("k1", "2020-03-01"), Dismissed("c1", "v1", "2020-04-01")).Select(a => a.Message).ToList();
        told.OfType<FlagRaised>().Select(f => (f.Flag, f.FlagKind, f.State))
            .ShouldBe([("v1", "violation", "alleged"), ("k1", "contradicting-conduct", "alleged")]);
        var resolved = told.OfType<FlagResolved>().ShouldHaveSingleItem();
        (resolved.Flag, resolved.FlagKind, resolved.State).ShouldBe(("v1", "violation", "dismissed"));
    }

    [Fact]
    public void a_conduct_outside_the_scope_or_before_the_term_raises_nothing()
    {
        Keys("2021-01-01", Org(), Made(on: "2020-01-01", scope: new { activities = new[] { "sell" } }), Conduct("k1", "2020-03-01", activity: "research"))
            .ShouldNotContain(k => k.StartsWith("flag-raised/"));
        Keys("2021-01-01", Org(), Made(on: "2020-01-01"), Conduct("k1", "2019-03-01"))
            .ShouldNotContain(k => k.StartsWith("flag-raised/"));
    }

    [Fact]
    public void every_message_rests_on_the_pledge_and_on_the_entry_that_says_it()
    {
        var told = Told("2021-01-01", Org(), Made(on: "2020-01-01"), Amended("c1", "2020-02-01", statement: "Changed."), Conduct("k1", "2020-03-01"));
        told.ShouldAllBe(a => a.RestsOn.Any(e => e.Type == "commitment.made"));
        told.Single(a => a.Message is CommitmentAmended).RestsOn.Select(e => e.Type).ShouldContain("commitment.amended");
        told.Single(a => a.Message is FlagRaised).RestsOn.Select(e => e.Type).ShouldContain("conduct.observed");
    }

    [Fact]
    public void the_same_ledger_tells_the_same_keys_each_time_and_later_days_only_add_to_them()
    {
        string[] lines = [Org(), Made(on: "2020-01-01", term: new { until = "2021-01-01", due = "2020-12-01" }), Conduct("k1", "2020-03-01"), Amended("c1", "2020-05-01", statement: "Changed.")];
        Keys("2020-06-01", lines).ShouldBe(Keys("2020-06-01", lines));
        Keys("2021-06-01", lines).ShouldBeSubsetOf(Keys("2022-06-01", lines));
        Keys("2020-06-01", lines).ShouldBeSubsetOf(Keys("2021-06-01", lines));
    }

    [Fact]
    public void the_wire_body_is_camel_case_with_plain_dates_and_the_type_is_a_stable_versioned_name()
    {
        var pledge = Told("2020-06-01", Org(), Made(on: "2020-01-01", term: new { until = "2021-01-01" }))[0].Message;
        var body = MessageJson.Serialize(pledge with { Position = new LedgerPosition("commitment:c1", 1, 42) });
        body.ShouldContain("\"key\":\"pledge-made/c1\"");
        body.ShouldContain("\"on\":\"2020-01-01\"");
        body.ShouldContain("\"term\":{\"from\":\"2020-01-01\",\"until\":\"2021-01-01\",\"condition\":null,\"due\":null}");
        body.ShouldContain("\"position\":{\"stream\":\"commitment:c1\",\"version\":1,\"sequence\":42}");
        MessageJson.TypeName(typeof(PledgeMade)).ShouldBe("ethicsledger.pledge-made.v1");
        MessageJson.TypeFor("ethicsledger.flag-raised.v1").ShouldBe(typeof(FlagRaised));
    }

    [Fact]
    public void handled_messages_recognise_a_redelivery_by_its_key()
    {
        var handled = new HandledMessages();
        var pledge = Told("2020-06-01", Org(), Made(on: "2020-01-01"))[0].Message;
        handled.FirstTime(pledge).ShouldBeTrue();
        handled.FirstTime(pledge with { Position = new LedgerPosition("x", 9, 99) }).ShouldBeFalse();
        new HandledMessages(handled.Keys).FirstTime(pledge).ShouldBeFalse();
    }
}
