using EthicsLedger.Entries;
using static EthicsLedger.Tests.Parsing.Parsed;

namespace EthicsLedger.Tests.Parsing;

/// <summary>The closed lists: commitment kind, source kind and attestation verdict.</summary>
public class EnumTests
{
    static readonly string Made = EntryTable.Full("commitment.made");
    static readonly string Attested = EntryTable.Full("commitment.attested");

    [Theory]
    [InlineData("pledge")]
    [InlineData("moratorium")]
    [InlineData("divestment")]
    [InlineData("exit")]
    [InlineData("policy")]
    public void every_commitment_kind_is_accepted(string kind) =>
        Accepted<CommitmentMade>(JsonEdit.SetText(Made, "kind", kind)).Kind.ShouldBe(kind);

    [Theory]
    [InlineData("Pledge")]
    [InlineData("PLEDGE")]
    [InlineData("pledges")]
    [InlineData("promise")]
    [InlineData("other")]
    [InlineData("ban")]
    [InlineData(" pledge")]
    [InlineData("moratorium ")]
    [InlineData("pledge,exit")]
    public void any_other_commitment_kind_is_refused(string kind) =>
        Refused(JsonEdit.SetText(Made, "kind", kind)).ShouldName("kind");

    public static readonly string[] SourceKinds = ["self-declaration", "press", "regulator", "ngo", "court", "audit", "other"];
    public static readonly string[] BadSourceKinds = ["Press", "PRESS", "NGO", "blog", "self declaration", "selfdeclaration", "self_declaration", "press ", "auditor", "pledge"];

    public static TheoryData<string, string> SourceKindForEveryType() => EntryTable.Rows(
        EntryTable.All.Where(s => s.HasSource).SelectMany(s => SourceKinds.Select(k => (s.Type, k))));

    public static TheoryData<string, string> BadSourceKindForEveryType() => EntryTable.Rows(
        EntryTable.All.Where(s => s.HasSource).SelectMany(s => BadSourceKinds.Select(k => (s.Type, k))));

    [Theory, MemberData(nameof(SourceKindForEveryType))]
    public void every_source_kind_is_accepted(string type, string kind) =>
        ((DatedEntry)Accepted(JsonEdit.SetText(EntryTable.Full(type), "source.kind", kind))).Source!.Kind.ShouldBe(kind);

    [Theory, MemberData(nameof(BadSourceKindForEveryType))]
    public void any_other_source_kind_is_refused(string type, string kind) =>
        Refused(JsonEdit.SetText(EntryTable.Full(type), "source.kind", kind)).ShouldName("kind");

    [Theory]
    [InlineData("kept")]
    [InlineData("broken")]
    [InlineData("inconclusive")]
    public void every_verdict_is_accepted(string verdict) =>
        Accepted<CommitmentAttested>(JsonEdit.SetText(Attested, "verdict", verdict)).Verdict.ShouldBe(verdict);

    [Theory]
    [InlineData("Kept")]
    [InlineData("KEPT")]
    [InlineData("failed")]
    [InlineData("unknown")]
    [InlineData("in-force")]
    [InlineData("confirmed")]
    [InlineData("broken ")]
    public void any_other_verdict_is_refused(string verdict) =>
        Refused(JsonEdit.SetText(Attested, "verdict", verdict)).ShouldName("verdict");

    [Fact]
    public void a_commitment_kind_is_not_a_source_kind_and_the_other_way_round()
    {
        Refused(JsonEdit.SetText(Made, "kind", "press")).ShouldName("kind");
        Refused(JsonEdit.SetText(Made, "source.kind", "moratorium")).ShouldName("kind");
        Refused(JsonEdit.SetText(Attested, "verdict", "pledge")).ShouldName("verdict");
    }
}
