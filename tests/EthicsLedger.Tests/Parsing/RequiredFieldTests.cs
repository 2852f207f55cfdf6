using EthicsLedger.Entries;
using static EthicsLedger.Tests.Parsing.Parsed;

namespace EthicsLedger.Tests.Parsing;

/// <summary>"Entry types": the fields in bold are required, the others may be left out.</summary>
public class RequiredFieldTests
{
    public static TheoryData<string> Types() => EntryTable.Types();

    public static TheoryData<string, string> RequiredFields() => EntryTable.Rows(
        EntryTable.All.SelectMany(s => s.RequiredWithType.Select(f => (s.Type, f))));

    public static TheoryData<string, string> OptionalFields() => EntryTable.Rows(
        EntryTable.All.SelectMany(s => JsonEdit.FieldPaths(s.Full)
            .Where(p => p != "type" && !s.Required.Contains(p) && p != "source.url")
            .Select(p => (s.Type, p))));

    public static TheoryData<string> TypesWithSource() => EntryTable.Types(s => s.HasSource);

    [Theory, MemberData(nameof(Types))]
    public void every_entry_type_is_accepted_with_every_field_it_allows(string type)
    {
        var entry = Accepted(EntryTable.Full(type));
        entry.ShouldBeOfType(EntryTypes.ClrTypes[type]);
        entry.Type.ShouldBe(type);
    }

    [Theory, MemberData(nameof(Types))]
    public void every_entry_type_is_accepted_with_only_its_required_fields(string type)
    {
        var entry = Accepted(EntryTable.Get(type).Minimal);
        entry.ShouldBeOfType(EntryTypes.ClrTypes[type]);
    }

    [Theory, MemberData(nameof(RequiredFields))]
    public void a_line_without_a_required_field_is_refused_and_the_reason_names_the_field(string type, string field)
    {
        var shape = EntryTable.Get(type);
        Refused(JsonEdit.Remove(shape.Full, field)).ShouldName(field);
        Refused(JsonEdit.Remove(shape.Minimal, field)).ShouldName(field);
    }

    [Theory, MemberData(nameof(TypesWithSource))]
    public void a_source_without_its_url_is_refused_and_the_reason_names_the_url(string type)
    {
        var shape = EntryTable.Get(type);
        Refused(JsonEdit.Remove(shape.Full, "source.url")).ShouldName("url");
        Refused(JsonEdit.Set(shape.Full, "source", "{}")).ShouldName("url");
    }

    [Theory, MemberData(nameof(OptionalFields))]
    public void a_line_without_an_optional_field_is_accepted(string type, string path) =>
        Accepted(JsonEdit.Remove(EntryTable.Full(type), path)).Type.ShouldBe(type);

    [Theory, MemberData(nameof(Types))]
    public void a_line_of_only_a_type_is_refused(string type) =>
        Refused($$"""{"type":"{{type}}"}""");

    [Fact]
    public void an_empty_object_is_refused_for_want_of_a_type() => Refused("{}").ShouldName("type");
}
