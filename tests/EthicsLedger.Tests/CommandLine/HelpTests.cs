using System.Text.Json;
using EthicsLedger.Cli.Infrastructure;
using EthicsLedger.Tests.Support;

namespace EthicsLedger.Tests.CommandLine;

/// <summary>Every command's help is readable without a database, the version is printed, and logs never mix into results.</summary>
public class HelpTests : IClassFixture<LedgerFixture>
{
    readonly LedgerFixture _fixture;
    public HelpTests(LedgerFixture fixture) => _fixture = fixture;

    /// <summary>No database behind it: help must not need one.</summary>
    static readonly LedgerConnection Nowhere = new("Host=127.0.0.1;Port=1;Timeout=1", "help_only");

    public static TheoryData<string> Commands() => new(Names);

    static readonly string[] Names =
    [
        "import", "stance", "flags", "replay", "commitment show", "projections rebuild", "checkpoint", "verify", "audit-report",
        "prove inclusion", "prove consistency", "export", "verify-bundle", "migrate", "roles grant", "db status", "db start", "db stop", "relay", "watch", "forward",
        "dead-letters list", "dead-letters replay", "generate", "demo", "witness", "note-key", "commitment", "prove", "dead-letters", "roles", "projections",
        "serve", "keys", "keys create", "keys list", "keys revoke",
    ];

    [Theory]
    [InlineData("stance", "--as-oof", "2020-01-01", "amazon")]
    [InlineData("flags", "--stat", "alleged")]
    [InlineData("import", "story.jsonl", "--dry-run")]
    public async Task a_mistyped_option_is_refused_by_name_before_anything_runs(params string[] args)
    {
        var run = await LedgerFixture.RunAsync(Nowhere, args);
        run.Exit.ShouldBe(2, run.ToString());
        run.Errors.ShouldContain($"Unknown option '{args.First(a => a.StartsWith("--"))[2..]}'");
    }

    [Theory]
    [InlineData("stanse amazon", "Unknown command 'stanse'. Did you mean 'stance'?")]
    [InlineData("verfy", "Unknown command 'verfy'. Did you mean 'verify'?")]
    [InlineData("keys creat alice", "Unknown command 'creat'. Did you mean 'create'?")]
    [InlineData("dead-letters replya", "Unknown command 'replya'. Did you mean 'replay'?")]
    [InlineData("frobnicate", "Unknown command 'frobnicate'.")]
    public async Task a_mistyped_command_is_refused_with_the_nearest_one_when_there_is_one(string command, string says)
    {
        var run = await LedgerFixture.RunAsync(Nowhere, command.Split(' '));
        run.Exit.ShouldBe(2, run.ToString());
        run.Errors.Trim().ShouldBe($"error: {says}");
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task every_command_s_help_prints_its_usage_and_exits_0(string command)
    {
        var run = await LedgerFixture.RunAsync(Nowhere, [.. command.Split(' '), "--help"]);

        run.Exit.ShouldBe(0, run.ToString());
        run.Console.ShouldContain("USAGE");
        run.Errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task the_top_level_help_lists_every_command()
    {
        var run = await LedgerFixture.RunAsync(Nowhere, "--help");

        run.Exit.ShouldBe(0, run.ToString());
        foreach (var command in Names.Select(c => c.Split(' ')[0]).Distinct()) run.Console.ShouldContain(command);
    }

    [Fact]
    public async Task version_prints_the_product_s_version()
    {
        var run = await LedgerFixture.RunAsync(Nowhere, "--version");

        run.Exit.ShouldBe(0, run.ToString());
        run.Console.Trim().ShouldBe(EthicsLedger.Cli.Cli.Version);
        EthicsLedger.Cli.Cli.Version.ShouldMatch(@"^\d+\.\d+\.\d+");
    }

    [Fact]
    public async Task logs_asked_for_go_to_standard_error_so_json_on_standard_output_stays_json()
    {
        (await _fixture.ImportAsync(Json.Org("logged"))).Exit.ShouldBe(0);

        await using var cli = CliProcess.Start(_fixture, new Dictionary<string, string> { ["ETHICSLEDGER_LOG"] = "Information" }, "stance", "logged", "--json");
        var exit = await cli.WaitForExitAsync(seconds: 60);

        exit.ShouldBe(0, cli.Errors);
        cli.Errors.ShouldNotBeEmpty("Information logs were asked for");
        JsonDocument.Parse(string.Join('\n', cli.Lines)).RootElement.GetProperty("org").GetString().ShouldBe("logged");
    }
}
