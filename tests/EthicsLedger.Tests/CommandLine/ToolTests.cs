using System.Diagnostics;
using EthicsLedger.Cli.Infrastructure;
using EthicsLedger.Hosting.Database;
using EthicsLedger.Tests.Support;
using static EthicsLedger.Tests.Support.Json;

namespace EthicsLedger.Tests.CommandLine;

/// <summary>
/// The command line as a .NET tool, as a user installs it: packed, installed into a folder of its own from
/// that package alone, then run by its name. Alone, because packing builds the whole solution in Release.
/// </summary>
[Collection(nameof(RunsAlone))]
public class ToolTests(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    static async Task<(int Exit, string Output)> RunAsync(string program, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(8)).Token);
        return (process.ExitCode, await output + await errors);
    }

    [Fact]
    public async Task the_tool_installs_from_its_package_reports_its_version_and_reads_the_ledger()
    {
        var work = Path.Combine(Path.GetTempPath(), $"ethicsledger-tool-{Guid.NewGuid():N}");
        var (packages, tools) = (Path.Combine(work, "packages"), Path.Combine(work, "tools"));
        var pack = await RunAsync("dotnet", null, "pack", Path.Combine(Repository.Root, "src", "EthicsLedger.Cli"), "-c", "Release", "-o", packages, "-nologo", "-v", "q");
        pack.Exit.ShouldBe(0, pack.Output);
        var install = await RunAsync("dotnet", null, "tool", "install", "EthicsLedger.Tool", "--tool-path", tools, "--add-source", packages, "--version", EthicsLedger.Cli.Cli.Version);
        install.Exit.ShouldBe(0, install.Output);
        var tool = Path.Combine(tools, "ethicsledger");

        var version = await RunAsync(tool, null, "--version");
        version.Exit.ShouldBe(0, version.Output);
        version.Output.Trim().ShouldBe(EthicsLedger.Cli.Cli.Version);

        (await fixture.ImportAsync(Org("tooled"), Made("tooled-c", "tooled", "2020-01-01"))).Exit.ShouldBe(0);
        var ledger = new Dictionary<string, string> { [PostgresLocator.EnvironmentVariable] = fixture.ConnectionString, [LedgerConnection.SchemaVariable] = fixture.Schema };
        var stance = await RunAsync(tool, ledger, "stance", "tooled", "--as-of", "2020-06-01", "--known-at", "2099-01-01T00:00:00Z", "--json");
        stance.Exit.ShouldBe(0, stance.Output);
        stance.Output.Trim().ShouldBe((await fixture.RunAsync("stance", "tooled", "--as-of", "2020-06-01", "--known-at", "2099-01-01T00:00:00Z", "--json")).Json.Trim());
        Directory.Delete(work, recursive: true);
    }
}
