using System.Text.Json;
using static EthicsLedger.Tests.Parsing.Parsed;

namespace EthicsLedger.Tests.Parsing;

/// <summary>"A mistyped field is wrong": a number, boolean, list or object where a string belongs, and so on, at every level.</summary>
public class FieldTypeTests
{
    static readonly string[] NotAString = ["1", "0", "true", "[]", """["x"]""", "{}", """{"x":"y"}"""];
    static readonly string[] NotAList = ["\"x\"", "1", "true", "{}", """{"0":"x"}"""];
    static readonly string[] NotAnObject = ["\"x\"", "1", "true", "[]", "[{}]"];

    static string[] WrongFor(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => NotAString,
        JsonValueKind.Array => NotAList,
        JsonValueKind.Object => NotAnObject,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static TheoryData<string, string, string> EveryFieldWithEveryWrongType() => EntryTable.Rows(
        EntryTable.All.SelectMany(s => JsonEdit.Paths(s.Full).SelectMany(p => WrongFor(p.Kind).Select(json => (s.Type, p.Path, json)))));

    [Theory, MemberData(nameof(EveryFieldWithEveryWrongType))]
    public void a_value_of_the_wrong_json_type_is_refused_and_the_reason_names_the_field(string type, string path, string json) =>
        Refused(JsonEdit.Set(EntryTable.Full(type), path, json)).ShouldName(Leaf(path));

    [Fact]
    public void a_list_of_one_string_is_not_a_string()
    {
        var made = EntryTable.Full("commitment.made");
        Refused(JsonEdit.Set(made, "org", """["acme"]""")).ShouldName("org");
        Refused(JsonEdit.Set(made, "on", """["2020-06-10"]""")).ShouldName("on");
    }

    [Fact]
    public void a_string_is_not_a_list_of_one()
    {
        var made = EntryTable.Full("commitment.made");
        Refused(JsonEdit.Set(made, "scope.activities", "\"sell\"")).ShouldName("activities");
        Refused(JsonEdit.Set(EntryTable.Full("organization.registered"), "aliases", "\"Acme\"")).ShouldName("aliases");
    }

    [Fact]
    public void an_empty_list_is_accepted_where_a_list_belongs()
    {
        Accepted(JsonEdit.Set(EntryTable.Full("organization.registered"), "aliases", "[]"));
        Accepted(JsonEdit.Set(EntryTable.Full("commitment.made"), "scope.activities", "[]"));
    }
}
