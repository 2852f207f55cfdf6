using EthicsLedger.Importing;
using EthicsLedger.Projections;
using EthicsLedger.Storage;
using JasperFx;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Wolverine;
using Wolverine.Marten;

namespace EthicsLedger.Hosting;

/// <summary>
/// The one place the ledger's host is assembled — Marten for the events and read models, Wolverine
/// for the commands — so the command line and the tests run exactly the same wiring.
/// </summary>
public static class LedgerHost
{
    public const string DefaultSchema = "ethicsledger";

    public static IHost Build(string connectionString, string schema = DefaultSchema, TimeProvider? clock = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(clock ?? TimeProvider.System);
        builder.Services.AddScoped<ILedgerReader, MartenLedgerReader>();

        builder.Services.AddMarten(options =>
            {
                options.Connection(connectionString);
                options.ConfigureLedgerEvents(schema).ConfigureLedgerProjections();
                options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
            })
            .IntegrateWithWolverine(integration => integration.MessageStorageSchemaName = schema);

        builder.UseWolverine(options =>
        {
            options.UseRuntimeCompilation();
            // Commands run in the caller's process, in the caller's transaction; nothing is queued yet.
            options.Durability.Mode = DurabilityMode.MediatorOnly;
            options.Policies.AutoApplyTransactions();
            options.Discovery.IncludeAssembly(typeof(ImportEntries).Assembly);
        });
        return builder.Build();
    }
}
