using EthicsLedger.Entries;
using static EthicsLedger.Tests.Parsing.Parsed;

namespace EthicsLedger.Tests.Parsing;

/// <summary>"null is allowed only for until, condition and due" — in term; everywhere else it is wrong.</summary>
public class NullTests
{
    static readonly string[] Nullable = ["term.until", "term.condition", "term.due"];

    public static TheoryData<string, string> EveryOtherPath() => EntryTable.Rows(
        EntryTable.All.SelectMany(s => JsonEdit.Paths(s.Full).Where(p => !Nullable.Contains(p.Path)).Select(p => (s.Type, p.Path))));

    public static TheoryData<string, string> NullablePaths() => EntryTable.Rows(
        EntryTable.All.SelectMany(s => JsonEdit.Paths(s.Full).Where(p => Nullable.Contains(p.Path)).Select(p => (s.Type, p.Path))));

    [Theory, MemberData(nameof(EveryOtherPath))]
    public void null_is_refused_for_every_field_but_until_condition_and_due(string type, string path) =>
        Refused(JsonEdit.Set(EntryTable.Full(type), path, "null")).ShouldName(Leaf(path));

    [Theory, MemberData(nameof(NullablePaths))]
    public void null_is_accepted_for_until_condition_and_due_in_a_term(string type, string path)
    {
        var entry = Accepted(JsonEdit.Set(EntryTable.Full(type), path, "null"));
        var term = entry switch
        {
            CommitmentMade m => m.Term,
            CommitmentAmended a => a.Term,
            _ => null,
        };
        term.ShouldNotBeNull();
        switch (Leaf(path))
        {
            case "until": term.NamesUntil.ShouldBeTrue(); term.Until.ShouldBeNull(); break;
            case "condition": term.NamesCondition.ShouldBeTrue(); term.Condition.ShouldBeNull(); break;
            case "due": term.NamesDue.ShouldBeTrue(); term.Due.ShouldBeNull(); break;
        }
    }

    [Fact]
    public void the_table_has_nullable_paths_in_both_made_and_amended() =>
        NullablePaths().Count().ShouldBe(6);

    [Theory]
    [InlineData("commitment.made")]
    [InlineData("commitment.amended")]
    public void null_from_is_refused_even_though_from_is_optional(string type) =>
        Refused(JsonEdit.Set(EntryTable.Full(type), "term.from", "null")).ShouldName("from");

    [Theory]
    [InlineData("commitment.amended", "reason")]
    [InlineData("commitment.amended", "statement")]
    [InlineData("commitment.amended", "scope")]
    [InlineData("commitment.amended", "term")]
    [InlineData("commitment.fulfilled", "note")]
    [InlineData("violation.alleged", "by")]
    [InlineData("flag.confirmed", "source")]
    [InlineData("commitment.attested", "methodology")]
    [InlineData("organization.registered", "aliases")]
    [InlineData("organization.registered", "identifiers")]
    [InlineData("conduct.observed", "counterparty")]
    [InlineData("conduct.observed", "region")]
    public void null_is_not_a_way_to_leave_out_an_optional_field(string type, string field)
    {
        var full = EntryTable.Full(type);
        Accepted(JsonEdit.Remove(full, field));
        Refused(JsonEdit.Set(full, field, "null")).ShouldName(field);
    }
}
