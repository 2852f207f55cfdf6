using EthicsLedger.Entries;
using static EthicsLedger.Tests.Parsing.Parsed;

namespace EthicsLedger.Tests.Parsing;

/// <summary>
/// "a given term changes the fields it names (null clears until, condition, due) and keeps the
/// others": the parsed term must tell "not named" from "named as null" from "named with a value".
/// </summary>
public class TermPatchTests
{
    static TermPatch? TermOf(string type, string termJson)
    {
        var line = JsonEdit.Set(EntryTable.Full(type), "term", termJson);
        return Accepted(line) switch
        {
            CommitmentMade m => m.Term,
            CommitmentAmended a => a.Term,
            var other => throw new InvalidOperationException(other.Type),
        };
    }

    [Theory]
    [InlineData("commitment.made")]
    [InlineData("commitment.amended")]
    public void a_term_naming_until_as_null_clears_it(string type)
    {
        var term = TermOf(type, """{"until":null}""").ShouldNotBeNull();
        term.NamesUntil.ShouldBeTrue();
        term.Until.ShouldBeNull();
        term.NamesCondition.ShouldBeFalse();
        term.NamesDue.ShouldBeFalse();
        term.From.ShouldBeNull();
    }

    [Theory]
    [InlineData("commitment.made")]
    [InlineData("commitment.amended")]
    public void a_term_not_naming_until_keeps_it(string type)
    {
        var term = TermOf(type, """{"from":"2020-07-01"}""").ShouldNotBeNull();
        term.NamesUntil.ShouldBeFalse();
        term.NamesCondition.ShouldBeFalse();
        term.NamesDue.ShouldBeFalse();
        term.From.ShouldBe(new DateOnly(2020, 7, 1));
    }

    [Theory]
    [InlineData("commitment.made")]
    [InlineData("commitment.amended")]
    public void a_term_naming_until_with_a_date_sets_it(string type)
    {
        var term = TermOf(type, """{"until":"2021-06-10"}""").ShouldNotBeNull();
        term.NamesUntil.ShouldBeTrue();
        term.Until.ShouldBe(new DateOnly(2021, 6, 10));
    }

    [Theory]
    [InlineData("commitment.made")]
    [InlineData("commitment.amended")]
    public void condition_and_due_are_named_null_or_not_named_just_like_until(string type)
    {
        var cleared = TermOf(type, """{"condition":null,"due":null}""").ShouldNotBeNull();
        cleared.NamesCondition.ShouldBeTrue();
        cleared.Condition.ShouldBeNull();
        cleared.NamesDue.ShouldBeTrue();
        cleared.Due.ShouldBeNull();
        cleared.NamesUntil.ShouldBeFalse();

        var set = TermOf(type, """{"condition":"A law passes.","due":"2022-01-01"}""").ShouldNotBeNull();
        set.NamesCondition.ShouldBeTrue();
        set.Condition.ShouldBe("A law passes.");
        set.NamesDue.ShouldBeTrue();
        set.Due.ShouldBe(new DateOnly(2022, 1, 1));
        set.NamesUntil.ShouldBeFalse();
    }

    [Fact]
    public void a_full_term_is_read_field_by_field()
    {
        var term = TermOf("commitment.amended", EntryTable.Term).ShouldNotBeNull();
        term.From.ShouldBe(new DateOnly(2020, 6, 10));
        (term.NamesUntil, term.Until).ShouldBe((true, new DateOnly(2021, 6, 10)));
        (term.NamesCondition, term.Condition).ShouldBe((true, "A federal law grounded in human rights is in effect."));
        (term.NamesDue, term.Due).ShouldBe((true, new DateOnly(2021, 1, 1)));
    }

    [Fact]
    public void an_empty_term_names_nothing()
    {
        var term = TermOf("commitment.amended", "{}").ShouldNotBeNull();
        term.From.ShouldBeNull();
        term.NamesUntil.ShouldBeFalse();
        term.NamesCondition.ShouldBeFalse();
        term.NamesDue.ShouldBeFalse();
    }

    [Fact]
    public void an_amendment_without_a_term_has_none_and_one_with_a_term_has_one()
    {
        var amended = EntryTable.Full("commitment.amended");
        Accepted<CommitmentAmended>(JsonEdit.Remove(amended, "term")).Term.ShouldBeNull();
        Accepted<CommitmentAmended>(amended).Term.ShouldNotBeNull();
    }

    [Fact]
    public void an_amendment_without_a_scope_has_none_while_an_empty_scope_means_any()
    {
        var amended = EntryTable.Full("commitment.amended");
        Accepted<CommitmentAmended>(JsonEdit.Remove(amended, "scope")).Scope.ShouldBeNull();
        var any = Accepted<CommitmentAmended>(JsonEdit.Set(amended, "scope", "{}")).Scope.ShouldNotBeNull();
        any.Activities.ShouldBeEmpty();
        any.Counterparties.ShouldBeEmpty();
        any.Regions.ShouldBeEmpty();
        any.Exceptions.ShouldBeEmpty();
    }

    [Fact]
    public void a_scope_naming_one_list_leaves_the_others_empty()
    {
        var scope = Accepted<CommitmentMade>(JsonEdit.Set(EntryTable.Full("commitment.made"), "scope", """{"activities":["sell","license"],"counterparties":["us-police"]}"""))
            .Scope.ShouldNotBeNull();
        scope.Activities.ShouldBe(["sell", "license"]);
        scope.Counterparties.ShouldBe(["us-police"]);
        scope.Regions.ShouldBeEmpty();
        scope.Exceptions.ShouldBeEmpty();
    }

    [Fact]
    public void an_amendment_without_a_statement_has_none()
    {
        var amended = EntryTable.Full("commitment.amended");
        Accepted<CommitmentAmended>(JsonEdit.Remove(amended, "statement")).Statement.ShouldBeNull();
        Accepted<CommitmentAmended>(amended).Statement.ShouldBe("We still will not sell it.");
    }
}
