using EthicsLedger.Entries;
using static EthicsLedger.Tests.Parsing.Parsed;

namespace EthicsLedger.Tests.Parsing;

/// <summary>
/// "Identifiers — org, commitment, topic, flag, conduct id, conduct activity, counterparty and
/// region, and every value in scope — are slugs: ^[a-z0-9][a-z0-9-]{0,62}$, compared exactly."
/// </summary>
public class SlugTests
{
    public static readonly string[] BadSlugs =
    [
        "Acme", "ACME", "acMe", "-acme", "-", "ac_me", "_acme", "ac me", " acme", "acme ", "a.b", "a/b", "a:b", "a+b",
        "nestlé", "ａcme", "٣", "acme\n", "acme\t", "acme\u0000", new string('a', 64), "0" + new string('-', 63), new string('a', 100),
    ];

    public static readonly string[] GoodSlugs =
    [
        "a", "0", "0-x", "acme", "us-ca", "acme-", "a--b", "9lives", "2024-01-15", new string('a', 63), "0" + new string('-', 62),
        "a" + new string('9', 62),
    ];

    static IEnumerable<(string Type, string Path)> SlugPaths => EntryTable.All.SelectMany(s => s.SlugPaths.Select(p => (s.Type, p)));

    public static TheoryData<string, string, string> BadSlugEverywhere() => EntryTable.Rows(
        SlugPaths.SelectMany(sp => BadSlugs.Select(v => (sp.Type, sp.Path, v))));

    public static TheoryData<string, string, string> GoodSlugEverywhere() => EntryTable.Rows(
        SlugPaths.SelectMany(sp => GoodSlugs.Select(v => (sp.Type, sp.Path, v))));

    [Theory, MemberData(nameof(BadSlugEverywhere))]
    public void a_bad_slug_is_refused_and_the_reason_names_the_field(string type, string path, string slug) =>
        Refused(JsonEdit.SetText(EntryTable.Full(type), path, slug)).ShouldName(Leaf(path));

    [Theory, MemberData(nameof(GoodSlugEverywhere))]
    public void a_good_slug_is_accepted_as_written(string type, string path, string slug)
    {
        var entry = Accepted(JsonEdit.SetText(EntryTable.Full(type), path, slug));
        SlugsOf(entry).ShouldContain(slug);
    }

    [Fact]
    public void every_identifier_the_contract_names_is_covered_by_the_table()
    {
        var leaves = EntryTable.All.SelectMany(s => s.SlugPaths).Select(Leaf).Distinct().Order();
        leaves.ShouldBe(["activities", "activity", "commitment", "counterparties", "counterparty", "exceptions", "flag", "id", "org", "regions", "region", "topic"],
            ignoreOrder: true);
    }

    [Theory]
    [InlineData("organization.registered", "name")]
    [InlineData("organization.registered", "aliases[0]")]
    [InlineData("organization.registered", "identifiers.wikidata")]
    [InlineData("organization.registered", "identifiers.lei")]
    [InlineData("commitment.made", "statement")]
    [InlineData("commitment.made", "term.condition")]
    [InlineData("commitment.made", "source.title")]
    [InlineData("commitment.made", "source.publisher")]
    [InlineData("commitment.made", "source.quote")]
    [InlineData("commitment.amended", "reason")]
    [InlineData("conduct.observed", "description")]
    [InlineData("violation.alleged", "by")]
    [InlineData("violation.alleged", "allegation")]
    [InlineData("flag.confirmed", "by")]
    [InlineData("flag.confirmed", "finding")]
    [InlineData("flag.dismissed", "reason")]
    [InlineData("commitment.attested", "note")]
    [InlineData("commitment.attested", "methodology")]
    [InlineData("commitment.fulfilled", "note")]
    public void text_fields_are_not_slugs(string type, string path) =>
        Accepted(JsonEdit.SetText(EntryTable.Full(type), path, "Not_A Slug: Ünïcode & 64+ characters " + new string('x', 64)));

    /// <summary>Every slug an entry holds, wherever it holds it.</summary>
    static IEnumerable<string?> SlugsOf(Entry entry)
    {
        yield return entry.Org;
        if (entry is CommitmentEntry c) yield return c.Commitment;
        switch (entry)
        {
            case OrganizationRegistered o: yield return o.Org; break;
            case CommitmentMade m:
                yield return m.Topic;
                foreach (var s in Scoped(m.Scope)) yield return s;
                break;
            case CommitmentAmended a:
                foreach (var s in Scoped(a.Scope)) yield return s;
                break;
            case ConductObserved co:
                yield return co.Id; yield return co.Topic; yield return co.Activity; yield return co.Counterparty; yield return co.Region;
                break;
            case ViolationAlleged v: yield return v.Flag; break;
            case FindingEntry f: yield return f.Flag; break;
        }
    }

    static IEnumerable<string> Scoped(Scope? scope) => scope is null
        ? []
        : [.. scope.Activities, .. scope.Counterparties, .. scope.Regions, .. scope.Exceptions];
}
