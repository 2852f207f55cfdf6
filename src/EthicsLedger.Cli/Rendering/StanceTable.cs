using EthicsLedger.Cli.Infrastructure;
using EthicsLedger.Entries;
using EthicsLedger.Rules;
using Spectre.Console;

namespace EthicsLedger.Cli.Rendering;

/// <summary>A stance for people: one row per commitment, its status coloured, its flags listed under it.</summary>
public static class StanceTable
{
    public static Table Of(Stance stance, string? title = null)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title(title ?? $"[bold]{SafeMarkup.Line(stance.Org)}[/] as of {Dates.Text(stance.AsOf)}")
            .AddColumn("Commitment").AddColumn("Kind").AddColumn("Status").AddColumn("Term").AddColumn("Flags");
        if (stance.Commitments.Count == 0)
            table.AddRow(new Markup("[grey]no commitments made by this date[/]"), Text.Empty, Text.Empty, Text.Empty, Text.Empty);
        foreach (var c in stance.Commitments)
            table.AddRow(
                new Markup($"{SafeMarkup.Line(c.Commitment)}\n[grey]{SafeMarkup.Line(c.Topic)}[/]"),
                new Markup(SafeMarkup.Line(c.Kind)),
                new Markup(Status(c)),
                new Markup(SafeMarkup.Lines(TermText(c.Term))),
                FlagsCell(c.Flags));
        return table;
    }

    public static string Status(CommitmentStance c)
    {
        var colour = c.Status switch
        {
            Statuses.InForce => "green",
            Statuses.Announced => "blue",
            Statuses.Fulfilled or Statuses.Released => "grey",
            _ => "yellow",
        };
        var status = $"[{colour}]{c.Status}[/]";
        if (c.Broken) status += " [red bold]broken[/]";
        if (c.Attestation is { } a) status += $"\n[grey]attested {SafeMarkup.Line(a.Verdict)} by {SafeMarkup.Line(a.By)}[/]";
        return status;
    }

    /// <summary>Plain text, one part a line; the condition is escaped to one line of its own, so the parts stay apart.</summary>
    public static string TermText(Term term) => string.Join("\n", TermWording.Lines(term));

    static Markup FlagsCell(IReadOnlyList<FlagView> flags) => flags.Count == 0
        ? new Markup("[grey]none[/]")
        : new Markup(string.Join("\n", flags.Select(f =>
            $"[{(f.State == FlagStates.Confirmed ? "red" : f.State == FlagStates.Alleged ? "yellow" : "grey")}]{f.State}[/] {SafeMarkup.Line(f.Kind)} [grey]{SafeMarkup.Line(f.Flag)} · {Dates.Text(f.RaisedOn)}[/]")));
}
