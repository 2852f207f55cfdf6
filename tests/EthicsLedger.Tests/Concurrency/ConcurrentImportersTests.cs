using System.Text.Json;
using EthicsLedger.Cli.Infrastructure;
using EthicsLedger.Parsing;
using EthicsLedger.Tests.Support;
using static EthicsLedger.Tests.Support.Json;

namespace EthicsLedger.Tests.Concurrency;

/// <summary>
/// Many importers at once over overlapping organizations and commitments, with races on every rule
/// that spans streams. Whatever the interleaving, the ledger must be one that running the accepted
/// files one after another gives, and every refused file must still be refused by that ledger.
/// </summary>
public class ConcurrentImportersTests
{
    const int Importers = 8;
    const int FilesEach = 50;
    static readonly string[] Orgs = ["ca", "cb", "cc", "cd", "ce"];
    // Everything recorded, at a fixed time, so two readings at different moments can be compared.
    const string KnownAt = "2100-01-01T00:00:00Z";
    static readonly string[] AsOf = ["2020-06-01", "2021-06-01", "2022-06-01", "2023-06-01", "2026-01-01"];

    [Fact]
    public async Task eight_importers_of_fifty_files_each_end_in_the_ledger_a_serial_replay_of_the_accepted_files_gives()
    {
        await using var concurrent = await FreshAsync();
        (await concurrent.ImportAsync(Setup())).Exit.ShouldBe(0);
        var files = RacingFiles(new Random(20200610)).Chunk(FilesEach).ToArray();

        var runs = await Task.WhenAll(files.Select(async (chunk, importer) =>
        {
            await using var connection = concurrent.NewConnection();
            var results = new List<(string[] Lines, CliRun Run)>();
            foreach (var lines in chunk) results.Add((lines, await LedgerFixture.RunAsync(connection, "import", await LedgerFixture.WriteFileAsync(lines))));
            return results;
        }));
        var all = runs.SelectMany(r => r).ToList();
        all.ShouldAllBe(r => r.Run.Exit == 0 || r.Run.Exit == 2, string.Join("\n", all.Where(r => r.Run.Exit is not (0 or 2)).Select(r => r.Run)));
        var accepted = all.Where(r => r.Run.Exit == 0).ToList();
        var refused = all.Where(r => r.Run.Exit == 2).ToList();
        // The generator makes races on every rule; a run where none was lost would test nothing.
        refused.Count.ShouldBeGreaterThan(20);
        accepted.Count.ShouldBeGreaterThan(100);

        // Every accepted file is wholly present; nothing only a refused file holds is.
        var held = await ContentHashesAsync(concurrent);
        foreach (var (lines, run) in accepted) Hashes(lines).ShouldBeSubsetOf(held, run.ToString());
        var onlyRefused = refused.SelectMany(r => Hashes(r.Lines)).Except(accepted.SelectMany(r => Hashes(r.Lines))).Except(Hashes(Setup()));
        held.Intersect(onlyRefused).ShouldBeEmpty();

        // The read models hold every event, and equal a rebuild from the events.
        foreach (var org in Orgs) await ReadModels.ShouldHoldEveryEventAsync(concurrent, org);
        var answers = await AnswersAsync(concurrent);
        (await concurrent.RunAsync("projections", "rebuild")).Exit.ShouldBe(0);
        (await AnswersAsync(concurrent)).ShouldBe(answers);

        // A serial replay of the accepted files, in the order their events were sequenced, accepts each
        // and ends with the same answers; each refused file is refused there too.
        await using var serial = await FreshAsync();
        (await serial.ImportAsync(Setup())).Exit.ShouldBe(0);
        var order = await FirstSequenceAsync(concurrent);
        foreach (var (lines, _) in accepted.OrderBy(r => Hashes(r.Lines).Select(h => order.GetValueOrDefault(h, long.MaxValue)).Min()))
        {
            var replayed = await serial.ImportAsync(lines);
            replayed.Exit.ShouldBe(0, replayed.ToString());
        }
        (await AnswersAsync(serial)).ShouldBe(answers);
        foreach (var (lines, run) in refused)
        {
            var again = await serial.ImportAsync(lines);
            again.Exit.ShouldBe(2, $"refused when racing:\n{run}\nbut not after a serial replay:\n{again}");
        }
    }

    [Fact]
    public async Task two_importer_processes_on_one_organization_both_keep_their_entries()
    {
        await using var fixture = await FreshAsync();
        (await fixture.ImportAsync(Org("ca"), Made("ca-m", "ca", "2020-01-01"))).Exit.ShouldBe(0);
        // Padding on organizations of their own makes the two imports overlap in time.
        var conduct = await LedgerFixture.WriteFileAsync([Conduct("ca-conduct", "2020-03-01", org: "ca", topic: "other"), .. Padding("pad-a")]);
        var amendment = await LedgerFixture.WriteFileAsync([Amended("ca-m", "2020-06-01", statement: "Not ever."), .. Padding("pad-b")]);

        var runs = await Task.WhenAll(CliProcess.RunAsync(fixture, "import", conduct), CliProcess.RunAsync(fixture, "import", amendment));

        runs.ShouldAllBe(r => r.Exit == 0, string.Join("\n", runs.Select(r => r.Errors)));
        await ReadModels.ShouldHoldEveryEventAsync(fixture, "ca");
        (await fixture.ImportAsync(Withdrawn("ca-m", "2021-01-01"))).Exit.ShouldBe(0);
        await ReadModels.ShouldHoldEveryEventAsync(fixture, "ca");
    }

    [Fact]
    public async Task first_imports_racing_into_a_brand_new_ledger_all_go_through()
    {
        await using var fixture = await FreshAsync();
        var files = await Task.WhenAll(Orgs.Select(org => LedgerFixture.WriteFileAsync(Org(org), Made($"{org}-m", org, "2020-01-01"))));

        var runs = await Task.WhenAll(files.Select(async file =>
        {
            await using var connection = fixture.NewConnection();
            return await LedgerFixture.RunAsync(connection, "import", file);
        }));

        runs.ShouldAllBe(r => r.Exit == 0, string.Join("\n", runs.Select(r => r.ToString())));
        foreach (var org in Orgs) await ReadModels.ShouldHoldEveryEventAsync(fixture, org);
    }

    static IEnumerable<string> Padding(string org) =>
        [Org(org), .. Enumerable.Range(0, 5_000).Select(i => Conduct($"{org}-{i}", "2020-01-01", org: org, topic: "other"))];

    /// <summary>Every organization and commitment the racing files refer to, so no file is refused for a missing reference.</summary>
    static string[] Setup() =>
    [
        .. Orgs.Select(org => Org(org)),
        .. Orgs.SelectMany(org => new[] { Made($"{org}-m", org, "2020-01-01"), Made($"{org}-n", org, "2020-01-01", kind: "policy") }),
    ];

    /// <summary>
    /// Small files that race on every rule spanning streams: conduct ids across organizations, a
    /// violation flag id against a conduct of that id, second endings, amendments after an ending.
    /// Conduct and violations are dated before any ending, so an ending never changes what a conduct
    /// flags; then every refusal is one that more entries can never lift, and a file refused while
    /// racing must still be refused after all of them.
    /// </summary>
    static IEnumerable<string[]> RacingFiles(Random random)
    {
        string Commitment() => $"{Orgs[random.Next(Orgs.Length)]}-{(random.Next(2) == 0 ? "m" : "n")}";
        string Date(int from, int to) => new DateOnly(from, 1, 1).AddDays(random.Next((to - from + 1) * 365)).ToString("yyyy-MM-dd");
        string Line() => random.Next(6) switch
        {
            0 or 1 => Conduct($"k{random.Next(40)}", Date(2020, 2021), org: Orgs[random.Next(Orgs.Length)]),
            2 => Violation(Commitment(), $"k{random.Next(40)}", Date(2020, 2021)),
            3 => random.Next(2) == 0 ? Withdrawn(Commitment(), Date(2022, 2024)) : Fulfilled(Commitment(), Date(2022, 2024)),
            _ => Amended(Commitment(), Date(2020, 2025), statement: $"Restated {random.Next(1000)}."),
        };
        for (var i = 0; i < Importers * FilesEach; i++)
            yield return Enumerable.Range(0, random.Next(1, 4)).Select(_ => Line()).ToArray();
    }

    static IEnumerable<string> Hashes(IEnumerable<string> lines) =>
        lines.Select(l => CanonicalJson.Hash(CanonicalJson.Text(JsonDocument.Parse(l).RootElement)));

    static async Task<HashSet<string>> ContentHashesAsync(LedgerFixture fixture) =>
        (await fixture.ScalarAsync<string>($"select string_agg(data ->> 'ContentHash', ',') from {fixture.Schema}.mt_events where stream_id <> 'mt_tombstone'"))!
            .Split(',').ToHashSet();

    static async Task<Dictionary<string, long>> FirstSequenceAsync(LedgerFixture fixture) =>
        (await fixture.ScalarAsync<string>($"select string_agg((data ->> 'ContentHash') || '=' || seq_id, ',') from {fixture.Schema}.mt_events where stream_id <> 'mt_tombstone'"))!
            .Split(',').Select(p => p.Split('=')).ToDictionary(p => p[0], p => long.Parse(p[1]));

    static async Task<string> AnswersAsync(LedgerFixture fixture)
    {
        var answers = new List<string>();
        foreach (var org in Orgs)
            foreach (var asOf in AsOf)
            {
                var run = await fixture.RunAsync("stance", org, "--as-of", asOf, "--known-at", KnownAt, "--json");
                run.Exit.ShouldBe(0, run.ToString());
                answers.Add(run.Json);
            }
        var flags = await fixture.RunAsync("flags", "--as-of", "2026-01-01", "--known-at", KnownAt, "--json");
        flags.Exit.ShouldBe(0, flags.ToString());
        answers.Add(flags.Json);
        return string.Join("\n", answers);
    }

    static async Task<LedgerFixture> FreshAsync()
    {
        var fixture = new LedgerFixture();
        await fixture.InitializeAsync();
        return fixture;
    }
}
