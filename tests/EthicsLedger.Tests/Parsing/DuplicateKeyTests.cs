using static EthicsLedger.Tests.Parsing.Parsed;

namespace EthicsLedger.Tests.Parsing;

/// <summary>"…and so are duplicate keys" — at the top level and inside source, scope, term and identifiers.</summary>
public class DuplicateKeyTests
{
    public static TheoryData<string, string> EveryKey() => EntryTable.Rows(
        EntryTable.All.SelectMany(s => JsonEdit.FieldPaths(s.Full).Select(p => (s.Type, p))));

    [Theory, MemberData(nameof(EveryKey))]
    public void a_key_written_twice_with_the_same_value_is_refused_and_the_reason_names_it(string type, string path)
    {
        var line = JsonEdit.Duplicate(EntryTable.Full(type), path);
        Refused(line).ShouldName(Leaf(path));
    }

    [Theory]
    [InlineData("commitment.made", "on", "\"2020-06-11\"")]
    [InlineData("commitment.made", "org", "\"other\"")]
    [InlineData("commitment.made", "source.url", "\"https://example.org/other\"")]
    [InlineData("commitment.made", "term.until", "null")]
    [InlineData("commitment.made", "scope.activities", "[]")]
    [InlineData("organization.registered", "identifiers.lei", "\"OTHER\"")]
    [InlineData("flag.confirmed", "type", "\"flag.dismissed\"")]
    public void a_key_written_twice_with_different_values_is_refused(string type, string path, string other) =>
        Refused(JsonEdit.Duplicate(EntryTable.Full(type), path, other)).ShouldName(Leaf(path));

    [Fact]
    public void a_key_written_twice_with_different_escapes_is_still_a_duplicate()
    {
        Refused("""{"type":"organization.registered","org":"acme","\u006frg":"acme","name":"Acme Inc."}""");
        Refused("""{"type":"commitment.withdrawn","commitment":"c1","on":"2023-01-01","source":{"url":"https://example.org/a","\u0075rl":"https://example.org/a"}}""");
    }

    [Fact]
    public void the_same_key_in_different_objects_is_not_a_duplicate()
    {
        // "kind" is both a field of commitment.made and of its source.
        var made = EntryTable.Full("commitment.made");
        JsonEdit.Get(made, "kind").ShouldBe("\"moratorium\"");
        JsonEdit.Get(made, "source.kind").ShouldBe("\"press\"");
        Accepted(made);
    }
}
