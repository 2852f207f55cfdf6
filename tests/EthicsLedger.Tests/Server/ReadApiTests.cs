using System.Net;
using System.Text.Json;
using EthicsLedger.Tests.Support;

namespace EthicsLedger.Tests.Server;

/// <summary>
/// Every read over HTTP answers exactly what the command line's <c>--json</c> answers for the same question:
/// the same shapes (docs/ledger-format.md), read by the same code, for several dates on both time axes.
/// </summary>
public class ReadApiTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    string Between => server.Between.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'");
    readonly string Later = DateTimeOffset.UtcNow.AddMinutes(1).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");

    async Task<string> GetAsync(string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await server.Http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, body);
        return body;
    }

    async Task<string> CliAsync(params string[] args)
    {
        var run = await server.RunAsync(args);
        run.Exit.ShouldBe(0, run.ToString());
        return run.Json.Trim();
    }

    [Theory]
    [InlineData("amazon", "2020-06-09")]
    [InlineData("amazon", "2021-06-01")]
    [InlineData("amazon", "2021-06-15")]
    [InlineData("microsoft", "2020-06-12")]
    [InlineData("ibm", "2023-12-31")]
    public async Task a_stance_over_http_is_the_command_lines_on_both_time_axes(string org, string asOf)
    {
        foreach (var knownAt in new[] { Between, Later })
            (await GetAsync($"/api/organizations/{org}/stance?asOf={asOf}&knownAt={Uri.EscapeDataString(knownAt)}"))
                .ShouldBe(await CliAsync("stance", org, "--as-of", asOf, "--known-at", knownAt, "--json"));
    }

    [Fact]
    public async Task the_known_at_axis_shows_what_the_ledger_said_before_it_learned_of_the_extension()
    {
        string Status(string json) => JsonDocument.Parse(json).RootElement.GetProperty("commitments")[0].GetProperty("status").GetString()!;
        Status(await GetAsync($"/api/organizations/amazon/stance?asOf=2021-06-15&knownAt={Uri.EscapeDataString(Between)}")).ShouldBe("expired");
        Status(await GetAsync("/api/organizations/amazon/stance?asOf=2021-06-15")).ShouldBe("in-force");
    }

    [Fact]
    public async Task replay_commitment_flags_and_audit_report_are_the_command_lines()
    {
        var knownAt = Uri.EscapeDataString(Later);
        (await GetAsync($"/api/organizations/microsoft/replay?knownAt={knownAt}")).ShouldBe(await CliAsync("replay", "microsoft", "--known-at", Later, "--json"));
        (await GetAsync($"/api/commitments/amazon-rekognition-police-moratorium?asOf=2021-06-01&knownAt={knownAt}"))
            .ShouldBe(await CliAsync("commitment", "show", "amazon-rekognition-police-moratorium", "--as-of", "2021-06-01", "--known-at", Later, "--json"));
        (await GetAsync($"/api/flags?asOf=2023-12-31&knownAt={knownAt}")).ShouldBe(await CliAsync("flags", "--as-of", "2023-12-31", "--known-at", Later, "--json"));
        (await GetAsync($"/api/flags?org=ibm&state=alleged&asOf=2023-12-31&knownAt={knownAt}"))
            .ShouldBe(await CliAsync("flags", "--org", "ibm", "--state", "alleged", "--as-of", "2023-12-31", "--known-at", Later, "--json"));
        (await GetAsync($"/api/organizations/amazon/audit-report?asOf=2021-06-15&knownAt={knownAt}"))
            .ShouldBe(await CliAsync("audit-report", "--org", "amazon", "--as-of", "2021-06-15", "--known-at", Later, "--json"));
    }

    [Fact]
    public async Task organizations_are_listed_as_known_at_a_time()
    {
        // As known between the story's two imports: other tests here add organizations later.
        var then = JsonDocument.Parse(await GetAsync($"/api/organizations?knownAt={Uri.EscapeDataString(Between)}")).RootElement
            .EnumerateArray().Select(o => o.GetProperty("org").GetString()).ToList();
        then.ShouldBe(["amazon", "ibm", "microsoft"]);
        JsonDocument.Parse(await GetAsync("/api/organizations?knownAt=2001-01-01T00:00:00Z")).RootElement.GetArrayLength().ShouldBe(0);
    }

    [Theory]
    [InlineData("/api/organizations/nobody/stance")]
    [InlineData("/api/organizations/nobody/replay")]
    [InlineData("/api/organizations/nobody/audit-report")]
    [InlineData("/api/commitments/no-such-commitment")]
    [InlineData("/api/bundle?org=nobody")]
    public async Task an_unknown_organization_or_commitment_is_404_with_a_problem(string path)
    {
        var problem = JsonDocument.Parse(await GetAsync(path, HttpStatusCode.NotFound)).RootElement;
        problem.GetProperty("status").GetInt32().ShouldBe(404);
        problem.GetProperty("detail").GetString()!.ShouldContain("no");
    }

    [Theory]
    [InlineData("/api/organizations/amazon/stance?asOf=2021-02-29", "asOf")]
    [InlineData("/api/organizations/amazon/stance?asOf=15/06/2021", "asOf")]
    [InlineData("/api/organizations/amazon/stance?knownAt=yesterday", "knownAt")]
    [InlineData("/api/flags?state=maybe", "state")]
    [InlineData("/downloads/stances.xml", "format")]
    public async Task a_bad_parameter_is_400_naming_it(string path, string parameter)
    {
        var problem = JsonDocument.Parse(await GetAsync(path, HttpStatusCode.BadRequest)).RootElement;
        problem.GetProperty("parameter").GetString().ShouldBe(parameter);
        problem.GetProperty("detail").GetString()!.ShouldContain(parameter);
    }

    [Theory]
    [InlineData("/organizations/nobody", HttpStatusCode.NotFound, "organization &#39;nobody&#39; is not registered")]
    [InlineData("/commitments/nothing-of-the-kind", HttpStatusCode.NotFound, "no commitment &#39;nothing-of-the-kind&#39;")]
    [InlineData("/organizations/amazon?asOf=2021-13-01", HttpStatusCode.BadRequest, "asOf: &#39;2021-13-01&#39; is not a date that exists")]
    [InlineData("/flags?state=maybe", HttpStatusCode.BadRequest, "state must be one of")]
    public async Task a_page_asked_for_what_is_not_there_says_so_in_a_page(string path, HttpStatusCode status, string says)
    {
        using var response = await server.Http.GetAsync(path);
        response.StatusCode.ShouldBe(status);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        (await response.Content.ReadAsStringAsync()).ShouldContain(says);
    }

    [Fact]
    public async Task proofs_checkpoints_bundles_and_verification_are_the_integrity_layers()
    {
        (await server.RunAsync("checkpoint")).Exit.ShouldBe(0);

        var latest = JsonDocument.Parse(await GetAsync("/api/checkpoints/latest")).RootElement;
        latest.GetProperty("treeSize").GetInt64().ShouldBe(await server.EventCountAsync());
        latest.GetProperty("rootHash").GetString().ShouldBe(await server.ScalarAsync<string>($"select root_hash from {server.Schema}.ledger_checkpoints order by tree_size desc limit 1"));
        (await GetAsync("/api/proofs/inclusion?stream=org:amazon&version=1")).ShouldBe(await CliAsync("prove", "inclusion", "org:amazon", "1"));
        JsonDocument.Parse(await GetAsync("/api/verification")).RootElement.GetProperty("ok").GetBoolean().ShouldBeTrue();
        await GetAsync("/api/proofs/inclusion?stream=org:amazon&version=99", HttpStatusCode.NotFound);

        // A second checkpoint over one more event: the consistency proof between the two is the command line's.
        var first = latest.GetProperty("treeSize").GetInt64();
        (await server.ImportAsync(Json.Conduct("amazon-annual-report-2024", "2024-02-01", org: "amazon", topic: "reporting"))).Exit.ShouldBe(0);
        (await server.RunAsync("checkpoint")).Exit.ShouldBe(0);
        (await GetAsync($"/api/proofs/consistency?from={first}&to={first + 1}"))
            .ShouldBe(await CliAsync("prove", "consistency", $"{first}", $"{first + 1}"));
        await GetAsync("/api/proofs/consistency?from=5&to=3", HttpStatusCode.NotFound);

        var bundle = Path.Combine(Path.GetTempPath(), $"bundle-{Guid.NewGuid():N}.json");
        await File.WriteAllBytesAsync(bundle, await server.Http.GetByteArrayAsync("/api/bundle?org=amazon"));
        var check = await server.RunAsync("verify-bundle", bundle, "--public-key", Path.Combine(server.KeysFolder, "ledger-signing-key.pub.pem"));
        check.Exit.ShouldBe(0, check.ToString());
    }

    [Fact]
    public async Task downloads_carry_a_fixed_header_and_each_rows_source()
    {
        var csv = (await GetAsync("/downloads/stances.csv?asOf=2021-06-15")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        csv[0].ShouldBe("\"org\",\"commitment\",\"kind\",\"topic\",\"status\",\"in_force\",\"broken\",\"from\",\"until\",\"condition\",\"due\",\"alleged_flags\",\"confirmed_flags\",\"statement\",\"source_url\"");
        var cli = JsonDocument.Parse(await CliAsync("stance", "amazon", "--as-of", "2021-06-15", "--json")).RootElement.GetProperty("commitments");
        var amazon = csv.Where(l => l.StartsWith("\"amazon\"")).ToList();
        amazon.Count.ShouldBe(cli.GetArrayLength());
        amazon[0].ShouldContain($"\"{cli[0].GetProperty("status").GetString()}\"");
        amazon[0].ShouldEndWith($"\"{cli[0].GetProperty("source").GetString()}\"");

        var flags = JsonDocument.Parse(await GetAsync("/downloads/flags.json?asOf=2023-12-31")).RootElement;
        flags.GetArrayLength().ShouldBeGreaterThan(0);
        foreach (var flag in flags.EnumerateArray()) flag.GetProperty("source_url").GetString()!.ShouldStartWith("http");

        var history = JsonDocument.Parse(await GetAsync("/downloads/history.json")).RootElement;
        history.GetArrayLength().ShouldBe((int)await server.EventCountAsync());
        history.EnumerateArray().ShouldAllBe(e => e.GetProperty("recorded_by").GetString()!.StartsWith("cli:"));
    }

    [Fact]
    public async Task health_reports_the_database_and_what_the_ledger_holds()
    {
        var health = JsonDocument.Parse(await GetAsync("/health")).RootElement;
        health.GetProperty("status").GetString().ShouldBe("ok");
        health.GetProperty("database").GetProperty("ok").GetBoolean().ShouldBeTrue();
        health.GetProperty("events").GetInt64().ShouldBe(await server.ScalarAsync<long>($"select max(seq_id) from {server.Schema}.mt_events"));
        (await GetAsync("/health/live")).ShouldContain("ok");
    }

    [Fact]
    public async Task metrics_are_scraped_in_prometheus_text()
    {
        await GetAsync("/api/organizations");
        using (var editor = server.Client(await server.KeyAsync("metered", "editor")))
            (await editor.PostAsync("/api/imports", new StringContent(Json.Line(new { type = "organization.registered", org = "metered", name = "Metered" })))).EnsureSuccessStatusCode();
        var metrics = await GetAsync("/metrics");
        metrics.ShouldContain("http_server_request_duration_seconds");
        metrics.ShouldContain("wolverine", Case.Insensitive);
        metrics.ShouldContain("npgsql", Case.Insensitive);
        metrics.ShouldContain("ethicsledger_events_appended");
    }

    [Fact]
    public async Task the_reference_page_and_its_script_are_served_from_the_server_itself()
    {
        var page = await GetAsync("/reference/");
        page.ShouldContain("openapi/v1.json");
        page.ShouldNotContain("cdn.");
        (await GetAsync("/reference/scalar.js")).Length.ShouldBeGreaterThan(10_000);
    }

    /// <summary>Every route the server offers is in its OpenAPI document, and this is the list the tests here and in WriteApiTests cover.</summary>
    [Fact]
    public async Task every_api_route_is_in_the_openapi_document()
    {
        var document = JsonDocument.Parse(await GetAsync("/openapi/v1.json")).RootElement;
        var routes = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(m => $"{m.Name.ToUpperInvariant()} {p.Name}")).Order().ToList();
        routes.ShouldBe(new[]
        {
            "GET /api/bundle", "GET /api/checkpoints/latest", "GET /api/commitments/{commitment}", "GET /api/flags", "GET /api/organizations",
            "GET /api/organizations/{org}/audit-report", "GET /api/organizations/{org}/replay", "GET /api/organizations/{org}/stance",
            "GET /api/proofs/consistency", "GET /api/proofs/inclusion", "GET /api/verification",
            "GET /downloads/flags.{format}", "GET /downloads/history.{format}", "GET /downloads/stances.{format}",
            "GET /health", "GET /health/live", "POST /api/findings", "POST /api/imports",
        }.Order().ToList());
        document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("scheme").GetString().ShouldBe("bearer");
        var import = document.GetProperty("paths").GetProperty("/api/imports").GetProperty("post");
        import.GetProperty("responses").EnumerateObject().Select(r => r.Name).ShouldBe(["200", "401", "403", "409", "413", "422", "429"], ignoreOrder: true);
        import.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/x-ndjson", out _).ShouldBeTrue();
    }
}
