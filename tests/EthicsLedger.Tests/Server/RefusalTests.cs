using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using EthicsLedger.Tests.Support;
using static EthicsLedger.Tests.Support.Json;

namespace EthicsLedger.Tests.Server;

/// <summary>
/// What an outside reviewer tried, from docs/server.md alone: a finding form sent with a state it does not offer,
/// a sign-in that would send the person off-site, an API write carried by the pages' cookie, parameters that are
/// not numbers, and text meant to read other than it is. Each is refused in words and appends nothing.
/// </summary>
public class RefusalTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    /// <summary>A person's browser without the browser: cookies kept, redirects not followed, the form's antiforgery token read from the page.</summary>
    sealed class Person : IDisposable
    {
        readonly CookieContainer cookies = new();
        public HttpClient Http { get; }
        public Person(Uri baseAddress) => Http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = baseAddress };

        public async Task<string> TokenAsync(string page) =>
            Regex.Match(await Http.GetStringAsync(page), "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;

        public async Task<HttpResponseMessage> SignInAsync(string key, string returnUrl)
        {
            var token = await TokenAsync($"/sign-in?returnUrl={Uri.EscapeDataString(returnUrl)}");
            return await Http.PostAsync("/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
                { ["__RequestVerificationToken"] = token, ["key"] = key, ["returnUrl"] = returnUrl }));
        }

        public void Dispose() => Http.Dispose();
    }

    [Theory]
    [InlineData("DISMISSED")]
    [InlineData("bogus")]
    [InlineData("")]
    public async Task a_finding_form_with_a_state_it_does_not_offer_is_refused_not_read_as_a_confirmation(string state)
    {
        var (_, commitment, flag) = await ServerFixtureStory.FlagAsync(server);
        using var person = new Person(server.BaseAddress);
        (await person.SignInAsync(await server.KeyAsync($"form-{Guid.NewGuid():N}"[..20], "auditor"), "/")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var before = await server.EventCountAsync();

        var token = await person.TokenAsync($"/commitments/{commitment}?asOf=2020-06-01");
        using var answer = await person.Http.PostAsync($"/commitments/{commitment}/findings", new FormUrlEncodedContent(new Dictionary<string, string>
            { ["__RequestVerificationToken"] = token, ["flag"] = flag, ["state"] = state, ["on"] = "2020-06-01", ["text"] = "meant to dismiss" }));

        answer.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        answer.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        var body = await answer.Content.ReadAsStringAsync();
        body.ShouldContain("state must be confirmed or dismissed", customMessage: Regex.Match(body, "<main.*</main>", RegexOptions.Singleline).Value);
        (await server.EventCountAsync()).ShouldBe(before);
    }

    [Theory]
    [InlineData("/\t/evil.example")]
    [InlineData("/\n/evil.example")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("https://evil.example/")]
    public async Task signing_in_never_sends_the_person_off_site(string returnUrl)
    {
        using var person = new Person(server.BaseAddress);
        using var answer = await person.SignInAsync(await server.KeyAsync($"ret-{Guid.NewGuid():N}"[..20], "reader"), returnUrl);
        answer.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        answer.Headers.Location!.OriginalString.ShouldBe("/");
    }

    [Fact]
    public async Task the_pages_cookie_does_not_carry_an_api_write()
    {
        using var person = new Person(server.BaseAddress);
        (await person.SignInAsync(await server.KeyAsync("cookie-editor", "editor"), "/")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var before = await server.EventCountAsync();

        using var write = await person.Http.PostAsync("/api/imports", new StringContent(Org("via-cookie"), Encoding.UTF8, "text/plain"));

        write.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await server.EventCountAsync()).ShouldBe(before);
    }

    [Theory]
    [InlineData("/api/proofs/inclusion?stream=org:amazon&version=abc", "version")]
    [InlineData("/api/proofs/inclusion?stream=org:amazon&version=-1", "version")]
    [InlineData("/api/proofs/inclusion?version=1", "stream")]
    [InlineData("/api/proofs/inclusion?stream=org:amazon&version=1&size=x", "size")]
    [InlineData("/api/proofs/consistency?from=1&to=two", "to")]
    public async Task a_number_that_is_not_one_is_400_naming_it(string path, string parameter)
    {
        using var answer = await server.Http.GetAsync(path);
        answer.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("parameter").GetString().ShouldBe(parameter);
    }

    [Fact]
    public async Task every_refusal_is_a_whole_problem_and_text_never_reads_other_than_it_is()
    {
        var missing = JsonDocument.Parse(await (await server.Http.GetAsync("/api/nothing-here")).Content.ReadAsStringAsync()).RootElement;
        missing.GetProperty("detail").GetString()!.ShouldContain("GET /api/nothing-here");
        var method = JsonDocument.Parse(await (await server.Http.DeleteAsync("/api/organizations")).Content.ReadAsStringAsync()).RootElement;
        method.GetProperty("status").GetInt32().ShouldBe(405);
        method.GetProperty("detail").GetString().ShouldNotBeNullOrEmpty();

        // U+202E would turn the rest of the line around for a person reading it.
        var reversed = JsonDocument.Parse(await (await server.Http.GetAsync("/api/commitments/x%E2%80%AEy")).Content.ReadAsStringAsync()).RootElement;
        reversed.GetProperty("detail").GetString()!.ShouldContain("x\\u202ey");
        (await (await server.Http.GetAsync("/commitments/x%E2%80%AEy")).Content.ReadAsStringAsync()).ShouldNotContain("\u202e");
    }

    [Fact]
    public async Task the_full_history_is_in_recording_order_across_organizations()
    {
        // Recorded last, sorted first by name: grouped by organization, it would come before the story.
        (await server.ImportAsync(Org("aaa-recorded-last"))).Exit.ShouldBe(0);
        var rows = JsonDocument.Parse(await server.Http.GetStringAsync("/downloads/history.json")).RootElement.EnumerateArray()
            .Select(r => r.GetProperty("recorded").GetString()!).ToList();
        rows.ShouldBe(rows.Order(StringComparer.Ordinal).ToList());
        JsonDocument.Parse(await server.Http.GetStringAsync("/downloads/history.json")).RootElement.EnumerateArray().Last()
            .GetProperty("org").GetString().ShouldBe("aaa-recorded-last");
    }
}
