using EthicsLedger.Entries;
using static EthicsLedger.Tests.Parsing.Parsed;

namespace EthicsLedger.Tests.Parsing;

/// <summary>"Dates are YYYY-MM-DD": on, term.from, term.until, term.due and source.published.</summary>
public class DateTests
{
    public static readonly string[] BadDates =
    [
        "2020-13-01", "2020-00-10", "2020-06-00", "2020-06-31", "2020-02-30", "2019-02-29", "1900-02-29",
        "2020-6-1", "2020-06-1", "2020-6-01", "20-06-01", "02020-06-01",
        "2020-06-01T00:00:00Z", "2020-06-01T00:00", "2020-06-01 00:00", "2020-06-01Z",
        "20200601", "2020/06/01", "2020.06.01", "01-06-2020", "06/01/2020", "June 1, 2020", "2020-W23", "2020-153",
        " 2020-06-01", "2020-06-01 ", "+2020-06-01", "２０２０-０６-０１", "٢٠٢٠-٠٦-٠١", "yesterday",
    ];

    /// <summary>Written as YYYY-MM-DD, but no calendar has them.</summary>
    public static readonly string[] DatesThatDoNotExist = ["2021-02-29", "2019-02-29", "1900-02-29", "2020-13-01", "2020-00-10", "2020-06-00", "2020-06-31", "0000-01-01"];

    public static readonly string[] BadlyWrittenDates = ["2020-6-1", "20200601", "2020/06/01", "June 1, 2020", "２０２０-０６-０１", "2020-06-01T00:00:00Z", " 2020-06-01"];

    public static readonly string[] GoodDates = ["2020-02-29", "2000-02-29", "2020-06-01", "1999-12-31", "2020-01-01"];

    static IEnumerable<(string Type, string Path)> DatePaths => EntryTable.All.SelectMany(s => s.DatePaths.Select(p => (s.Type, p)));

    public static TheoryData<string, string, string> BadDateEverywhere() => EntryTable.Rows(
        DatePaths.SelectMany(dp => BadDates.Select(d => (dp.Type, dp.Path, d))));

    public static TheoryData<string, string, string> GoodDateEverywhere() => EntryTable.Rows(
        DatePaths.SelectMany(dp => GoodDates.Select(d => (dp.Type, dp.Path, d))));

    public static TheoryData<string, string, string> DateThatDoesNotExistEverywhere() => EntryTable.Rows(
        DatePaths.SelectMany(dp => DatesThatDoNotExist.Select(d => (dp.Type, dp.Path, d))));

    public static TheoryData<string, string, string> BadlyWrittenDateEverywhere() => EntryTable.Rows(
        DatePaths.SelectMany(dp => BadlyWrittenDates.Select(d => (dp.Type, dp.Path, d))));

    public static TheoryData<string, string> EveryDatePath() => EntryTable.Rows(DatePaths);

    [Theory, MemberData(nameof(BadDateEverywhere))]
    public void a_bad_date_is_refused_and_the_reason_names_the_field(string type, string path, string date) =>
        Refused(JsonEdit.SetText(EntryTable.Full(type), path, date)).ShouldName(Leaf(path));

    [Theory, MemberData(nameof(DateThatDoesNotExistEverywhere))]
    public void a_well_written_date_no_calendar_has_is_told_it_does_not_exist(string type, string path, string date)
    {
        var reason = Refused(JsonEdit.SetText(EntryTable.Full(type), path, date));
        reason.ShouldName(Leaf(path));
        reason.ShouldContain($"'{date}' is not a date that exists");
        reason.ShouldNotContain("YYYY-MM-DD");
    }

    [Theory, MemberData(nameof(BadlyWrittenDateEverywhere))]
    public void a_badly_written_date_is_told_how_to_write_it(string type, string path, string date)
    {
        var reason = Refused(JsonEdit.SetText(EntryTable.Full(type), path, date));
        reason.ShouldName(Leaf(path));
        reason.ShouldContain("must be a date written YYYY-MM-DD");
        reason.ShouldNotContain("exist");
    }

    [Theory, MemberData(nameof(EveryDatePath))]
    public void a_date_written_as_a_number_is_refused(string type, string path) =>
        Refused(JsonEdit.Set(EntryTable.Full(type), path, "20200601")).ShouldName(Leaf(path));

    [Theory, MemberData(nameof(GoodDateEverywhere))]
    public void a_good_date_is_accepted_as_that_day(string type, string path, string date)
    {
        var entry = Accepted(JsonEdit.SetText(EntryTable.Full(type), path, date));
        DateAt(entry, path).ShouldBe(DateOnly.ParseExact(date, "yyyy-MM-dd"));
    }

    [Fact]
    public void every_date_field_the_contract_names_is_covered_by_the_table()
    {
        EntryTable.All.SelectMany(s => s.DatePaths).Distinct().Order()
            .ShouldBe(["on", "source.published", "term.due", "term.from", "term.until"]);
        EntryTable.All.Where(s => s.Type != "organization.registered").ShouldAllBe(s => s.DatePaths.Contains("on"));
    }

    static DateOnly? DateAt(Entry entry, string path)
    {
        var term = entry switch { CommitmentMade m => m.Term, CommitmentAmended a => a.Term, _ => null };
        return path switch
        {
            "on" => ((DatedEntry)entry).On,
            "source.published" => ((DatedEntry)entry).Source!.Published,
            "term.from" => term!.From,
            "term.until" => term!.Until,
            "term.due" => term!.Due,
            _ => throw new ArgumentOutOfRangeException(nameof(path)),
        };
    }
}
