using EthicsLedger.Entries;
using static EthicsLedger.Tests.Parsing.Parsed;

namespace EthicsLedger.Tests.Parsing;

/// <summary>"source is required where marked": in bold for seven types, optional for three, absent from registrations.</summary>
public class SourceTests
{
    [Theory]
    [InlineData("commitment.made")]
    [InlineData("commitment.amended")]
    [InlineData("commitment.condition-met")]
    [InlineData("commitment.fulfilled")]
    [InlineData("commitment.withdrawn")]
    [InlineData("conduct.observed")]
    [InlineData("violation.alleged")]
    public void a_source_is_required(string type)
    {
        Refused(JsonEdit.Remove(EntryTable.Full(type), "source")).ShouldName("source");
        Refused(JsonEdit.Remove(EntryTable.Get(type).Minimal, "source")).ShouldName("source");
    }

    [Theory]
    [InlineData("flag.confirmed")]
    [InlineData("flag.dismissed")]
    [InlineData("commitment.attested")]
    public void a_source_is_optional(string type)
    {
        var without = (DatedEntry)Accepted(JsonEdit.Remove(EntryTable.Full(type), "source"));
        without.Source.ShouldBeNull();
        var with = (DatedEntry)Accepted(EntryTable.Full(type));
        with.Source.ShouldNotBeNull().Url.ShouldBe(EntryTable.Url);
    }

    [Fact]
    public void a_registration_has_no_source() =>
        Refused(JsonEdit.Add(EntryTable.Full("organization.registered"), "", "source", EntryTable.Source)).ShouldName("source");

    [Fact]
    public void every_field_of_a_source_is_read()
    {
        var source = Accepted<CommitmentMade>(EntryTable.Full("commitment.made")).Source.ShouldNotBeNull();
        source.Url.ShouldBe("https://example.org/source");
        source.Title.ShouldBe("A title");
        source.Publisher.ShouldBe("A publisher");
        source.Published.ShouldBe(new DateOnly(2020, 6, 1));
        source.Quote.ShouldBe("A quote.");
        source.Kind.ShouldBe("press");
    }

    [Fact]
    public void a_source_of_only_a_url_is_read_with_nothing_else()
    {
        var source = Accepted<CommitmentWithdrawn>(EntryTable.Get("commitment.withdrawn").Minimal).Source.ShouldNotBeNull();
        source.Url.ShouldBe(EntryTable.Url);
        source.Title.ShouldBeNull();
        source.Publisher.ShouldBeNull();
        source.Published.ShouldBeNull();
        source.Quote.ShouldBeNull();
        source.Kind.ShouldBeNull();
    }

    [Theory]
    [InlineData("\"https://example.org/source\"")]
    [InlineData("""["https://example.org/source"]""")]
    [InlineData("""[{"url":"https://example.org/source"}]""")]
    public void a_source_must_be_an_object(string json) =>
        Refused(JsonEdit.Set(EntryTable.Full("commitment.made"), "source", json)).ShouldName("source");
}
