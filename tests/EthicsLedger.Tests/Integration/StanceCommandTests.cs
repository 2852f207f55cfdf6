using System.Text.Json;
using EthicsLedger.Tests.Support;
using static EthicsLedger.Tests.Support.Json;

namespace EthicsLedger.Tests.Integration;

public class StanceCommandTests : IClassFixture<StanceCommandTests.Seeded>
{
    /// <summary>A ledger with one organization whose one-year moratorium was alleged broken, then confirmed.</summary>
    public sealed class Seeded : LedgerFixture
    {
        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            var run = await ImportAsync(
                Org("acme"),
                Made("acme-moratorium", "acme", "2020-06-10", term: new { until = "2021-06-10" }, scope: new { activities = new[] { "sell" }, counterparties = new[] { "police" } }),
                Made("acme-policy", "acme", "2020-01-01", topic: "privacy", kind: "policy"),
                Conduct("acme-sale", "2020-09-01", activity: "sell", org: "acme", counterparty: "police"),
                Confirmed("acme-moratorium", "acme-sale", "2020-10-01"));
            run.Exit.ShouldBe(0, run.ToString());
        }
    }

    readonly Seeded _fixture;
    public StanceCommandTests(Seeded fixture) => _fixture = fixture;

    [Fact]
    public async Task stance_json_has_the_contracts_names_and_values()
    {
        var run = await _fixture.RunAsync("stance", "acme", "--as-of", "2021-01-01", "--topic", "facial-recognition", "--json");

        run.Exit.ShouldBe(0, run.ToString());
        var root = JsonDocument.Parse(run.Json).RootElement;
        root.GetProperty("org").GetString().ShouldBe("acme");
        root.GetProperty("asOf").GetString().ShouldBe("2021-01-01");
        var commitment = root.GetProperty("commitments").EnumerateArray().ShouldHaveSingleItem();
        commitment.GetProperty("commitment").GetString().ShouldBe("acme-moratorium");
        commitment.GetProperty("kind").GetString().ShouldBe("moratorium");
        commitment.GetProperty("topic").GetString().ShouldBe("facial-recognition");
        commitment.GetProperty("status").GetString().ShouldBe("in-force");
        commitment.GetProperty("inForce").GetBoolean().ShouldBeTrue();
        commitment.GetProperty("broken").GetBoolean().ShouldBeTrue();
        commitment.GetProperty("term").GetProperty("from").GetString().ShouldBe("2020-06-10");
        commitment.GetProperty("term").GetProperty("until").GetString().ShouldBe("2021-06-10");
        var flag = commitment.GetProperty("flags").EnumerateArray().ShouldHaveSingleItem();
        flag.GetProperty("flag").GetString().ShouldBe("acme-sale");
        flag.GetProperty("kind").GetString().ShouldBe("contradicting-conduct");
        flag.GetProperty("state").GetString().ShouldBe("confirmed");
        flag.GetProperty("raisedOn").GetString().ShouldBe("2020-09-01");
    }

    [Fact]
    public async Task an_open_ended_term_prints_until_as_null_and_an_absent_commitment_is_left_out()
    {
        var run = await _fixture.RunAsync("stance", "acme", "--as-of", "2020-03-01", "--json");

        var commitment = JsonDocument.Parse(run.Json).RootElement.GetProperty("commitments").EnumerateArray().ShouldHaveSingleItem();
        commitment.GetProperty("commitment").GetString().ShouldBe("acme-policy");
        commitment.GetProperty("term").GetProperty("until").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    /// <summary>The clock below is set in the past, so "known at now" would not know the seeded entries yet.</summary>
    const string Later = "2100-01-01T00:00:00Z";

    [Fact]
    public async Task expiry_is_computed_when_the_stance_is_read_with_no_new_event()
    {
        var clock = new FixedClock(new DateTimeOffset(2021, 6, 9, 12, 0, 0, TimeSpan.Zero));
        await using var ledger = new EthicsLedger.Cli.Infrastructure.LedgerConnection(_fixture.ConnectionString, _fixture.Schema, clock);

        var dayBefore = await LedgerFixture.RunAsync(ledger, "stance", "acme", "--topic", "facial-recognition", "--known-at", Later, "--json");
        clock.Now = clock.Now.AddDays(1);
        var dayOf = await LedgerFixture.RunAsync(ledger, "stance", "acme", "--topic", "facial-recognition", "--known-at", Later, "--json");

        dayBefore.Json.ShouldContain("\"status\":\"in-force\"", Case.Sensitive, dayBefore.ToString());
        dayOf.Json.ShouldContain("\"status\":\"expired\"", Case.Sensitive, dayOf.ToString());
    }

    [Fact]
    public async Task an_unregistered_organization_is_an_error_not_an_empty_stance()
    {
        var stance = await _fixture.RunAsync("stance", "acme-typo", "--json");
        var flags = await _fixture.RunAsync("flags", "--org", "acme-typo", "--json");

        stance.Exit.ShouldNotBe(0);
        stance.Errors.ShouldContain("organization 'acme-typo' is not registered");
        stance.Json.ShouldBeEmpty();
        flags.Exit.ShouldNotBe(0);
        flags.Errors.ShouldContain("organization 'acme-typo' is not registered");
    }

    [Theory]
    [InlineData("stance", "acme", "--as-of", "2021-13-01")]
    [InlineData("stance", "acme", "--known-at", "yesterday")]
    [InlineData("flags", "--state", "open")]
    [InlineData("import", "/no/such/file.jsonl")]
    public async Task a_bad_argument_is_refused_with_a_clear_message_and_exit_2(params string[] args)
    {
        var run = await _fixture.RunAsync(args);

        run.Exit.ShouldBe(2, run.ToString());
        run.Errors.ShouldStartWith("error: ");
    }

    [Fact]
    public async Task flags_json_lists_each_flag_with_its_commitment_and_org_and_filters_by_state()
    {
        var all = await _fixture.RunAsync("flags", "--as-of", "2021-01-01", "--json");
        var alleged = await _fixture.RunAsync("flags", "--org", "acme", "--state", "alleged", "--as-of", "2021-01-01", "--json");
        var beforeFinding = await _fixture.RunAsync("flags", "--state", "alleged", "--as-of", "2020-09-15", "--json");

        var flag = JsonDocument.Parse(all.Json).RootElement.GetProperty("flags").EnumerateArray().ShouldHaveSingleItem();
        flag.GetProperty("commitment").GetString().ShouldBe("acme-moratorium");
        flag.GetProperty("org").GetString().ShouldBe("acme");
        flag.GetProperty("state").GetString().ShouldBe("confirmed");
        JsonDocument.Parse(alleged.Json).RootElement.GetProperty("flags").GetArrayLength().ShouldBe(0);
        JsonDocument.Parse(beforeFinding.Json).RootElement.GetProperty("flags").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task replay_shows_each_dated_change_with_its_source_and_the_stance_after_it()
    {
        var run = await _fixture.RunAsync("replay", "acme", "--topic", "facial-recognition");

        run.Exit.ShouldBe(0, run.ToString());
        var text = run.Console;
        text.IndexOf("2020-06-10", StringComparison.Ordinal).ShouldBeLessThan(text.IndexOf("2020-09-01", StringComparison.Ordinal));
        text.ShouldContain(Url);
        text.ShouldContain("acme-moratorium: moratorium made, in-force");
        text.ShouldContain("flag acme-sale (contradicting-conduct) raised, alleged");
        text.ShouldContain("flag acme-sale alleged → confirmed");
        // The expiry has no entry of its own; replay still shows the day it happened.
        text.ShouldContain("2021-06-10");
        text.ShouldContain("acme-moratorium: in-force → expired");
        text.ShouldNotContain("acme-policy");
    }

    [Fact]
    public async Task commitment_show_lists_its_entries_with_sources_and_its_status()
    {
        var run = await _fixture.RunAsync("commitment", "show", "acme-moratorium", "--as-of", "2021-01-01");
        var missing = await _fixture.RunAsync("commitment", "show", "no-such-commitment");

        run.Exit.ShouldBe(0, run.ToString());
        run.Console.ShouldContain("commitment.made");
        run.Console.ShouldContain("flag.confirmed");
        run.Console.ShouldContain("in-force");
        run.Console.ShouldContain(Url);
        missing.Exit.ShouldBe(2);
        missing.Errors.ShouldContain("no commitment 'no-such-commitment'");
    }

    [Theory]
    [InlineData("import")]
    [InlineData("stance")]
    [InlineData("flags")]
    [InlineData("replay")]
    [InlineData("commitment", "show")]
    [InlineData("projections", "rebuild")]
    [InlineData("demo")]
    [InlineData("generate")]
    [InlineData("checkpoint")]
    [InlineData("verify")]
    [InlineData("prove", "inclusion")]
    [InlineData("prove", "consistency")]
    [InlineData("export")]
    [InlineData("verify-bundle")]
    [InlineData("audit-report")]
    [InlineData("migrate")]
    [InlineData("roles", "grant")]
    public async Task every_command_explains_itself_with_help(params string[] command)
    {
        var run = await _fixture.RunAsync([.. command, "--help"]);

        run.Exit.ShouldBe(0, run.ToString());
        run.Console.ShouldContain("USAGE:");
    }
}
