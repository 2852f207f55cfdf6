using EthicsLedger.Hosting.Messaging;
using EthicsLedger.Importing;
using EthicsLedger.Projections;
using EthicsLedger.Storage;
using JasperFx;
using JasperFx.Events.Daemon;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
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

    /// <summary>
    /// Set to <c>none</c> for a host that never creates or alters schema objects — the application
    /// role's, once the owner ran <c>migrate</c> (docs/least-privilege.md). Default: create or update.
    /// </summary>
    public const string SchemaChangesVariable = "ETHICSLEDGER_SCHEMA_CHANGES";

    public static AutoCreate SchemaChanges() =>
        string.Equals(Environment.GetEnvironmentVariable(SchemaChangesVariable), "none", StringComparison.OrdinalIgnoreCase)
            ? AutoCreate.None
            : AutoCreate.CreateOrUpdate;

    /// <param name="configure">Last word on the services: tests use it to stand in a clock or a failing writer.</param>
    /// <param name="messaging">The relay, a consumer, or both (docs/messaging.md); without it, commands only.</param>
    public static IHost Build(string connectionString, string schema = DefaultSchema, TimeProvider? clock = null,
        Action<IServiceCollection>? configure = null, MessagingSettings? messaging = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        Configure(builder, connectionString, schema, clock, messaging);
        configure?.Invoke(builder.Services);
        return builder.Build();
    }

    /// <summary>
    /// The event tables and the ledger's indexes over them: the integrity layer reads them by SQL and must work on a
    /// ledger that has none yet. A host that makes no schema changes only checks (the owner's <c>migrate</c> made them).
    /// </summary>
    public static Task EnsureEventTablesAsync(IDocumentStore store, CancellationToken cancellation) =>
        LedgerIndexes.EnsureAsync(store, cancellation);

    /// <summary>The ledger's services on any host: the command line's generic host, or the server's web application.</summary>
    public static void Configure(IHostApplicationBuilder builder, string connectionString, string schema = DefaultSchema, TimeProvider? clock = null,
        MessagingSettings? messaging = null)
    {
        builder.Logging.ClearProviders();
        // The command line reports failures in its own words; framework logs only on request.
        builder.Logging.AddSimpleConsole().SetMinimumLevel(
            Enum.TryParse<LogLevel>(Environment.GetEnvironmentVariable("ETHICSLEDGER_LOG"), out var level) ? level : LogLevel.None);
        // Logs go to standard error, every level of them: standard output is for results, and `--json` must stay JSON.
        builder.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        clock ??= TimeProvider.System;
        builder.Services.AddSingleton(clock);
        builder.Services.AddSingleton<ILedgerReader, MartenLedgerReader>();

        var marten = builder.Services.AddMarten(options =>
            {
                options.Connection(connectionString);
                options.ConfigureLedgerEvents(schema).IgnoreLedgerIndexes();
                options.AutoCreateSchemaObjects = SchemaChanges();
                // The relay's delay is mostly the daemon's look for new events: 1 s when idle by default.
                options.Projections.SlowPollingTime = TimeSpan.FromMilliseconds(250);
                options.Projections.FastPollingTime = TimeSpan.FromMilliseconds(100);
                // A relay host standing by looks this often whether the active one is gone.
                options.Projections.LeadershipPollingTime = 1000;
            })
            .IntegrateWithWolverine(integration => integration.MessageStorageSchemaName = schema);
        if (messaging is not null)
        {
            builder.Services.AddSingleton(messaging).AddSingleton(ConsumerReport.Quiet);
            // First, so the tables exist before the relay or a consumer touches them.
            builder.Services.AddHostedService(services => new MessageTablesSetup(services.GetRequiredService<IDocumentStore>(), connectionString, schema));
            if (messaging.HostsRelay)
            {
                // One relay per ledger: every relay host competes for Marten's advisory lock (HotCold), one wins,
                // the others stand by and take over when it dies.
                marten.AddAsyncDaemon(DaemonMode.HotCold).SubscribeToEvents(new LedgerRelay(schema, clock));
                builder.Services.AddHostedService<DueDates>();
                if (messaging.Transport == MessageTransport.RabbitMq) builder.Services.AddHostedService<ExchangeFeeder>();
            }
            if (messaging.Consumer is not null) builder.Services.AddHostedService<LogConsumer>();
        }

        builder.UseWolverine(options =>
        {
            options.UseRuntimeCompilation();
            // Commands run in the caller's process, in the caller's transaction; nothing is queued yet.
            options.Durability.Mode = DurabilityMode.MediatorOnly;
            options.Policies.AutoApplyTransactions();
            options.AutoBuildMessageStorageOnStartup = SchemaChanges();
            // The handlers live in the domain assembly, whichever program hosts them.
            options.ApplicationAssembly = typeof(ImportEntries).Assembly;
        });
    }
}
