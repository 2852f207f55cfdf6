using System.Text.Json;

namespace EthicsLedger.Tests.Parsing;

/// <summary>
/// One row per entry type of the contract's table: a valid line naming every field the type allows
/// (including every field of source, scope, term and identifiers), the fields in bold, and the
/// paths that hold slugs. The field-rule tests are generated from it, so they cover every type.
/// </summary>
public sealed record EntryShape(string Type, string Full, IReadOnlyList<string> Required, IReadOnlyList<string> SlugPaths)
{
    /// <summary>The fields the type requires, <c>type</c> included.</summary>
    public IEnumerable<string> RequiredWithType => Required.Prepend("type");

    /// <summary>Top-level fields of <see cref="Full"/> that may be left out.</summary>
    public IEnumerable<string> Optional => TopLevel.Where(f => f != "type" && !Required.Contains(f));

    public IEnumerable<string> TopLevel => JsonEdit.FieldPaths(Full).Where(p => !p.Contains('.'));

    public bool HasSource => TopLevel.Contains("source");

    /// <summary>Only what is in bold, and a source of just its url.</summary>
    public string Minimal
    {
        get
        {
            var line = Optional.Aggregate(Full, JsonEdit.Remove);
            return Required.Contains("source") ? JsonEdit.Set(line, "source", JsonSerializer.Serialize(new { url = EntryTable.Url })) : line;
        }
    }

    /// <summary>The paths of every string value (text, slug, date, enum, url, list item).</summary>
    public IEnumerable<string> StringPaths => JsonEdit.Paths(Full).Where(p => p.Kind == JsonValueKind.String).Select(p => p.Path);

    public IEnumerable<string> DatePaths => StringPaths.Where(p => Parsed.Leaf(p) is "on" or "from" or "until" or "due" or "published");

    /// <summary>The nested objects the type allows: source, scope, term, identifiers.</summary>
    public IEnumerable<string> ObjectPaths => JsonEdit.Paths(Full).Where(p => p.Kind == JsonValueKind.Object).Select(p => p.Path);

    public override string ToString() => Type;
}

public static class EntryTable
{
    public const string Url = "https://example.org/source";

    public const string Source =
        """{"url":"https://example.org/source","title":"A title","publisher":"A publisher","published":"2020-06-01","quote":"A quote.","kind":"press"}""";

    public const string Scope =
        """{"activities":["sell"],"counterparties":["us-police"],"regions":["us"],"exceptions":["us-army"]}""";

    public const string Term =
        """{"from":"2020-06-10","until":"2021-06-10","condition":"A federal law grounded in human rights is in effect.","due":"2021-01-01"}""";

    static readonly string[] ScopeSlugs = ["scope.activities[0]", "scope.counterparties[0]", "scope.regions[0]", "scope.exceptions[0]"];

    public static readonly IReadOnlyList<EntryShape> All =
    [
        new("organization.registered",
            """{"type":"organization.registered","org":"acme","name":"Acme Inc.","aliases":["Acme","ACME Corp."],"identifiers":{"wikidata":"Q1","lei":"5493001KJTIIGC8Y1R12"}}""",
            ["org", "name"],
            ["org"]),
        new("commitment.made",
            $$"""{"type":"commitment.made","commitment":"c1","org":"acme","kind":"moratorium","topic":"facial-recognition","statement":"We will not sell it to the police.","scope":{{Scope}},"term":{{Term}},"on":"2020-06-10","source":{{Source}}}""",
            ["commitment", "org", "kind", "topic", "statement", "on", "source"],
            ["commitment", "org", "topic", .. ScopeSlugs]),
        new("commitment.amended",
            $$"""{"type":"commitment.amended","commitment":"c1","on":"2021-05-18","source":{{Source}},"reason":"Extended.","statement":"We still will not sell it.","scope":{{Scope}},"term":{{Term}}}""",
            ["commitment", "on", "source"],
            ["commitment", .. ScopeSlugs]),
        new("commitment.condition-met",
            $$"""{"type":"commitment.condition-met","commitment":"c1","on":"2023-01-01","source":{{Source}},"note":"The law passed."}""",
            ["commitment", "on", "source"],
            ["commitment"]),
        new("commitment.fulfilled",
            $$"""{"type":"commitment.fulfilled","commitment":"c1","on":"2023-01-01","source":{{Source}},"note":"Sold the last shares."}""",
            ["commitment", "on", "source"],
            ["commitment"]),
        new("commitment.withdrawn",
            $$"""{"type":"commitment.withdrawn","commitment":"c1","on":"2023-01-01","source":{{Source}},"reason":"Changed its mind."}""",
            ["commitment", "on", "source"],
            ["commitment"]),
        new("conduct.observed",
            $$"""{"type":"conduct.observed","id":"sale-2024","org":"acme","topic":"facial-recognition","activity":"sell","counterparty":"us-police","region":"us-ca","description":"Sold it to a police department.","on":"2024-01-15","source":{{Source}}}""",
            ["id", "org", "topic", "activity", "description", "on", "source"],
            ["id", "org", "topic", "activity", "counterparty", "region"]),
        new("violation.alleged",
            $$"""{"type":"violation.alleged","commitment":"c1","flag":"sale-report","allegation":"It sold it anyway.","on":"2022-01-01","source":{{Source}},"by":"Amnesty International"}""",
            ["commitment", "flag", "allegation", "on", "source"],
            ["commitment", "flag"]),
        new("flag.confirmed",
            $$"""{"type":"flag.confirmed","commitment":"c1","flag":"sale-report","by":"Independent Auditor","finding":"It did.","on":"2022-03-01","source":{{Source}}}""",
            ["commitment", "flag", "by", "finding", "on"],
            ["commitment", "flag"]),
        new("flag.dismissed",
            $$"""{"type":"flag.dismissed","commitment":"c1","flag":"sale-report","by":"Independent Auditor","reason":"It did not.","on":"2022-03-01","source":{{Source}}}""",
            ["commitment", "flag", "by", "reason", "on"],
            ["commitment", "flag"]),
        new("commitment.attested",
            $$"""{"type":"commitment.attested","commitment":"c1","by":"Independent Auditor","verdict":"kept","note":"Checked every contract.","on":"2022-06-01","source":{{Source}},"methodology":"Reviewed the contracts."}""",
            ["commitment", "by", "verdict", "note", "on"],
            ["commitment"]),
    ];

    public static EntryShape Get(string type) => All.Single(s => s.Type == type);

    public static string Full(string type) => Get(type).Full;

    /// <summary>Every top-level field name any type allows.</summary>
    public static IEnumerable<string> AllTopLevelFields => All.SelectMany(s => s.TopLevel).Distinct();

    /// <summary>Every field name allowed inside any nested object.</summary>
    public static IEnumerable<string> AllNestedFields =>
        All.SelectMany(s => JsonEdit.FieldPaths(s.Full)).Where(p => p.Contains('.')).Select(Parsed.Leaf).Distinct();

    public static TheoryData<string> Types(Func<EntryShape, bool>? where = null)
    {
        var data = new TheoryData<string>();
        foreach (var shape in All.Where(where ?? (_ => true))) data.Add(shape.Type);
        return data;
    }

    public static TheoryData<string, string> Rows(IEnumerable<(string, string)> rows)
    {
        var data = new TheoryData<string, string>();
        foreach (var (a, b) in rows.Distinct()) data.Add(a, b);
        return data;
    }

    public static TheoryData<string, string, string> Rows(IEnumerable<(string, string, string)> rows)
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (a, b, c) in rows.Distinct()) data.Add(a, b, c);
        return data;
    }
}
