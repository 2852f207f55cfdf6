using static EthicsLedger.Tests.Parsing.Parsed;

namespace EthicsLedger.Tests.Parsing;

/// <summary>"Unknown fields are wrong at every level (in source, scope, term, identifiers too: they are usually typos)."</summary>
public class UnknownFieldTests
{
    /// <summary>Names no type allows, names the ledger sets itself, and near-misses of real names.</summary>
    static readonly string[] Strangers = ["extra", "notes", "Org", "TYPE", "recorded", "contentHash", "line", "$schema", "", " org"];

    public static TheoryData<string, string> UnknownTopLevelFields() => EntryTable.Rows(
        EntryTable.All.SelectMany(s => Strangers
            .Concat(EntryTable.AllTopLevelFields.Except(s.TopLevel))   // fields of other types
            .Concat(EntryTable.AllNestedFields.Except(s.TopLevel))     // fields that belong one level down
            .Select(f => (s.Type, f))));

    public static TheoryData<string, string, string> UnknownNestedFields() => EntryTable.Rows(
        EntryTable.All.SelectMany(s => s.ObjectPaths.SelectMany(o =>
        {
            var allowed = JsonEdit.FieldPaths(s.Full).Where(p => p.StartsWith(o + ".")).Select(Leaf).ToList();
            return new[] { "extra", "type", allowed[0].ToUpperInvariant(), allowed[0] + "s" }
                .Concat(EntryTable.AllNestedFields.Except(allowed))   // a field of a sibling object
                .Select(f => (s.Type, o, f));
        })));

    [Theory, MemberData(nameof(UnknownTopLevelFields))]
    public void an_unknown_field_is_refused_and_the_reason_names_it(string type, string field)
    {
        var reason = Refused(JsonEdit.Add(EntryTable.Full(type), "", field, "\"x\""));
        if (field.Trim().Length > 0) reason.ShouldName(field.Trim());
    }

    [Theory, MemberData(nameof(UnknownNestedFields))]
    public void an_unknown_field_inside_source_scope_term_or_identifiers_is_refused_and_the_reason_names_it(string type, string objectPath, string field) =>
        Refused(JsonEdit.Add(EntryTable.Full(type), objectPath, field, "\"x\"")).ShouldName(field);

    [Theory, MemberData(nameof(UnknownNestedFields))]
    public void an_unknown_nested_field_is_refused_even_in_an_otherwise_minimal_object(string type, string objectPath, string field) =>
        Refused(JsonEdit.Set(EntryTable.Full(type), objectPath, ObjectWith(objectPath, field))).ShouldName(field);

    static string ObjectWith(string objectPath, string field) => objectPath == "source"
        ? $$"""{"url":"{{EntryTable.Url}}","{{field}}":"x"}"""
        : $$"""{"{{field}}":"x"}""";

    [Fact]
    public void field_names_are_compared_exactly()
    {
        var org = EntryTable.Full("organization.registered");
        Refused(JsonEdit.Add(JsonEdit.Remove(org, "name"), "", "Name", "\"Acme Inc.\""));
        Refused(JsonEdit.Add(JsonEdit.Remove(org, "name"), "", "name ", "\"Acme Inc.\""));
    }

    [Fact]
    public void an_amendment_cannot_change_what_only_the_made_entry_says() =>
        Refused(JsonEdit.Add(EntryTable.Full("commitment.amended"), "", "kind", "\"pledge\"")).ShouldName("kind");
}
