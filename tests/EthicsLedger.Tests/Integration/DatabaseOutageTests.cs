using System.Net;
using System.Net.Sockets;
using EthicsLedger.Cli.Infrastructure;
using EthicsLedger.Tests.Support;
using Marten;
using Npgsql;
using static EthicsLedger.Tests.Support.Json;

namespace EthicsLedger.Tests.Integration;

/// <summary>The database out of reach, or gone in the middle of an import: a message naming the server, and nothing lost.</summary>
public class DatabaseOutageTests : IClassFixture<LedgerFixture>
{
    readonly LedgerFixture _fixture;
    public DatabaseOutageTests(LedgerFixture fixture) => _fixture = fixture;

    [Theory]
    [InlineData("stance", "acme")]
    [InlineData("import", "FILE")]
    [InlineData("verify")]
    public async Task a_server_that_is_not_running_is_named_with_its_host_and_port(params string[] args)
    {
        var port = FreePort();
        await using var nowhere = new LedgerConnection($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Timeout=5", _fixture.Schema)
        { Keys = _fixture.KeysFolder };
        var file = await LedgerFixture.WriteFileAsync(Org("nowhere"));

        var run = await LedgerFixture.RunAsync(nowhere, args.Select(a => a == "FILE" ? file : a).ToArray());

        run.Exit.ShouldBe(1, run.ToString());
        run.Errors.ShouldContain($"PostgreSQL at 127.0.0.1:{port}");
        run.Errors.ShouldContain("Check that the server is running");
    }

    [Fact]
    public async Task a_connection_cut_in_the_middle_of_an_import_appends_nothing_says_so_and_the_rerun_completes_it()
    {
        var file = await LedgerFixture.WriteFileAsync(Org("cut"), Made("cut-c", "cut", "2020-01-01"), Conduct("cut-conduct", "2020-02-01", org: "cut"));
        await using var cutting = _fixture.NewConnection(services => services.ConfigureMarten(o => o.Listeners.Add(new ServerGoneBeforeSaving(_fixture))));

        var run = await LedgerFixture.RunAsync(cutting, "import", file);

        run.Exit.ShouldBe(1, run.ToString());
        var server = new NpgsqlConnectionStringBuilder(_fixture.ConnectionString);
        run.Errors.ShouldContain($"lost the connection to PostgreSQL at {server.Host}:{server.Port}");
        run.Errors.ShouldContain("run it again");
        (await _fixture.ScalarAsync<long>($"select count(*) from {_fixture.Schema}.mt_events where data ->> 'Org' = 'cut'")).ShouldBe(0);

        var again = await _fixture.RunAsync("import", file);
        again.Exit.ShouldBe(0, again.ToString());
        again.Console.ShouldContain("Appended 3 entries");
        await ReadModels.ShouldHoldEveryEventAsync(_fixture, "cut");
    }

    static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>What the import sees of a server restart: its backend terminated just as it saves, once.</summary>
    sealed class ServerGoneBeforeSaving(LedgerFixture fixture) : DocumentSessionListenerBase
    {
        int _done;

        public override async Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
        {
            if (Interlocked.Exchange(ref _done, 1) != 0) return;
            await fixture.ScalarAsync<bool>($"select pg_terminate_backend({session.Connection!.ProcessID})");
        }
    }
}
