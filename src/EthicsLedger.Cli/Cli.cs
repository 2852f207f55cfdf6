using System.Reflection;
using EthicsLedger.Cli.Commands;
using EthicsLedger.Cli.Infrastructure;
using EthicsLedger.Hosting.Database;
using EthicsLedger.Hosting.Reading;
using EthicsLedger.Importing;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EthicsLedger.Cli;

/// <summary>The command line's table of contents. Tests run it in-process with their own output and ledger.</summary>
public static class Cli
{
    /// <summary>The product's version (Directory.Build.props), as <c>--version</c> prints it.</summary>
    public static string Version { get; } =
        typeof(Cli).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    public static async Task<int> RunAsync(string[] args, Output output, LedgerConnection ledger, CancellationToken cancellation = default)
    {
        var app = App(output, ledger);
        try
        {
            // JasperFx parses its own options; Spectre, which refuses options it does not know, never sees them.
            if (args is ["ops", .. var operation]) return await OperationsCommand.RunAsync(ledger, operation);
            return await app.RunAsync(args, cancellation);
        }
        // Messages quote what the user typed or a file held, so each is printed as one safe line.
        catch (Exception e) when (e is BadInputException or NotInLedgerException)
        {
            await output.Errors.WriteLineAsync($"error: {SafeText.Line(e.Message)}");
            return ExitCodes.BadInput;
        }
        catch (CommandAppException e)
        {
            await output.Errors.WriteLineAsync($"error: {SafeText.Line(e.Message)}{await SuggestionAsync(e, args)}");
            return ExitCodes.BadInput;
        }
        catch (ImportRaceLostException e)
        {
            await output.Errors.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.Failure;
        }
        catch (Exception e) when (ledger.KnownConnectionString is { } connection && DatabaseFailure.Describe(e, connection) is { } failure)
        {
            await output.Errors.WriteLineAsync($"error: {SafeText.Line(failure)}");
            return ExitCodes.Failure;
        }
        catch (Exception e)
        {
            await output.Errors.WriteLineAsync($"error: {SafeText.Line(e.GetBaseException().Message)}");
            return ExitCodes.Failure;
        }
    }

    /// <summary>
    /// " Did you mean 'stance'?" for a mistyped command: the nearest of the commands the same level's help lists
    /// (rendered from this very table, so the list of names is never written twice), when it is near enough.
    /// </summary>
    static async Task<string> SuggestionAsync(CommandAppException e, string[] args)
    {
        if (System.Text.RegularExpressions.Regex.Match(e.Message, "^Unknown command '(.+)'\\.") is not { Success: true } unknown) return "";
        var typed = unknown.Groups[1].Value;
        var level = args.TakeWhile(a => a != typed).ToArray();
        var help = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Out = new AnsiConsoleOutput(help) });
        console.Profile.Width = 240;
        await App(new Output(console, TextWriter.Null, TextWriter.Null), new LedgerConnection("Host=127.0.0.1;Port=1", "help_only")).RunAsync([.. level, "--help"]);
        var commands = help.ToString().Split('\n').SkipWhile(l => !l.StartsWith("COMMANDS:")).Skip(1)
            .Select(l => l.Trim().Split(' ')[0]).Where(c => c.Length > 0).ToList();
        var nearest = commands.MinBy(c => Distance(c, typed));
        return nearest is not null && Distance(nearest, typed) <= Math.Max(1, typed.Length / 3) ? $" Did you mean '{nearest}'?" : "";
    }

    /// <summary>Levenshtein distance: insertions, deletions and substitutions.</summary>
    static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var diagonal = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.Length];
    }

    static CommandApp App(Output output, LedgerConnection ledger)
    {
        var services = new ServiceCollection().AddSingleton(output).AddSingleton(ledger);
        var app = new CommandApp(new TypeRegistrar(services));
        app.Configure(config =>
        {
            config.SetApplicationName("ethicsledger");
            config.SetApplicationVersion(Version);
            config.Settings.Console = output.Console;
            config.PropagateExceptions();
            // An option nobody knows is a mistake to report, not text to ignore: `--as-oof` must not read as "today".
            config.Settings.StrictParsing = true;
            config.AddCommand<ImportCommand>("import")
                .WithDescription("Check a JSON Lines file against the contract and the ledger, then append all of it or none of it.")
                .WithExample("import", "entries.jsonl");
            config.AddCommand<StanceCommand>("stance")
                .WithDescription("An organization's commitments, their status and flags, as of a date and as known at a time.")
                .WithExample("stance", "amazon", "--as-of", "2021-06-15");
            config.AddCommand<FlagsCommand>("flags")
                .WithDescription("Broken-promise flags across the ledger or for one organization.")
                .WithExample("flags", "--state", "confirmed");
            config.AddCommand<ReplayCommand>("replay")
                .WithDescription("How an organization's stance changed: each dated change, the stance after it, and its source.")
                .WithExample("replay", "microsoft");
            config.AddBranch("commitment", branch =>
            {
                branch.SetDescription("Look at one commitment.");
                branch.AddCommand<CommitmentShowCommand>("show")
                    .WithDescription("Every entry about a commitment, in fold order, with its sources, and its status today.")
                    .WithExample("commitment", "show", "amazon-rekognition-police-moratorium");
            });
            config.AddBranch("projections", branch =>
            {
                branch.SetDescription("Maintain the read models.");
                branch.AddCommand<RebuildProjectionsCommand>("rebuild")
                    .WithDescription("Rebuild every read model from the events.");
            });
            config.AddCommand<CheckpointCommand>("checkpoint")
                .WithDescription("Extend the Merkle tree over the events committed so far and sign a checkpoint.");
            config.AddCommand<NoteKeyCommand>("note-key")
                .WithDescription("Print the ledger's note vkey (Ed25519, C2SP signed-note), the key witnesses are started with.");
            config.AddCommand<WitnessCommand>("witness")
                .WithDescription("Run a C2SP tlog-witness on 127.0.0.1: cosign checkpoints of the logs named, only ever as they grow.")
                .WithExample("witness", "--name", "witness.example/w1", "--state", "w1", "--port", "7001", "--log", "VKEY");
            config.AddCommand<VerifyCommand>("verify")
                .WithDescription("Recompute every digest, chain and checkpoint; say exactly what is wrong and where (exit 3).");
            config.AddCommand<AuditReportCommand>("audit-report")
                .WithDescription("The auditor's report on an organization: the ledger's verification, then per commitment its status, flags, findings, attestations and evidence with sources.")
                .WithExample("audit-report", "--org", "amazon", "--as-of", "2021-06-15");
            config.AddBranch("prove", branch =>
            {
                branch.SetDescription("Proofs against signed checkpoints, as JSON (docs/verification.md).");
                branch.AddCommand<ProveInclusionCommand>("inclusion")
                    .WithDescription("The audit path that puts one event under a checkpoint's root.")
                    .WithExample("prove", "inclusion", "org:amazon", "1");
                branch.AddCommand<ProveConsistencyCommand>("consistency")
                    .WithDescription("The proof that a newer checkpoint only extends an older one.")
                    .WithExample("prove", "consistency", "13", "15");
            });
            config.AddCommand<ExportCommand>("export")
                .WithDescription("Write a self-contained, signed bundle for auditors (whole ledger or --org).");
            config.AddCommand<VerifyBundleCommand>("verify-bundle")
                .WithDescription("Check a bundle offline, with no database (exit 3 when it does not check out).");
            config.AddCommand<MigrateCommand>("migrate")
                .WithDescription("As the schema's owner: create or update every table and function the ledger needs, appending nothing.");
            config.AddBranch("roles", branch =>
            {
                branch.SetDescription("Least privilege: the application's own PostgreSQL role (docs/least-privilege.md).");
                branch.AddCommand<GrantRoleCommand>("grant")
                    .WithDescription("As the schema's owner: create the application's login role if missing and grant it exactly what it needs (password from ETHICSLEDGER_APP_PASSWORD).")
                    .WithExample("roles", "grant", "ethicsledger_app");
            });
            config.AddBranch("db", branch =>
            {
                branch.SetDescription("The private PostgreSQL the command line starts when no database is given (ETHICSLEDGER_DB).");
                branch.AddCommand<DatabaseStatusCommand>("status")
                    .WithDescription("Where the private database lives, its port, and whether it runs; never starts it.");
                branch.AddCommand<DatabaseStartCommand>("start")
                    .WithDescription("Start the private database (creating it on first use) and print its connection string.");
                branch.AddCommand<DatabaseStopCommand>("stop")
                    .WithDescription("Stop the private database; any command that needs it starts it again.");
            });
            config.AddCommand<RelayCommand>("relay")
                .WithDescription("Run the relay on its own: committed entries and the dates that come become numbered messages; with --transport rabbitmq, also fed to the exchange. One runs per ledger, others stand by (docs/messaging.md).")
                .WithExample("relay", "--transport", "rabbitmq");
            config.AddCommand<WatchCommand>("watch")
                .WithDescription("Print pledges, endings, lapses and flags as other processes commit them (docs/messaging.md).")
                .WithExample("watch", "--org", "amazon", "--json")
                .WithExample("watch", "--from", "120", "--until-caught-up", "--json");
            config.AddCommand<ForwardCommand>("forward")
                .WithDescription("POST every message as JSON to a URL, retrying with backoff; failures end in the dead letters.")
                .WithExample("forward", "--url", "http://localhost:8080/ledger");
            config.AddBranch("dead-letters", branch =>
            {
                branch.SetDescription("Messages a consumer gave up on after its retries.");
                branch.AddCommand<DeadLettersListCommand>("list")
                    .WithDescription("List a consumer's dead letters: id, message, key and the last error.")
                    .WithExample("dead-letters", "list", "--consumer", "webhooks");
                branch.AddCommand<DeadLettersReplayCommand>("replay")
                    .WithDescription("Send dead letters back to the consumer's queue (all, or --id); the running consumer handles them again.")
                    .WithExample("dead-letters", "replay", "--consumer", "webhooks", "--all");
            });
            config.AddCommand<ServeCommand>("serve")
                .WithDescription("Run the server (docs/server.md): the HTTP API and its OpenAPI reference, the web pages with each organization's timeline, health and metrics.")
                .WithExample("serve", "--demo")
                .WithExample("serve", "--urls", "http://0.0.0.0:8080", "--readers", "keyed");
            config.AddBranch("keys", branch =>
            {
                branch.SetDescription("API keys for the server: who may import, record findings, or read (docs/server.md).");
                branch.AddCommand<KeysCreateCommand>("create")
                    .WithDescription("Make a key for NAME with a role, and print its token once (the ledger keeps only a hash).")
                    .WithExample("keys", "create", "alice", "--role", "auditor");
                branch.AddCommand<KeysListCommand>("list")
                    .WithDescription("Every key: name, role, when made and when revoked. Never the tokens.");
                branch.AddCommand<KeysRevokeCommand>("revoke")
                    .WithDescription("Revoke a key: every server refuses it from its next request.")
                    .WithExample("keys", "revoke", "alice");
            });
            config.AddCommand<OperationsCommand>("ops")
                .WithDescription("The Critter Stack's operations commands over the ledger's host (JasperFx): describe, db-apply, db-assert, db-patch, db-dump, check-env, resources, codegen. 'ops help' lists them.")
                .WithExample("ops", "db-patch", "ledger.sql", "-d", "marten://store/")
                .WithExample("ops", "db-assert", "-d", "marten://store/");
            config.AddCommand<GenerateCommand>("generate")
                .WithDescription("Write a synthetic, valid ledger file of N lines, for measuring imports.")
                .WithExample("generate", "big.jsonl", "--lines", "100000");
            config.AddCommand<DemoCommand>("demo")
                .WithDescription("Tell the 2020 facial-recognition story: import it into a schema of its own and show stances, a replay and flags.");
        });
        return app;
    }
}
