using System.Text.RegularExpressions;
using EthicsLedger.Tests.Support;

namespace EthicsLedger.Tests.CommandLine;

/// <summary>
/// The README's "Using it" examples, run in order on a ledger of their own, as a newcomer types them: each must
/// exit 0. Files they name are put in a folder of the test's own; the few that run until stopped, need a second
/// program or a password are listed in <see cref="LongRunningOrExternal"/> with the test that covers each.
/// </summary>
public class ReadmeExampleTests(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    static readonly Dictionary<string, string> LongRunningOrExternal = new()
    {
        ["witness "] = "runs until stopped (WitnessedLedgerTests)",
        ["checkpoint --witness-policy"] = "needs running witnesses (WitnessedLedgerTests)",
        ["roles grant"] = "needs a password and the owner's role (LeastPrivilegeTests)",
        ["relay "] = "runs until stopped (FaultTests)",
        ["watch --org"] = "runs until stopped (ProcessTests)",
        ["forward "] = "runs until stopped (WebhookForwarderTests)",
        ["serve "] = "runs until stopped (ServeProcessTests, DemoTests)",
        ["verify-bundle new.json"] = "an elided key and a second bundle (BundleTests)",
    };

    static IEnumerable<string> Examples()
    {
        var readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));
        var block = Regex.Match(readme, @"## Using it\s+```bash\n(.*?)```", RegexOptions.Singleline).Groups[1].Value;
        return block.Split('\n').Select(l => Regex.Replace(l, @"\s+#\s.*$", "").Trim())
            .Where(l => l.StartsWith("ethicsledger ") && !l.Contains('<'))
            .Select(l => l["ethicsledger ".Length..].Replace("src/EthicsLedger.Cli/Demo/story-2020.jsonl", EthicsLedger.Cli.Commands.DemoCommand.StoryFile));
    }

    static string[] Words(string line) =>
        Regex.Matches(line, "\"([^\"]*)\"|(\\S+)").Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value).ToArray();

    [Fact]
    public async Task every_example_in_the_readme_runs_green()
    {
        var files = Directory.CreateTempSubdirectory("ethicsledger-readme-").FullName;
        var ran = new List<string>();
        foreach (var example in Examples())
        {
            if (LongRunningOrExternal.Keys.FirstOrDefault(example.StartsWith) is not null) continue;
            var line = example
                // `date` to the second, typed a moment after the import; here it may run within the import's second.
                .Replace("$(date -u +%Y-%m-%dT%H:%M:%SZ)", DateTimeOffset.UtcNow.AddSeconds(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"))
                .Replace(".keys/ledger-signing-key.pub.pem", Path.Combine(fixture.KeysFolder, "ledger-signing-key.pub.pem"));
            var args = Words(line).Select(w => (w.EndsWith(".json") || w.EndsWith(".jsonl") || w.EndsWith(".sql")) && !w.Contains('/') ? Path.Combine(files, w) : w).ToArray();
            var run = await fixture.RunAsync(args);
            run.Exit.ShouldBe(0, $"ethicsledger {example}\n{run}");
            ran.Add(args[0]);
        }
        ran.ShouldContain("import");
        ran.ShouldContain("verify-bundle");
        ran.Count.ShouldBeGreaterThanOrEqualTo(16);
    }
}
