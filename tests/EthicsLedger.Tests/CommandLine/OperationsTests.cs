using EthicsLedger.Tests.Support;

namespace EthicsLedger.Tests.CommandLine;

/// <summary>JasperFx's operations commands over the ledger's host, as a Marten or Wolverine user runs them: a process each.</summary>
public class OperationsTests(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    [Fact]
    public async Task db_patch_hands_a_dba_the_sql_and_db_assert_fails_until_migrate_made_the_schema()
    {
        var patch = Path.Combine(Path.GetTempPath(), $"ledger-{Guid.NewGuid():N}.sql");
        var (exit, errors) = await CliProcess.RunAsync(fixture, "ops", "db-patch", patch, "-d", "marten://store/");
        exit.ShouldBe(0, errors);
        var sql = await File.ReadAllTextAsync(patch);
        sql.ShouldContain($"CREATE TABLE IF NOT EXISTS {fixture.Schema}.mt_events", Case.Insensitive);
        sql.ShouldContain($"{fixture.Schema}.mt_streams", Case.Insensitive);

        (await CliProcess.RunAsync(fixture, "ops", "db-assert", "-d", "marten://store/")).Exit.ShouldNotBe(0);
        (await fixture.RunAsync("migrate")).Exit.ShouldBe(0);
        (await CliProcess.RunAsync(fixture, "ops", "db-assert", "-d", "marten://store/")).Exit.ShouldBe(0);
        (await CliProcess.RunAsync(fixture, "ops", "check-env")).Exit.ShouldBe(0);
        (await CliProcess.RunAsync(fixture, "ops", "describe")).Exit.ShouldBe(0);
    }
}
