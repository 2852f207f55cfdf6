using System.ComponentModel;
using EthicsLedger.Cli.Infrastructure;
using EthicsLedger.Cli.Rendering;
using EthicsLedger.Server;
using Microsoft.AspNetCore.Builder;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EthicsLedger.Cli.Commands;

public sealed class ServeSettings : CommandSettings
{
    [CommandOption("--urls <URLS>")]
    [Description("Where to listen, e.g. http://0.0.0.0:8080 (port 0: any free port). Default: http://127.0.0.1:5080.")]
    public string? Urls { get; init; }

    [CommandOption("--readers <WHO>")]
    [Description("anonymous (default): anyone may read; keyed: every read needs an API key too.")]
    public string Readers { get; init; } = "anonymous";

    [CommandOption("--max-import-bytes <BYTES>")]
    [Description("The largest import body accepted; a larger one is refused (413) before it is read. Default: 16777216 (16 MiB).")]
    public long? MaxImportBytes { get; init; }

    [CommandOption("--writes-per-minute <N>")]
    [Description("Writes (imports, findings) one key may make per minute; more get 429. Default: 60.")]
    public int? WritesPerMinute { get; init; }

    [CommandOption("--demo")]
    [Description("Import the demo's 2020 story anew into its own schema (ethicsledger_demo) and serve that.")]
    public bool Demo { get; init; }
}

/// <summary>The long-running server (docs/server.md): the HTTP API, its OpenAPI reference, the web pages, health and metrics, until Ctrl+C.</summary>
public sealed class ServeCommand(LedgerConnection ledger, Output output) : AsyncCommand<ServeSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ServeSettings settings, CancellationToken cancellation)
    {
        if (settings.Readers is not ("anonymous" or "keyed")) throw new BadInputException($"--readers must be anonymous or keyed, got '{settings.Readers}'");
        if (settings.MaxImportBytes is <= 0) throw new BadInputException("--max-import-bytes must be a positive number of bytes");
        if (settings.WritesPerMinute is <= 0) throw new BadInputException("--writes-per-minute must be at least 1");
        var schema = ledger.Schema;
        DateTimeOffset? between = null;
        if (settings.Demo)
        {
            await using var demo = new LedgerConnection(ledger.ConnectionString, DemoCommand.Schema, ledger.Clock);
            if ((between = await DemoCommand.ImportStoryAsync(ledger, demo, output, cancellation)) is null) return ExitCodes.Failure;
            schema = DemoCommand.Schema;
        }
        var defaults = new ServerSettings(ledger.ConnectionString, schema);
        var server = LedgerServer.Build(defaults with
        {
            Urls = settings.Urls ?? defaults.Urls,
            AnonymousReaders = settings.Readers == "anonymous",
            MaxImportBytes = settings.MaxImportBytes ?? defaults.MaxImportBytes,
            WritesPerMinute = settings.WritesPerMinute ?? defaults.WritesPerMinute,
            Keys = ledger.Keys,
            Clock = ledger.Clock,
        });
        await using (server)
        {
            await server.StartAsync(cancellation);
            var url = server.Urls.First();
            output.Console.MarkupLine($"Serving schema [green]{SafeMarkup.Line(schema)}[/] at [link]{SafeMarkup.Line(url)}[/]");
            if (between is { } known)
            {
                output.Console.MarkupLine($"Open {SafeMarkup.Line(url)}/organizations/amazon?asOf=2021-06-15 for the 2020 story as a timeline;");
                output.Console.MarkupLine($"as the ledger knew it before it learned of the extension: {SafeMarkup.Line(url)}/organizations/amazon?asOf=2021-06-15&knownAt={known.UtcDateTime:yyyy-MM-ddTHH:mm:ss.ffffffZ}");
            }
            output.Console.MarkupLine($"Pages: {SafeMarkup.Line(url)}/  API reference: {SafeMarkup.Line(url)}/reference/  Health: {SafeMarkup.Line(url)}/health. Ctrl+C stops.");
            try { await Task.Delay(Timeout.Infinite, cancellation); }
            catch (OperationCanceledException) { }
            await server.StopAsync(CancellationToken.None);
        }
        return ExitCodes.Ok;
    }
}
