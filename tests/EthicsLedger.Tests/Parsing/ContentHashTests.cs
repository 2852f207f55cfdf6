using System.Text.Json;
using EthicsLedger.Tests.Support;
using static EthicsLedger.Tests.Parsing.Parsed;

namespace EthicsLedger.Tests.Parsing;

/// <summary>
/// "Content is the whole parsed object, source included, ignoring key order and white space":
/// Entry.ContentHash is equal for two spellings of the same content and different for any other content.
/// </summary>
public class ContentHashTests
{
    static string Hash(string line) => Accepted(line).ContentHash;

    static void ShouldHashAlike(string a, string b)
    {
        Hash(a).ShouldNotBeNullOrWhiteSpace();
        Hash(a).ShouldBe(Hash(b), $"{a}\n{b}");
    }

    static void ShouldHashApart(string a, string b) => Hash(a).ShouldNotBe(Hash(b), $"{a}\n{b}");

    /// <summary>The same object, keys in reverse order at every level.</summary>
    static string Reversed(string line)
    {
        using var document = JsonDocument.Parse(line);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer)) WriteReversed(document.RootElement, writer);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    static void WriteReversed(JsonElement element, Utf8JsonWriter writer)
    {
        if (element.ValueKind != JsonValueKind.Object) { element.WriteTo(writer); return; }
        writer.WriteStartObject();
        foreach (var property in element.EnumerateObject().Reverse())
        {
            writer.WritePropertyName(property.Name);
            WriteReversed(property.Value, writer);
        }
        writer.WriteEndObject();
    }

    /// <summary>The same object, spread out with white space between every token.</summary>
    static string Spaced(string line) =>
        JsonSerializer.Serialize(JsonDocument.Parse(line).RootElement, new JsonSerializerOptions { WriteIndented = true, IndentCharacter = '\t', IndentSize = 1 })
            .Replace("\r\n", " ").Replace("\n", " ");

    public static TheoryData<string> Types() => EntryTable.Types();

    [Theory, MemberData(nameof(Types))]
    public void key_order_does_not_change_the_hash_at_any_level(string type)
    {
        var line = EntryTable.Full(type);
        Reversed(line).ShouldNotBe(line);
        ShouldHashAlike(line, Reversed(line));
    }

    [Theory, MemberData(nameof(Types))]
    public void white_space_between_tokens_does_not_change_the_hash(string type)
    {
        var line = EntryTable.Full(type);
        var spaced = Spaced(line);
        spaced.ShouldNotBe(line);
        ShouldHashAlike(line, spaced);
        ShouldHashAlike(line, "  " + line + "\t ");
    }

    [Fact]
    public void string_escapes_do_not_change_the_hash()
    {
        var line = """{"type":"organization.registered","org":"acme","name":"Acme Inc.","aliases":["Acmé"]}""";
        ShouldHashAlike(line, """{"type":"organization.registered","org":"\u0061cme","name":"Acme Inc.","aliases":["Acm\u00e9"]}""");
        ShouldHashAlike(line, """{"type":"organization.registered","org":"acme","name":"Acme Inc\u002e","aliases":["Acm\u00E9"]}""");
        ShouldHashAlike(line, """{"\u0074ype":"organization.registered","o\u0072g":"acme","name":"Acme Inc.","aliases":["Acmé"]}""");
    }

    [Fact]
    public void an_escaped_slash_in_a_url_does_not_change_the_hash() =>
        ShouldHashAlike(
            """{"type":"commitment.withdrawn","commitment":"c1","on":"2023-01-01","source":{"url":"https://example.org/source"}}""",
            """{"type":"commitment.withdrawn","commitment":"c1","on":"2023-01-01","source":{"url":"https:\/\/example.org\/source"}}""");

    [Fact]
    public void the_line_number_does_not_change_the_hash()
    {
        var line = EntryTable.Full("commitment.made");
        var lines = TestLedger.Parse(EntryTable.Full("organization.registered"), "", line, line);
        lines.Select(l => l.Read()!.ContentHash).Skip(1).Distinct().Count().ShouldBe(1);
        lines[1].Read()!.ContentHash.ShouldBe(Hash(line));
    }

    /// <summary>Another valid value for the string at this path.</summary>
    static string Another(EntryShape shape, string path) => Leaf(path) switch
    {
        "type" => throw new ArgumentException("type"),
        "on" or "from" or "until" or "due" or "published" => "2019-01-02",
        "url" => "https://example.org/another",
        "kind" when path == "kind" => "pledge",
        "kind" => "ngo",
        "verdict" => "broken",
        _ when shape.SlugPaths.Contains(path) => "another",
        _ => "Another text.",
    };

    public static TheoryData<string, string> EveryValue() => EntryTable.Rows(
        EntryTable.All.SelectMany(s => s.StringPaths.Where(p => p != "type").Select(p => (s.Type, p))));

    [Theory, MemberData(nameof(EveryValue))]
    public void changing_any_value_changes_the_hash(string type, string path)
    {
        var shape = EntryTable.Get(type);
        var changed = JsonEdit.SetText(shape.Full, path, Another(shape, path));
        changed.ShouldNotBe(shape.Full);
        ShouldHashApart(shape.Full, changed);
    }

    public static TheoryData<string, string> EveryOptionalField() => EntryTable.Rows(
        EntryTable.All.SelectMany(s => JsonEdit.FieldPaths(s.Full)
            .Where(p => p != "type" && !s.Required.Contains(p) && p != "source.url")
            .Select(p => (s.Type, p))));

    [Theory, MemberData(nameof(EveryOptionalField))]
    public void adding_an_optional_field_changes_the_hash(string type, string path)
    {
        var full = EntryTable.Full(type);
        ShouldHashApart(JsonEdit.Remove(full, path), full);
    }

    [Theory]
    [InlineData("organization.registered", "aliases")]
    [InlineData("commitment.made", "scope.activities")]
    [InlineData("commitment.made", "scope.counterparties")]
    [InlineData("commitment.made", "scope.regions")]
    [InlineData("commitment.amended", "scope.exceptions")]
    public void an_empty_list_and_a_missing_list_hash_apart(string type, string path)
    {
        var full = EntryTable.Full(type);
        ShouldHashApart(JsonEdit.Set(full, path, "[]"), JsonEdit.Remove(full, path));
    }

    [Theory]
    [InlineData("commitment.made", "scope")]
    [InlineData("commitment.amended", "scope")]
    [InlineData("commitment.amended", "term")]
    [InlineData("organization.registered", "identifiers")]
    public void an_empty_object_and_a_missing_object_hash_apart(string type, string path)
    {
        var full = EntryTable.Full(type);
        ShouldHashApart(JsonEdit.Set(full, path, "{}"), JsonEdit.Remove(full, path));
    }

    [Theory]
    [InlineData("term.until")]
    [InlineData("term.condition")]
    [InlineData("term.due")]
    public void a_term_field_named_as_null_and_one_not_named_hash_apart(string path)
    {
        var amended = EntryTable.Full("commitment.amended");
        ShouldHashApart(JsonEdit.Set(amended, path, "null"), JsonEdit.Remove(amended, path));
    }

    [Fact]
    public void list_order_changes_the_hash()
    {
        var made = EntryTable.Full("commitment.made");
        ShouldHashApart(
            JsonEdit.Set(made, "scope.activities", """["sell","license"]"""),
            JsonEdit.Set(made, "scope.activities", """["license","sell"]"""));
    }

    [Fact]
    public void white_space_and_case_inside_a_string_change_the_hash()
    {
        var made = EntryTable.Full("commitment.made");
        ShouldHashApart(made, JsonEdit.SetText(made, "statement", "We will not sell it to the  police."));
        ShouldHashApart(made, JsonEdit.SetText(made, "statement", "We will not sell it to the police. "));
        ShouldHashApart(made, JsonEdit.SetText(made, "statement", "we will not sell it to the police."));
    }

    [Fact]
    public void the_type_is_part_of_the_content() =>
        ShouldHashApart(
            JsonEdit.SetText(EntryTable.Full("commitment.fulfilled"), "note", "Done."),
            JsonEdit.SetText(JsonEdit.SetText(EntryTable.Full("commitment.fulfilled"), "note", "Done."), "type", "commitment.condition-met"));

    [Fact]
    public void the_source_is_part_of_the_content()
    {
        var confirmed = EntryTable.Full("flag.confirmed");
        ShouldHashApart(confirmed, JsonEdit.Remove(confirmed, "source"));
        ShouldHashApart(confirmed, JsonEdit.SetText(confirmed, "source.quote", "Another quote."));
    }

    [Theory, MemberData(nameof(Types))]
    public void every_entry_gets_a_hash(string type)
    {
        Hash(EntryTable.Full(type)).ShouldNotBeNullOrWhiteSpace();
        Hash(EntryTable.Get(type).Minimal).ShouldNotBe(Hash(EntryTable.Full(type)));
    }
}
