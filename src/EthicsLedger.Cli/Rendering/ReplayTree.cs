using EthicsLedger.Cli.Infrastructure;
using EthicsLedger.Entries;
using EthicsLedger.Rules;
using Spectre.Console;

namespace EthicsLedger.Cli.Rendering;

/// <summary>A replay for people: a branch per dated change, with what was recorded (and its source) and the stance after it.</summary>
public static class ReplayTree
{
    public static Tree Of(string org, IReadOnlyList<ReplayStep> steps)
    {
        var tree = new Tree($"[bold]{SafeMarkup.Line(org)}[/]: how the stance changed");
        if (steps.Count == 0) tree.AddNode("[grey]nothing recorded yet[/]");
        foreach (var step in steps)
        {
            var day = tree.AddNode($"[bold]{Dates.Text(step.On)}[/]");
            foreach (var entry in step.Entries)
            {
                var node = day.AddNode($"[aqua]{SafeMarkup.Line(entry.Type)}[/] {SafeMarkup.Lines(Subject(entry))}");
                if (entry.Source is { } source)
                    node.AddNode($"[grey]source:[/] [link]{SafeMarkup.Line(source.Url)}[/]{(source.Publisher is { } p ? $" [grey]({SafeMarkup.Line(p)})[/]" : "")}");
            }
            if (step.Entries.Count == 0) day.AddNode("[grey](no entry: a date named by a term)[/]");
            foreach (var change in step.Changes) day.AddNode($"[yellow]→[/] {SafeMarkup.Lines(change)}");
            var stance = day.AddNode("[grey]stance after:[/]");
            if (step.Stance.Commitments.Count == 0) stance.AddNode("[grey]no commitments yet[/]");
            foreach (var c in step.Stance.Commitments)
                stance.AddNode($"{SafeMarkup.Line(c.Commitment)}: {StanceTable.Status(c).Replace("\n", " ")}" +
                    (c.Flags.Count > 0 ? $" [grey]{Counted.Of(c.Flags.Count, "flag")}[/]" : ""));
        }
        return tree;
    }

    static string Subject(DatedEntry entry) => entry switch
    {
        CommitmentMade m => $"{m.Commitment}: {m.Statement}",
        CommitmentAmended a => $"{a.Commitment}: {a.Reason ?? a.Statement ?? "amended"}",
        ConductObserved c => $"{c.Id}: {c.Description}",
        ViolationAlleged v => $"{v.Commitment} / {v.Flag}: {v.Allegation}",
        FlagConfirmed f => $"{f.Commitment} / {f.Flag}: {f.Finding} ({f.By})",
        FlagDismissed f => $"{f.Commitment} / {f.Flag}: {f.Reason} ({f.By})",
        CommitmentAttested a => $"{a.Commitment}: {a.Verdict} — {a.Note} ({a.By})",
        CommitmentEntry c => c.Commitment,
        _ => "",
    };
}
