using System.ComponentModel;
using System.Text.Json;
using EthicsLedger.Cli.Infrastructure;
using EthicsLedger.Cli.Rendering;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EthicsLedger.Cli.Commands;

public sealed class GenerateSettings : CommandSettings
{
    [CommandArgument(0, "<FILE>")]
    [Description("Where to write the file.")]
    public string File { get; init; } = "";

    [CommandOption("--lines <N>")]
    [Description("How many lines to write. Default: 100000.")]
    public int Lines { get; init; } = 100_000;
}

/// <summary>
/// Writes a synthetic but valid ledger file of any size, for measuring imports: organizations with
/// commitments that are amended, contradicted by conduct, alleged broken and confirmed.
/// </summary>
public sealed class GenerateCommand(Output output) : AsyncCommand<GenerateSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, GenerateSettings settings, CancellationToken cancellation)
    {
        if (settings.Lines < 1) throw new BadInputException("--lines must be at least 1");
        await using var writer = new StreamWriter(settings.File);
        var written = 0;
        foreach (var line in Lines())
        {
            if (written++ == settings.Lines) break;
            await writer.WriteLineAsync(line);
        }
        output.Console.MarkupLine($"Wrote [green]{settings.Lines}[/] lines to {SafeMarkup.Line(settings.File)}.");
        return ExitCodes.Ok;
    }

    /// <summary>An endless, deterministic sequence: each organization gets 10 commitments of 6 entries and 10 conducts.</summary>
    public static IEnumerable<string> Lines()
    {
        var source = new { url = "https://example.org/generated", kind = "other" };
        for (var o = 0; ; o++)
        {
            var org = $"org-{o}";
            yield return Line(new { type = "organization.registered", org, name = $"Organization {o}" });
            for (var c = 0; c < 10; c++)
            {
                var commitment = $"{org}-c{c}";
                var day = new DateOnly(2015, 1, 1).AddDays((o * 7 + c * 31) % 2500);
                yield return Line(new
                {
                    type = "commitment.made", commitment, org, kind = "moratorium", topic = $"topic-{c % 3}",
                    statement = $"Commitment {c} of organization {o}.", scope = new { activities = new[] { "sell" } },
                    term = new { until = Date(day.AddDays(400)) }, on = Date(day), source,
                });
                yield return Line(new { type = "commitment.amended", commitment, on = Date(day.AddDays(200)), source, term = new { until = (string?)null } });
                yield return Line(new { type = "violation.alleged", commitment, flag = "report-1", allegation = "Reported broken.", on = Date(day.AddDays(300)), source });
                yield return Line(new { type = "flag.confirmed", commitment, flag = "report-1", by = "auditor", finding = "Confirmed.", on = Date(day.AddDays(310)) });
                yield return Line(new { type = "commitment.attested", commitment, by = "auditor", verdict = "broken", note = "See report-1.", on = Date(day.AddDays(320)) });
                yield return Line(new
                {
                    type = "conduct.observed", id = $"{commitment}-sale", org, topic = $"topic-{c % 3}", activity = "sell",
                    description = "A sale was reported.", on = Date(day.AddDays(100)), source,
                });
            }
        }
    }

    static string Date(DateOnly date) => date.ToString("yyyy-MM-dd");
    static string Line(object value) => JsonSerializer.Serialize(value);
}
