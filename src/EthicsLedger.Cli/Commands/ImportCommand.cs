using System.ComponentModel;
using System.Text.Json;
using EthicsLedger.Cli.Infrastructure;
using EthicsLedger.Entries;
using EthicsLedger.Importing;
using EthicsLedger.Parsing;
using EthicsLedger.Projections;
using Spectre.Console;
using Spectre.Console.Cli;
using Wolverine;

namespace EthicsLedger.Cli.Commands;

public sealed class ImportSettings : CommandSettings
{
    [CommandArgument(0, "<FILE>")]
    [Description("A UTF-8 JSON Lines file of ledger entries (see docs/ledger-format.md).")]
    public string File { get; init; } = "";

    [CommandOption("--json")]
    [Description("Print {\"appended\", \"alreadyInLedger\", \"errors\": [[{\"line\", \"reason\"}]]} on standard output (docs/ledger-format.md).")]
    public bool Json { get; init; }
}

/// <summary>Exit 0: appended (or nothing new). Exit 2: the file is wrong, every wrong line is listed, nothing appended. Exit 1: anything else, nothing appended.</summary>
public sealed class ImportCommand(LedgerConnection ledger, Output output) : AsyncCommand<ImportSettings>
{
    /// <summary>A file this large (about 5,000 lines) shows its progress.</summary>
    const long LongFile = 1024 * 1024;

    public override async Task<int> ExecuteAsync(CommandContext context, ImportSettings settings, CancellationToken cancellation)
    {
        var result = await ImportAsync(ledger, output, settings.File, cancellation);
        if (settings.Json)
            await output.Json.WriteLineAsync(JsonSerializer.Serialize(new
            {
                appended = result.Appended, alreadyInLedger = result.AlreadyInLedger,
                errors = result.Errors.Select(e => new { line = e.Line, reason = e.Reason }),
            }, JsonSerializerOptions.Web));
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors) await output.Errors.WriteLineAsync(error.ToString());
            await output.Errors.WriteLineAsync($"import refused: {Counted.Of(result.Errors.Count, "wrong line")}; nothing was appended.");
            return ExitCodes.BadInput;
        }
        if (!settings.Json)
            output.Console.MarkupLine($"Appended [green]{Counted.Of(result.Appended, "entry", "entries")}[/]; {result.AlreadyInLedger} already in the ledger.");
        return ExitCodes.Ok;
    }

    public static async Task<ImportResult> ImportAsync(LedgerConnection ledger, Output output, string path, CancellationToken cancellation)
    {
        if (System.IO.Directory.Exists(path)) throw new BadInputException($"'{path}' is a directory, not a file");
        if (!System.IO.File.Exists(path)) throw new BadInputException($"no file at '{path}'");
        // The file stays open until the import ends: its lines are read from it again as the import needs them.
        using var file = new LineSource.OnDisk(path);
        var bus = await ledger.BusAsync(cancellation);
        var store = await ledger.StoreAsync(cancellation);
        Task<IReadOnlyList<ParsedLine>> Parse(IProgress<long>? progress) => LedgerFile.ParseAsync(file, store.HeldContentAsync, progress, cancellation);
        var size = new FileInfo(path).Length;
        if (size < LongFile || !output.Console.Profile.Capabilities.Interactive)
            return await SendAsync(bus, await Parse(null), cancellation);

        return await output.Console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async progress =>
            {
                var reading = progress.AddTask("Reading lines", maxValue: size);
                var lines = await Parse(new Progress<long>(n => reading.Value = n));
                reading.Value = size;
                var checking = progress.AddTask("Checking and appending").IsIndeterminate();
                var result = await SendAsync(bus, lines, cancellation);
                checking.IsIndeterminate(false).Value = checking.MaxValue;
                return result;
            });
    }

    static Task<ImportResult> SendAsync(IMessageBus bus, IReadOnlyList<ParsedLine> lines, CancellationToken cancellation) =>
        bus.ImportAsync(lines, Recorders.CommandLine(), cancellation);
}
