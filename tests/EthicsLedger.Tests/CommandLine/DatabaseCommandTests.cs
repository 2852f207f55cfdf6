using System.Text.Json;
using EthicsLedger.Hosting.Database;
using EthicsLedger.Tests.Support;
using Npgsql;

namespace EthicsLedger.Tests.CommandLine;

/// <summary><c>db status|stop|start</c> on the private cluster the tests themselves use. Alone: stopping it stops every other test.</summary>
[Collection(nameof(RunsAlone))]
public class DatabaseCommandTests(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    async Task<JsonElement> StatusAsync()
    {
        var run = await fixture.RunAsync("db", "status", "--json");
        run.Exit.ShouldBe(0, run.ToString());
        return JsonDocument.Parse(run.Json).RootElement;
    }

    [Fact]
    public async Task the_private_database_is_reported_stopped_and_started_again_on_its_port()
    {
        if (PostgresLocator.Configured is not null)
        {
            // A database the user gave is theirs: reported, never stopped.
            (await StatusAsync()).GetProperty("managed").GetBoolean().ShouldBeFalse();
            (await fixture.RunAsync("db", "stop")).Exit.ShouldBe(2);
            return;
        }
        var port = new NpgsqlConnectionStringBuilder(fixture.ConnectionString).Port;
        var before = await StatusAsync();
        (before.GetProperty("managed").GetBoolean(), before.GetProperty("running").GetBoolean(), before.GetProperty("port").GetInt32())
            .ShouldBe((true, true, port));
        Directory.Exists(before.GetProperty("dataFolder").GetString()).ShouldBeTrue();

        try
        {
            (await fixture.RunAsync("db", "stop")).Console.ShouldContain("stopped");
            (await StatusAsync()).GetProperty("running").GetBoolean().ShouldBeFalse();
            NpgsqlConnection.ClearAllPools();
            await Should.ThrowAsync<NpgsqlException>(() => fixture.ScalarAsync<int>("select 1"));
            (await fixture.RunAsync("db", "stop")).Console.ShouldContain("was not running");
        }
        finally
        {
            var start = await fixture.RunAsync("db", "start");
            start.Exit.ShouldBe(0, start.ToString());
        }
        var after = await StatusAsync();
        (after.GetProperty("running").GetBoolean(), after.GetProperty("port").GetInt32()).ShouldBe((true, port));
        NpgsqlConnection.ClearAllPools();
        (await fixture.ScalarAsync<int>("select 1")).ShouldBe(1);
    }
}
