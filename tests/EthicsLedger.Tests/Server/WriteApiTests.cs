using System.Net;
using System.Text;
using System.Text.Json;
using EthicsLedger.Server;
using EthicsLedger.Tests.Support;
using static EthicsLedger.Tests.Support.Json;

namespace EthicsLedger.Tests.Server;

/// <summary>
/// Writes over HTTP: each role may do what it may and nothing else, every refusal is a problem and appends nothing,
/// and every write is recorded as the key that made it, inside the digest that <c>verify</c> checks.
/// </summary>
public class WriteApiTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    static StringContent Lines(params string[] lines) => new(string.Join("\n", lines) + "\n", Encoding.UTF8, "application/x-ndjson");
    static StringContent Body(object finding) => new(JsonSerializer.Serialize(finding), Encoding.UTF8, "application/json");

    static async Task<JsonElement> ExpectAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, body);
        return JsonDocument.Parse(body).RootElement;
    }

    async Task<long> EventsAsync() => await server.EventCountAsync();

    [Fact]
    public async Task an_editor_imports_and_each_event_is_recorded_as_the_key_inside_its_digest()
    {
        using var editor = server.Client(await server.KeyAsync("newsroom", "editor"));
        var answer = await ExpectAsync(await editor.PostAsync("/api/imports", Lines(Org("wr-a"), Made("wr-a-c", "wr-a", "2020-01-01"))), HttpStatusCode.OK);

        answer.GetProperty("appended").GetInt32().ShouldBe(2);
        (await server.ScalarAsync<string>($"select string_agg(distinct data ->> 'RecordedBy', ',') from {server.Schema}.mt_events where stream_id in ('org:wr-a', 'commitment:wr-a-c')"))
            .ShouldBe("key:newsroom");
        (await server.RunAsync("checkpoint")).Exit.ShouldBe(0);
        (await server.RunAsync("verify")).Exit.ShouldBe(0);
        // The same lines again are a no-op, as on the command line.
        (await ExpectAsync(await editor.PostAsync("/api/imports", Lines(Org("wr-a"), Made("wr-a-c", "wr-a", "2020-01-01"))), HttpStatusCode.OK))
            .GetProperty("alreadyInLedger").GetInt32().ShouldBe(2);
    }

    [Fact]
    public async Task a_wrong_file_is_422_with_every_wrong_line_as_the_command_line_reports_them_and_nothing_appended()
    {
        using var editor = server.Client(await server.KeyAsync("careless", "editor"));
        string[] file = [Org("wr-b"), "{not json", Made("wr-b-c", "wr-b", "2020-02-30"), Made("wr-b-d", "nobody-here", "2020-01-01")];
        var before = await EventsAsync();

        var problem = await ExpectAsync(await editor.PostAsync("/api/imports", Lines(file)), HttpStatusCode.UnprocessableEntity);
        var cli = await server.RunAsync("import", await LedgerFixture.WriteFileAsync(file), "--json");

        cli.Exit.ShouldBe(2);
        static List<(int, string?)> Errors(JsonElement errors) =>
            errors.EnumerateArray().Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("reason").GetString())).ToList();
        Errors(problem.GetProperty("errors")).ShouldBe(Errors(JsonDocument.Parse(cli.Json).RootElement.GetProperty("errors")));
        problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("line").GetInt32()).ShouldBe([2, 3, 4]);
        (await EventsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task without_a_key_with_a_wrong_key_or_a_revoked_one_a_write_is_401_and_appends_nothing()
    {
        var before = await EventsAsync();
        var token = await server.KeyAsync("leaver", "editor");
        (await server.RunAsync("keys", "revoke", "leaver")).Exit.ShouldBe(0);

        foreach (var client in new[] { server.Client(null), server.Client("elk_" + new string('x', 43)), server.Client(token) })
            using (client)
            {
                var problem = await ExpectAsync(await client.PostAsync("/api/imports", Lines(Org("wr-c"))), HttpStatusCode.Unauthorized);
                problem.GetProperty("title").GetString().ShouldNotBeNullOrEmpty();
            }
        // A key given and refused is refused on reads too: a caller who meant to be someone is not silently no one.
        using (var revoked = server.Client(token))
            await ExpectAsync(await revoked.GetAsync("/api/organizations"), HttpStatusCode.Unauthorized);
        (await EventsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task each_role_may_write_only_what_it_is_for()
    {
        var before = await EventsAsync();
        using var reader = server.Client(await server.KeyAsync("just-reading", "reader"));
        using var auditor = server.Client(await server.KeyAsync("auditor-one", "auditor"));
        using var editor = server.Client(await server.KeyAsync("editor-one", "editor"));
        var finding = new { type = "flag.confirmed", commitment = "ibm-exit-general-purpose-facial-recognition", flag = "ibm-uk-police-contract-2023", finding = "The contract exists.", on = "2023-09-01" };

        await ExpectAsync(await reader.PostAsync("/api/imports", Lines(Org("wr-d"))), HttpStatusCode.Forbidden);
        await ExpectAsync(await auditor.PostAsync("/api/imports", Lines(Org("wr-d"))), HttpStatusCode.Forbidden);
        await ExpectAsync(await reader.PostAsync("/api/findings", Body(finding)), HttpStatusCode.Forbidden);
        await ExpectAsync(await editor.PostAsync("/api/findings", Body(finding)), HttpStatusCode.Forbidden);
        // Nor may an editor slip a finding into a file.
        var smuggled = await ExpectAsync(await editor.PostAsync("/api/imports", Lines(Org("wr-d"), With(Line(finding), ("by", "editor-one")))), HttpStatusCode.Forbidden);
        smuggled.GetProperty("detail").GetString()!.ShouldContain("line 2");
        (await EventsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task an_auditor_confirms_a_flag_by_default_in_the_keys_name_and_the_stance_shows_it()
    {
        var flagged = await ServerFixtureStory.FlagAsync(server);
        using var auditor = server.Client(await server.KeyAsync("ngo-auditor", "auditor"));

        var answer = await ExpectAsync(await auditor.PostAsync("/api/findings",
            Body(new { type = "flag.confirmed", commitment = flagged.Commitment, flag = flagged.Flag, finding = "Seen in the contract.", on = "2020-06-01" })), HttpStatusCode.OK);

        answer.GetProperty("appended").GetInt32().ShouldBe(1);
        // The finding now held, an editor's file that carries it again is a no-op like any held line; a new one is still refused.
        using var editor = server.Client(await server.KeyAsync("editor-after-audit", "editor"));
        var held = Line(new { type = "flag.confirmed", commitment = flagged.Commitment, flag = flagged.Flag, finding = "Seen in the contract.", on = "2020-06-01", by = "ngo-auditor" });
        var again = await ExpectAsync(await editor.PostAsync("/api/imports", Lines(held)), HttpStatusCode.OK);
        again.GetProperty("alreadyInLedger").GetInt32().ShouldBe(1);
        await ExpectAsync(await editor.PostAsync("/api/imports", Lines(held.Replace("2020-06-01", "2020-06-02"))), HttpStatusCode.Forbidden);
        var stance = JsonDocument.Parse(await server.Http.GetStringAsync($"/api/organizations/{flagged.Org}/stance?asOf=2020-07-01")).RootElement;
        stance.GetProperty("commitments")[0].GetProperty("flags")[0].GetProperty("state").GetString().ShouldBe("confirmed");
        stance.GetProperty("commitments")[0].GetProperty("broken").GetBoolean().ShouldBeTrue();
        (await server.ScalarAsync<string>($"select data ->> 'By' from {server.Schema}.mt_events where type = 'flag.confirmed' and stream_id = 'commitment:{flagged.Commitment}'")).ShouldBe("ngo-auditor");
        (await server.ScalarAsync<string>($"select data ->> 'RecordedBy' from {server.Schema}.mt_events where type = 'flag.confirmed' and stream_id = 'commitment:{flagged.Commitment}'")).ShouldBe("key:ngo-auditor");
    }

    [Theory]
    [InlineData("""{"type":"commitment.made"}""")]
    [InlineData("""[1,2]""")]
    [InlineData("""{"type":"flag.confirmed","commitment":"no-such-commitment","flag":"f","finding":"x","on":"2020-01-01"}""")]
    [InlineData("""{"type":"flag.confirmed",""")]
    public async Task a_finding_the_ledger_cannot_take_is_422_with_its_reason_and_appends_nothing(string body)
    {
        var before = await EventsAsync();
        using var auditor = server.Client(await server.KeyAsync($"a-{Guid.NewGuid():N}"[..20], "auditor"));
        var problem = await ExpectAsync(await auditor.PostAsync("/api/findings", new StringContent(body, Encoding.UTF8, "application/json")), HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("errors")[0].GetProperty("reason").GetString().ShouldNotBeNullOrEmpty();
        (await EventsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task keys_are_listed_without_their_tokens_and_names_are_never_reused()
    {
        var token = await server.KeyAsync("listed-one", "admin");
        var list = await server.RunAsync("keys", "list", "--json");
        list.Json.ShouldContain("\"listed-one\"");
        list.Json.ShouldNotContain(token);
        (await server.ScalarAsync<long>($"select count(*) from {server.Schema}.ledger_api_keys where token_sha256 = sha256(convert_to('{token}', 'UTF8'))")).ShouldBe(1);
        (await server.RunAsync("keys", "create", "listed-one", "--role", "reader")).Exit.ShouldBe(2);
        (await server.RunAsync("keys", "create", "Bad Name", "--role", "reader")).Exit.ShouldBe(2);
        (await server.RunAsync("keys", "create", "_underscore-first", "--role", "reader")).Exit.ShouldBe(2);
        (await server.RunAsync("keys", "create", "a:b", "--role", "reader")).Exit.ShouldBe(2);
        (await server.RunAsync("keys", "create", "someone", "--role", "god")).Exit.ShouldBe(2);
    }
}

/// <summary>An organization of a test's own with one alleged flag, so tests that record findings do not meet.</summary>
static class ServerFixtureStory
{
    public static async Task<(string Org, string Commitment, string Flag)> FlagAsync(ServerFixture server)
    {
        var org = "f" + Guid.NewGuid().ToString("N")[..10];
        (await server.ImportAsync(Org(org), Made($"{org}-c", org, "2020-01-01"), Violation($"{org}-c", $"{org}-v", "2020-05-01"))).Exit.ShouldBe(0);
        return (org, $"{org}-c", $"{org}-v");
    }
}

/// <summary>A server with small limits: a body over the limit and writes past the rate are refused, and nothing is appended.</summary>
public class LimitedServerFixture : ServerFixture
{
    protected override ServerSettings Settings(ServerSettings defaults) => defaults with { MaxImportBytes = 4096, WritesPerMinute = 3 };
}

public class ServerLimitTests(LimitedServerFixture server) : IClassFixture<LimitedServerFixture>
{
    [Fact]
    public async Task an_upload_over_the_limit_is_413_before_it_is_read_and_the_rate_is_enforced_per_key()
    {
        var before = await server.EventCountAsync();
        using var editor = server.Client(await server.KeyAsync("bulk", "editor"));
        var big = string.Join("\n", Enumerable.Range(0, 200).Select(i => Org($"big-{i}")));
        using var tooLarge = await editor.PostAsync("/api/imports", new StringContent(big, Encoding.UTF8, "application/x-ndjson"));
        tooLarge.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge, await tooLarge.Content.ReadAsStringAsync());
        (await tooLarge.Content.ReadAsStringAsync()).ShouldContain("4096");
        (await server.EventCountAsync()).ShouldBe(before);

        // That was the first of three writes this minute; two more pass, the fourth is refused.
        for (var i = 0; i < 2; i++)
            (await editor.PostAsync("/api/imports", new StringContent(Org($"rate-{i}"), Encoding.UTF8, "application/x-ndjson"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var refused = await editor.PostAsync("/api/imports", new StringContent(Org("rate-x"), Encoding.UTF8, "application/x-ndjson"));
        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter.ShouldNotBeNull();
        (await server.ScalarAsync<long>($"select count(*) from {server.Schema}.mt_events where stream_id = 'org:rate-x'")).ShouldBe(0);
        // Another key has its own allowance.
        using var other = server.Client(await server.KeyAsync("other-bulk", "editor"));
        (await other.PostAsync("/api/imports", new StringContent(Org("rate-y"), Encoding.UTF8, "application/x-ndjson"))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}

public class KeyedReadersServerFixture : ServerFixture
{
    protected override ServerSettings Settings(ServerSettings defaults) => defaults with { AnonymousReaders = false };
}

public class KeyedReaderTests(KeyedReadersServerFixture server) : IClassFixture<KeyedReadersServerFixture>
{
    [Fact]
    public async Task with_keyed_readers_every_read_needs_a_key_of_any_role()
    {
        (await server.Http.GetAsync("/api/organizations/amazon/stance")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await server.Http.GetAsync("/downloads/stances.csv")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        // A person at a page is sent to sign in, and back.
        using (var person = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress })
        {
            using var page = await person.GetAsync("/organizations/amazon?asOf=2021-06-15");
            page.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            page.Headers.Location!.ToString().ShouldBe("/sign-in?returnUrl=%2Forganizations%2Famazon%3FasOf%3D2021-06-15&why=401");
        }
        using var reader = server.Client(await server.KeyAsync("subscriber", "reader"));
        (await reader.GetAsync("/api/organizations/amazon/stance")).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var editor = server.Client(await server.KeyAsync("writer", "editor"));
        (await editor.GetAsync("/api/organizations/amazon/stance")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await server.Http.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
