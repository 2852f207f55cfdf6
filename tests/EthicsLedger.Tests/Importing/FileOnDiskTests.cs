using System.Text;
using EthicsLedger.Cli.Commands;
using EthicsLedger.Importing;
using EthicsLedger.Parsing;
using EthicsLedger.Projections;
using EthicsLedger.Tests.Parsing;
using EthicsLedger.Tests.Support;
using static EthicsLedger.Tests.Support.Json;

namespace EthicsLedger.Tests.Importing;

/// <summary>
/// The command line does not hold the file it imports: it reads it in blocks of whole lines, keeps each line's key and
/// place, and reads a line again from the file when the import needs its entry (issue 12). A file on disk must parse as
/// the contract splits it, whatever falls on a block's edge, and a file written to meanwhile must append nothing.
/// </summary>
public class FileOnDiskTests
{
    static readonly LedgerFile.HeldContent NothingHeld = (_, _, _) => Task.FromResult<IReadOnlySet<Sha256>>(new HashSet<Sha256>());

    [Fact]
    public async Task a_file_of_many_blocks_parses_line_for_line_as_an_independent_split_of_it()
    {
        var text = new StringBuilder("\uFEFF");
        for (var i = 0; i < 90_000; i++)
        {
            text.Append(i % 7 == 3 ? Made($"c{i}", $"o{i - 1}") : Org($"o{i}"));
            text.Append(i % 5 == 0 ? "\r\n" : "\n");
            if (i % 1_000 == 0) text.Append("  \t\n\n");
            if (i % 9_999 == 0) text.Append("{not json\n");
            // A line longer than a block, which is refused, and after which numbering carries on.
            if (i == 40_000) text.Append(Line(new { type = "organization.registered", org = "long", name = new string('x', 5_000_000) })).Append('\n');
        }
        text.Append(Org("last")); // no final line break
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        var path = Path.Combine(Path.GetTempPath(), $"ethicsledger-blocks-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllBytesAsync(path, bytes);

        using var file = new LineSource.OnDisk(path);
        var lines = await LedgerFile.ParseAsync(file, NothingHeld, null, CancellationToken.None);

        // The contract's split, done here without the product's code: LF ends a line, a CR before it is dropped, a line of
        // only white space is skipped, and lines are numbered from 1 counting every line.
        var expected = Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF').Split('\n')
            .Select((line, i) => (Number: i + 1, Text: line.TrimEnd('\r')))
            .Where(l => l.Text.Trim(' ', '\t', '\r').Length > 0).ToList();
        lines.Select(l => l.Line).ShouldBe(expected.Select(l => l.Number));
        foreach (var (line, (number, lineText)) in lines.Zip(expected))
        {
            if (lineText.Length > LedgerFile.MaxLineBytes) { line.Error.ShouldNotBeNull().ShouldContain("bytes long"); continue; }
            var parsed = Parsed.File(lineText).Single();
            line.Error.ShouldBe(parsed.Error, $"line {number}");
            line.Key.ShouldBe(parsed.Key, $"line {number}");
        }
        // What was read again from the file is the line itself, wherever it falls.
        foreach (var line in lines.Where(l => l.Key is not null).Where((_, i) => i % 997 == 0))
            line.Read()!.Content.ShouldBe(Parsed.File(expected.Single(e => e.Number == line.Line).Text).Single().Read()!.Content);
        // An upload in memory is split the same way.
        LedgerFile.Parse(bytes).Select(l => (l.Line, l.Error, l.Key)).ShouldBe(lines.Select(l => (l.Line, l.Error, l.Key)));
    }

    /// <summary>
    /// A file is hashed, then the ledger is asked which lines it holds, then the lines not held are parsed from a second
    /// reading. A write in between (same length, one held line replaced by another) must not let the new line pass as held.
    /// </summary>
    [Theory]
    [InlineData(2)]      // in the only block
    [InlineData(25_000)] // in the second block of a file of two
    public async Task a_file_changed_between_hashing_and_parsing_is_refused_not_taken_as_held(int changed)
    {
        var original = GenerateCommand.Lines().Take(Math.Max(changed, 3)).ToArray();
        var path = Path.Combine(Path.GetTempPath(), $"ethicsledger-changed-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllLinesAsync(path, original);
        var allHeld = new HashSet<Sha256>(original.Select(l => EntryParser.ContentHashOf(Encoding.UTF8.GetBytes(l))!.Value));
        var at = original[changed - 1].IndexOf("org-", StringComparison.Ordinal);
        var replacement = original[changed - 1][..at] + "orh-" + original[changed - 1][(at + 4)..];

        using var file = new LineSource.OnDisk(path);
        var refused = await Should.ThrowAsync<FileChangedException>(() => LedgerFile.ParseAsync(file, async (hashes, _, _) =>
        {
            // Everything was held when the ledger was asked; then line `changed` is rewritten, same length, other content.
            await File.WriteAllLinesAsync(path, original.Select((l, i) => i == changed - 1 ? replacement : l));
            return allHeld;
        }, null, CancellationToken.None));
        refused.Message.ShouldContain("nothing was appended");
    }
}

public class FileOnDiskImportTests(LedgerFixture ledger) : IClassFixture<LedgerFixture>
{
    /// <summary>The ledger's tables exist once something was imported.</summary>
    async Task<long> EventCountAsync()
    {
        (await ledger.ImportAsync(Org("present"))).Exit.ShouldBe(0);
        return await ledger.EventCountAsync();
    }

    [Fact]
    public async Task a_file_changed_after_it_was_checked_appends_nothing_and_says_so()
    {
        var org = "f" + Guid.NewGuid().ToString("N")[..10];
        string[] file = [Org(org), Made($"{org}-c", org), Amended($"{org}-c", "2020-02-01", statement: "First.")];
        var path = await LedgerFixture.WriteFileAsync(file);
        var store = await ledger.Ledger.StoreAsync();
        var bus = await ledger.Ledger.BusAsync();
        var before = await EventCountAsync();

        using var source = new LineSource.OnDisk(path);
        var lines = await LedgerFile.ParseAsync(source, store.HeldContentAsync, null, CancellationToken.None);
        // Someone writes to the file before the import reads its lines again: same length, other words.
        await File.WriteAllTextAsync(path, string.Join("\n", file).Replace("First.", "Other."));

        var refused = await Should.ThrowAsync<FileChangedException>(() => bus.ImportAsync(lines, null, CancellationToken.None));
        refused.Message.ShouldContain("line 3");
        refused.Message.ShouldContain("nothing was appended");
        (await ledger.EventCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task a_file_of_many_blocks_imports_whole_then_re_imports_as_a_no_op()
    {
        var lines = GenerateCommand.Lines().Take(30_000).ToArray(); // about 5.6 MB: two blocks
        var path = await LedgerFixture.WriteFileAsync(lines);
        new FileInfo(path).Length.ShouldBeGreaterThan(4 * 1024 * 1024);
        var before = await EventCountAsync();

        var first = await ledger.RunAsync("import", path, "--json");
        first.Exit.ShouldBe(0, first.ToString());
        first.Json.ShouldContain($"\"appended\":{lines.Length}");
        (await ledger.EventCountAsync()).ShouldBe(before + lines.Length);

        var again = await ledger.RunAsync("import", path, "--json");
        again.Exit.ShouldBe(0, again.ToString());
        again.Json.ShouldContain("\"appended\":0");
        again.Json.ShouldContain($"\"alreadyInLedger\":{lines.Length}");
        (await ledger.EventCountAsync()).ShouldBe(before + lines.Length);
    }
}
