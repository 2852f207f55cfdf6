using System.ComponentModel;
using System.Text.Json;
using EthicsLedger.Cli.Infrastructure;
using EthicsLedger.Cli.Rendering;
using EthicsLedger.Hosting.Messaging;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EthicsLedger.Cli.Commands;

public class DeadLettersSettings : CommandSettings
{
    [CommandOption("--consumer <NAME>")]
    [Description("The consumer whose dead letters these are (watch's default: watch; forward's: webhooks).")]
    public string Consumer { get; init; } = "";

    public override ValidationResult Validate() =>
        MessagingSettings.Problem(Consumer) is { } problem ? ValidationResult.Error($"--consumer: {problem}") : ValidationResult.Success();
}

public sealed class DeadLettersListSettings : DeadLettersSettings
{
    [CommandOption("--json")]
    [Description("Print {\"deadLetters\": [[...]]} instead of a table.")]
    public bool Json { get; init; }
}

public sealed class DeadLettersListCommand(LedgerConnection ledger, Output output) : AsyncCommand<DeadLettersListSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, DeadLettersListSettings settings, CancellationToken cancellation)
    {
        var letters = await DeadLetters.ListAsync(ledger.ConnectionString, ledger.Schema, settings.Consumer, cancellation);
        if (settings.Json)
        {
            await output.Json.WriteLineAsync(JsonSerializer.Serialize(new { deadLetters = letters }, JsonSerializerOptions.Web));
            return ExitCodes.Ok;
        }
        if (letters.Count == 0)
        {
            output.Console.MarkupLine($"No dead letters for '{SafeMarkup.Line(settings.Consumer)}'.");
            return ExitCodes.Ok;
        }
        var table = new Table().AddColumns("id", "number", "message", "key", "error", "failed", "replay");
        foreach (var l in letters)
            table.AddRow(SafeMarkup.Line(l.Id.ToString()), l.Number.ToString(), SafeMarkup.Line(l.MessageType), SafeMarkup.Line(l.Key),
                SafeMarkup.Lines($"{l.ExceptionType}: {l.ExceptionMessage}"), $"{l.FailedAt:yyyy-MM-dd HH:mm:ss}", l.Replayable ? "queued" : "");
        output.Console.Write(table);
        return ExitCodes.Ok;
    }
}

public sealed class DeadLettersReplaySettings : DeadLettersSettings
{
    [CommandOption("--id <ID>")]
    [Description("A dead letter's id (from 'dead-letters list'); repeat for several.")]
    public string[] Ids { get; init; } = [];

    [CommandOption("--all")]
    [Description("Replay every dead letter of the consumer.")]
    public bool All { get; init; }

    public override ValidationResult Validate()
    {
        if (All == (Ids.Length > 0)) return ValidationResult.Error("say which dead letters to replay: --id ID (repeatable) or --all.");
        if (Ids.FirstOrDefault(id => !Guid.TryParse(id, out _)) is { } bad) return ValidationResult.Error($"'{bad}' is not a dead letter id.");
        return base.Validate();
    }
}

public sealed class DeadLettersReplayCommand(LedgerConnection ledger, Output output) : AsyncCommand<DeadLettersReplaySettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, DeadLettersReplaySettings settings, CancellationToken cancellation)
    {
        var ids = settings.All ? null : settings.Ids.Select(Guid.Parse).ToList();
        if (ids is not null)
        {
            var known = (await DeadLetters.ListAsync(ledger.ConnectionString, ledger.Schema, settings.Consumer, cancellation)).Select(l => l.Id).ToHashSet();
            if (ids.Where(id => !known.Contains(id)).ToList() is [var missing, ..])
                throw new BadInputException($"'{settings.Consumer}' has no dead letter {missing}; nothing was replayed.");
        }
        var count = await DeadLetters.ReplayAsync(ledger.ConnectionString, ledger.Schema, settings.Consumer, ids, cancellation);
        output.Console.MarkupLine(
            $"Marked {Counted.Of(count, "dead letter")} for replay; the running '{SafeMarkup.Line(settings.Consumer)}' consumer takes them back within seconds.");
        return ExitCodes.Ok;
    }
}
