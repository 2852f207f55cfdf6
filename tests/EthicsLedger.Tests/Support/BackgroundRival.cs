using EthicsLedger.Cli.Infrastructure;
using Marten;
using Npgsql;

namespace EthicsLedger.Tests.Support;

/// <summary>
/// A second importer that starts at the worst moment — once the first import has read the ledger —
/// and lets the first one go on only when the rival is either blocked behind it or already done.
/// That pins the interleaving a race needs, instead of hoping two processes overlap.
/// </summary>
public sealed class BackgroundRival(LedgerFixture fixture, string file)
{
    readonly string _application = "rival-" + Guid.NewGuid().ToString("N")[..12];
    Task<CliRun>? _run;

    public Task<CliRun> Run => _run ?? throw new InvalidOperationException("the rival never started");

    public async Task StartAndWaitAsync()
    {
        if (_run is not null) return;
        _run = Task.Run(async () =>
        {
            await using var connection = new LedgerConnection(
                fixture.ConnectionString + $";Application Name={_application}", fixture.Schema) { Keys = fixture.KeysFolder };
            return await LedgerFixture.RunAsync(connection, "import", file);
        });
        var until = DateTime.UtcNow.AddMinutes(2);
        while (!_run.IsCompleted && !await WaitingOnALockAsync() && DateTime.UtcNow < until) await Task.Delay(20);
    }

    async Task<bool> WaitingOnALockAsync()
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select exists (select 1 from pg_stat_activity where application_name = @app and wait_event_type = 'Lock')", connection);
        command.Parameters.AddWithValue("app", _application);
        return (bool)(await command.ExecuteScalarAsync())!;
    }
}

/// <summary>
/// Starts the rival when the import is about to save: after its checks and after Marten loaded the
/// read models it will update, the widest window a concurrent writer could slip through.
/// </summary>
public sealed class RivalStartsBeforeSaving(BackgroundRival rival) : DocumentSessionListenerBase
{
    public override Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token) => rival.StartAndWaitAsync();
}
