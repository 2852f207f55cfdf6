using EthicsLedger.Entries;
using static EthicsLedger.Tests.Parsing.Parsed;

namespace EthicsLedger.Tests.Parsing;

/// <summary>"source … an object with url (absolute http or https, required)".</summary>
public class UrlTests
{
    public static readonly string[] BadUrls =
    [
        "/source", "source", "example.org/source", "www.example.org", "//example.org/source", "./source", "?q=1", "#top",
        "ftp://example.org/source", "mailto:press@example.org", "file:///etc/passwd", "javascript:alert(1)",
        "data:text/plain,hello", "urn:isbn:0451450523", "ws://example.org/socket", "httpx://example.org",
        "https://", "http://", "https:///source", "https:example.org/source", "http:/example.org/source",
        "https://exa mple.org/source", " https://example.org/source", "https://example.org/source ",
    ];

    public static readonly string[] GoodUrls =
    [
        "http://example.org", "https://example.org", "https://example.org/source", "http://example.org/a/b?c=d&e=f#g",
        "https://example.org:8443/x", "https://127.0.0.1/x", "https://sub.example.co.uk/path/to%20file.pdf", "HTTPS://EXAMPLE.ORG/X",
    ];

    public static TheoryData<string, string> BadUrlForEveryType() => EntryTable.Rows(
        EntryTable.All.Where(s => s.HasSource).SelectMany(s => BadUrls.Select(u => (s.Type, u))));

    public static TheoryData<string, string> GoodUrlForEveryType() => EntryTable.Rows(
        EntryTable.All.Where(s => s.HasSource).SelectMany(s => GoodUrls.Select(u => (s.Type, u))));

    [Theory, MemberData(nameof(BadUrlForEveryType))]
    public void a_url_that_is_not_absolute_http_or_https_is_refused_and_the_reason_names_the_url(string type, string url) =>
        Refused(JsonEdit.SetText(EntryTable.Full(type), "source.url", url)).ShouldName("url");

    [Theory, MemberData(nameof(GoodUrlForEveryType))]
    public void an_absolute_http_or_https_url_is_accepted_as_written(string type, string url) =>
        ((DatedEntry)Accepted(JsonEdit.SetText(EntryTable.Full(type), "source.url", url))).Source!.Url.ShouldBe(url);

    [Theory]
    [InlineData("commitment.made")]
    [InlineData("flag.confirmed")]
    public void a_source_without_a_url_is_refused_even_with_everything_else(string type)
    {
        var line = JsonEdit.Remove(EntryTable.Full(type), "source.url");
        JsonEdit.Has(line, "source.title").ShouldBeTrue();
        Refused(line).ShouldName("url");
    }
}
