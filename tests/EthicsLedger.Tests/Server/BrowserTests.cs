using System.Net;
using EthicsLedger.Tests.Support;
using OpenQA.Selenium;
using static EthicsLedger.Tests.Support.Json;

namespace EthicsLedger.Tests.Server;

/// <summary>
/// The pages in a real browser, as a journalist and an auditor use them: the timeline re-drawn by its as-of and
/// known-at controls, a source followed from a point on the timeline, and a flag confirmed after signing in.
/// </summary>
public class BrowserTests(ServerFixture server) : IClassFixture<ServerFixture>, IDisposable
{
    readonly Browser browser = new();

    public void Dispose() => browser.Dispose();

    Uri Page(string path) => new(server.BaseAddress, path);

    string StatusOf(string commitment) => browser.Text($"#stance tr[data-commitment='{commitment}'] td.status");

    [Fact]
    public void moving_the_as_of_control_redraws_the_stance_and_known_at_shows_the_ledger_before_it_learned_more()
    {
        const string moratorium = "amazon-rekognition-police-moratorium";
        var between = server.Between.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'");
        browser.Open(Page($"/organizations/amazon?asOf=2021-06-01&knownAt={Uri.EscapeDataString(between)}"));
        StatusOf(moratorium).ShouldBe("in-force");

        // The date control submits itself on change: the page comes back drawn for the new date.
        var asOf = browser.Driver.FindElement(By.Id("asOf"));
        ((IJavaScriptExecutor)browser.Driver).ExecuteScript("arguments[0].value = '2021-06-15'; arguments[0].dispatchEvent(new Event('change'));", asOf);
        browser.WaitFor(d => d.Url.Contains("asOf=2021-06-15"));
        StatusOf(moratorium).ShouldBe("expired");
        browser.Text($"li[data-commitment='{moratorium}'] [data-status]").ShouldBe("expired");

        // Known now, the extension of 2021-05-18 counts.
        var knownAt = browser.Driver.FindElement(By.Id("knownAt"));
        knownAt.Clear();
        browser.Driver.FindElement(By.CssSelector("form.controls button[type=submit]")).Click();
        browser.WaitFor(d => !d.Url.Contains("knownAt=2"));
        StatusOf(moratorium).ShouldBe("in-force");

        // Every control has a label a screen reader reads.
        foreach (var id in new[] { "asOf", "knownAt" })
            browser.Driver.FindElements(By.CssSelector($"label[for='{id}']")).Count.ShouldBe(1);
    }

    [Fact]
    public async Task a_point_on_the_timeline_links_to_its_source()
    {
        await using var source = await SourcePage.StartAsync("<html><head><title>The article</title></head><body><h1>The article itself</h1></body></html>");
        var org = "src" + Guid.NewGuid().ToString("N")[..8];
        (await server.ImportAsync(Org(org), With(Made($"{org}-c", org, "2020-03-01"), ("source", new { url = source.Url })))).Exit.ShouldBe(0);

        browser.Open(Page($"/organizations/{org}"));
        var made = browser.Driver.FindElement(By.CssSelector($"li[data-commitment='{org}-c'] svg a"));
        made.GetDomAttribute("href").ShouldBe(source.Url);
        made.GetDomAttribute("aria-label")!.ShouldStartWith("made on 2020-03-01");
        ((IJavaScriptExecutor)browser.Driver).ExecuteScript("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}));", made);
        browser.WaitFor(d => d.Url == source.Url);
        browser.Text("h1").ShouldBe("The article itself");
    }

    [Fact]
    public async Task an_auditor_signs_in_and_confirms_a_flag_recorded_as_their_key()
    {
        var (org, commitment, flag) = await ServerFixtureStory.FlagAsync(server);
        var token = await server.KeyAsync("browser-auditor", "auditor");

        browser.Open(Page($"/commitments/{commitment}?asOf=2020-06-01"));
        browser.Driver.FindElements(By.CssSelector("form.finding")).ShouldBeEmpty();
        browser.Driver.FindElement(By.LinkText("Sign in")).Click();
        browser.WaitFor(d => d.Url.Contains("/sign-in"));
        browser.Driver.FindElement(By.Id("key")).SendKeys(token);
        browser.Driver.FindElement(By.Id("key")).Submit();
        browser.WaitFor(d => d.Url.Contains($"/commitments/{commitment}"));
        browser.Text("nav .who").ShouldContain("browser-auditor");

        browser.Driver.FindElement(By.Id($"finding-{flag}-text")).SendKeys("The contract was signed; we read it.");
        browser.Driver.FindElement(By.CssSelector("form.finding button[type=submit]")).Click();
        browser.WaitFor(d => d.Url.Contains("recorded="));

        browser.Text("p.notice").ShouldContain($"flag {flag} confirmed");
        browser.Text($"#stance tr[data-commitment='{commitment}']").ShouldContain("confirmed");
        (await server.ScalarAsync<string>($"select data ->> 'RecordedBy' from {server.Schema}.mt_events where type = 'flag.confirmed' and stream_id = 'commitment:{commitment}'"))
            .ShouldBe("key:browser-auditor");
        (await server.Http.GetStringAsync($"/api/flags?org={org}&state=confirmed&asOf=2020-06-01")).ShouldContain(flag);
    }

    [Fact]
    public async Task hostile_text_in_the_ledger_shows_as_text_and_never_runs()
    {
        var org = "xss" + Guid.NewGuid().ToString("N")[..8];
        const string hostile = "<script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned = 2\"> \" onmouseover=\"window.__pwned = 3";
        (await server.ImportAsync(
            Line(new { type = "organization.registered", org, name = hostile }),
            With(Made($"{org}-c", org, "2020-03-01"), ("statement", hostile), ("source", new { url = "https://example.org/a?q=\"><script>window.__pwned=4</script>" })))).Exit.ShouldBe(0);

        foreach (var path in new[] { $"/organizations/{org}", $"/commitments/{org}-c", "/" })
        {
            browser.Open(Page(path));
            ((IJavaScriptExecutor)browser.Driver).ExecuteScript("return typeof window.__pwned").ShouldBe("undefined", path);
            browser.Driver.FindElement(By.TagName("main")).Text.ShouldContain("<script>window.__pwned = 1</script>", customMessage: path);
        }
    }
}

/// <summary>A page standing in for a newspaper's article, on loopback, so following a source needs no network.</summary>
sealed class SourcePage : IAsyncDisposable
{
    readonly HttpListener listener = new();
    readonly Task serving;
    public string Url { get; }

    SourcePage(string html, int port)
    {
        Url = $"http://127.0.0.1:{port}/article";
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        serving = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await listener.GetContextAsync(); }
                catch (Exception) { return; }
                var bytes = System.Text.Encoding.UTF8.GetBytes(html);
                context.Response.ContentType = "text/html; charset=utf-8";
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
        });
    }

    public static Task<SourcePage> StartAsync(string html)
    {
        var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return Task.FromResult(new SourcePage(html, port));
    }

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        listener.Close();
        await serving;
    }
}
