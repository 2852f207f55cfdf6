using System.ComponentModel;
using EthicsLedger.Cli.Infrastructure;
using EthicsLedger.Cli.Rendering;
using EthicsLedger.Hosting;
using EthicsLedger.Hosting.Audit;
using EthicsLedger.Storage;
using JasperFx;
using JasperFx.Resources;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EthicsLedger.Cli.Commands;

/// <summary>
/// As the schema's owner: create or update every table and function the ledger needs — Marten's,
/// Wolverine's and the integrity log's — appending nothing, so the application role never needs DDL.
/// </summary>
public sealed class MigrateSettings : CommandSettings
{
    [CommandOption("--json")]
    [Description("Print {\"schema\", \"upToDate\": true} instead of a sentence.")]
    public bool Json { get; init; }
}

public sealed class MigrateCommand(LedgerConnection ledger, Output output) : AsyncCommand<MigrateSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, MigrateSettings settings, CancellationToken cancellation)
    {
        await using (var connection = new NpgsqlConnection(ledger.ConnectionString))
        {
            await connection.OpenAsync(cancellation);
            // Another process may be making this ledger's tables at the same moment (see SchemaChangeLock).
            await SchemaChangeLock.HoldAsync(connection, ledger.Schema, async () =>
            {
                using (var host = LedgerHost.Build(ledger.ConnectionString, ledger.Schema))
                {
                    await host.SetupResources(cancellation);
                    await host.Services.GetRequiredService<IDocumentStore>().Storage.ApplyAllConfiguredChangesToDatabaseAsync(AutoCreate.CreateOrUpdate);
                }
                await IntegrityTables.EnsureAsync(connection, ledger.Schema, cancellation);
                await Projections.LedgerIndexes.CreateAsync(connection, ledger.Schema, cancellation);
                await Hosting.Witnessing.NoteSignatureTable.EnsureAsync(connection, ledger.Schema, cancellation);
                await Server.Access.ApiKeys.EnsureAsync(connection, ledger.Schema, cancellation);
            }, cancellation);
        }
        if (settings.Json) await output.Json.WriteLineAsync(System.Text.Json.JsonSerializer.Serialize(new { schema = ledger.Schema, upToDate = true }));
        else output.Console.MarkupLine($"Schema [green]{SafeMarkup.Line(ledger.Schema)}[/] is up to date; grant the application role again (roles grant).");
        return ExitCodes.Ok;
    }
}
