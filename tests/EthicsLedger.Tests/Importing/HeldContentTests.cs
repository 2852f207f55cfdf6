using System.Text;
using EthicsLedger.Importing;
using EthicsLedger.Parsing;
using EthicsLedger.Rules;
using EthicsLedger.Tests.Support;
using Npgsql;
using static EthicsLedger.Tests.Support.Json;

namespace EthicsLedger.Tests.Importing;

/// <summary>
/// "A line whose content is already in the ledger … is a no-op (it is set aside before any other check)." A file is
/// hashed line by line first; the lines whose content the ledger holds are set aside unread, and only the others are
/// read as entries. The results are checked against the plain parse of the same file.
/// </summary>
public class HeldContentTests
{
    static byte[] File(params string[] lines) => Encoding.UTF8.GetBytes(string.Join("\n", lines));

    static Sha256 HashOf(string line) => EntryParser.ContentHashOf(Encoding.UTF8.GetBytes(line))!.Value;

    static readonly string[] Lines =
    [
        Org("acme"),
        "{not json",
        Made("c1", on: "2020-01-01"),
        "",
        """{"type":"organization.registered","org":"Bad Slug","name":"x"}""",
        Amended("c1", "2020-06-01", statement: "Later."),
        "[1, 2]",
    ];

    [Fact]
    public async Task held_lines_are_set_aside_unread_and_every_other_line_is_parsed_as_the_plain_parse_does()
    {
        var held = new HashSet<Sha256> { HashOf(Lines[0]), HashOf(Lines[5]) };
        var asked = new List<Sha256>();
        var lines = await LedgerFile.ParseAsync(File(Lines), (hashes, _, _) =>
        {
            asked.AddRange(hashes);
            return Task.FromResult<IReadOnlySet<Sha256>>(held);
        }, CancellationToken.None);

        var plain = LedgerFile.Parse(File(Lines));
        lines.Select(l => l.Line).ShouldBe(plain.Select(l => l.Line));
        foreach (var (line, expected) in lines.Zip(plain))
        {
            if (line.Line is 1 or 6)
            {
                line.Held.ShouldBeTrue();
                line.Read().ShouldBeNull();
                line.Error.ShouldBeNull();
                continue;
            }
            line.Held.ShouldBeFalse();
            line.Error.ShouldBe(expected.Error);
            line.Declares.ShouldBe(expected.Declares);
            line.Key.ShouldBe(expected.Key);
            line.Read()?.Content.ShouldBe(expected.Read()!.Content);
            line.Read()?.ContentHash.ShouldBe(expected.Read()!.ContentHash);
            line.Read()?.GetType().ShouldBe(expected.Read()!.GetType());
        }
        // Only lines that are JSON objects have content to ask about; the others are refused as before.
        asked.Count.ShouldBe(4);
        asked.ShouldContain(HashOf(Lines[4]));
    }

    [Fact]
    public async Task held_content_is_recognised_whatever_its_key_order_and_white_space()
    {
        var stored = Org("acme");
        var respelled = """{ "name" : "acme Inc." ,"org":"acme",   "type":"organization.registered" }""";
        HashOf(respelled).ShouldBe(HashOf(stored));
        var lines = await LedgerFile.ParseAsync(File(respelled),
            (_, _, _) => Task.FromResult<IReadOnlySet<Sha256>>(new HashSet<Sha256> { HashOf(stored) }), CancellationToken.None);
        lines.Single().Held.ShouldBeTrue();
    }

    [Fact]
    public async Task a_held_line_is_set_aside_before_any_other_check_and_counts_as_already_in_the_ledger()
    {
        // Content the ledger holds that today's checks would refuse (a rule tightened since it was recorded, say):
        // it is still the ledger's content, so importing it again is a no-op, not a refusal.
        var refusedToday = """{"type":"organization.registered","org":"acme","name":"Acme","nickname":"A"}""";
        LedgerFile.Parse(File(refusedToday)).Single().Error.ShouldNotBeNull();
        var lines = await LedgerFile.ParseAsync(File(refusedToday, Org("globex")),
            (_, _, _) => Task.FromResult<IReadOnlySet<Sha256>>(new HashSet<Sha256> { HashOf(refusedToday) }), CancellationToken.None);

        var plan = ImportRules.Check(lines, LedgerSnapshot.Empty, TestLedger.Now);
        plan.IsValid.ShouldBeTrue(string.Join("\n", plan.Errors));
        plan.AlreadyInLedger.ShouldBe(1);
        plan.ToAppend.Single().Org.ShouldBe("globex");
    }
}

/// <summary>Re-importing what the ledger holds reads no entry and takes no lock: it does not wait behind an import of the same organization.</summary>
public class HeldContentImportTests(LedgerFixture ledger) : IClassFixture<LedgerFixture>
{
    [Fact]
    public async Task a_re_import_of_held_lines_does_not_wait_for_an_import_holding_their_organization_and_a_new_line_does()
    {
        var org = "h" + Guid.NewGuid().ToString("N")[..10];
        string[] file = [Org(org), Made($"{org}-c", org, "2020-01-01"), Amended($"{org}-c", "2020-02-01", statement: "Amended.")];
        (await ledger.ImportAsync(file)).Exit.ShouldBe(0);
        var before = await ledger.EventCountAsync();

        // Another import's transaction, holding the organization's lock as ImportLocks takes it.
        await using var rival = new NpgsqlConnection(ledger.ConnectionString);
        await rival.OpenAsync();
        await using var transaction = await rival.BeginTransactionAsync();
        await using (var take = new NpgsqlCommand(
            "select pg_advisory_xact_lock_shared(hashtextextended(@ledger, 0)), pg_advisory_xact_lock(hashtextextended(@ledger || ':' || @key, 0))", rival, transaction))
        {
            take.Parameters.AddWithValue("ledger", ledger.Schema + ":imports");
            take.Parameters.AddWithValue("key", EthicsLedger.Entries.Streams.ForOrg(org));
            await take.ExecuteNonQueryAsync();
        }

        var again = ledger.RunAsync("import", await LedgerFixture.WriteFileAsync(file), "--json");
        (await Task.WhenAny(again, Task.Delay(TimeSpan.FromSeconds(30)))).ShouldBe(again, "the re-import waited for the other import's lock");
        var run = await again;
        run.Exit.ShouldBe(0, run.ToString());
        run.Json.ShouldContain("\"appended\":0");
        run.Json.ShouldContain($"\"alreadyInLedger\":{file.Length}");

        // The lock is real: a file with one new line for the organization waits for it, and goes through once it is released.
        var extended = ledger.RunAsync("import", await LedgerFixture.WriteFileAsync([.. file, Amended($"{org}-c", "2020-03-01", statement: "Again.")]));
        (await Task.WhenAny(extended, Task.Delay(TimeSpan.FromSeconds(2)))).ShouldNotBe(extended);
        await transaction.RollbackAsync();
        (await extended).Exit.ShouldBe(0);
        (await ledger.EventCountAsync()).ShouldBe(before + 1);
    }
}
