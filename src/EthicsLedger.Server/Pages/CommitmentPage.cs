using System.Text;
using EthicsLedger.Hosting.Reading;
using EthicsLedger.Rules;
using static EthicsLedger.Server.Pages.Html;

namespace EthicsLedger.Server.Pages;

/// <summary>One commitment: its stance on the as-of date, every entry in fold order with its source and recorder, and, for an auditor, a form per flag.</summary>
public static class CommitmentPage
{
    public static string Body(CommitmentRead read, CommitmentStance? stance, DateOnly asOf, string? knownAt, string? auditorForm, string? notice, string? error)
    {
        var (made, organization, timeline) = read;
        var html = new StringBuilder();
        if (notice is not null) html.Append($"<p class=\"notice\" role=\"status\">{E(notice)}</p>");
        if (error is not null) html.Append($"<div class=\"error\" role=\"alert\">{error}</div>");
        html.Append($"""
            <p>{E(made.Kind)} by <a href="/organizations/{E(made.Org)}{Query(("asOf", Date(asOf)), ("knownAt", knownAt))}">{E(organization.Registration?.Name ?? made.Org)}</a>
            on {E(made.Topic)}, made {Date(made.On)}.</p>
            <blockquote>{E(timeline.ShapeAt(DateOnly.MaxValue)!.Statement)}</blockquote>
            <form class="controls" method="get" action="/commitments/{E(made.Commitment)}">
              <label for="asOf">As of (date)<input type="date" id="asOf" name="asOf" value="{Date(asOf)}" required></label>
              <label for="knownAt">Known at (RFC 3339, empty: now)<input type="text" id="knownAt" name="knownAt" value="{E(knownAt)}"></label>
              <button type="submit">Show</button>
            </form>
            """);
        html.Append(stance is null
            ? $"<p>Not yet made as of {Date(asOf)}.</p>"
            : TimelinePage.StanceTable(new Stance(made.Org, asOf, [stance])));
        if (stance is not null && stance.Flags.Count > 0 && auditorForm is not null) html.Append(FindingForms(made.Commitment, stance, asOf, auditorForm));

        html.Append("<h2>Entries, in fold order</h2><table><thead><tr><th scope=\"col\">On</th><th scope=\"col\">Entry</th><th scope=\"col\">Recorded</th><th scope=\"col\">By</th><th scope=\"col\">Source</th></tr></thead><tbody>");
        foreach (var e in timeline.Entries)
            html.Append($"<tr><td>{Date(e.On)}</td><td>{E(e.Type)}</td><td>{e.Recorded:yyyy-MM-dd HH:mm:ss}Z</td><td>{E(e.RecordedBy ?? "—")}</td>" +
                        $"<td>{Link(e.Source?.Url, e.Source?.Title ?? e.Source?.Url ?? "—")}</td></tr>");
        html.Append("</tbody></table>");
        html.Append($"<p><a href=\"/api/commitments/{E(made.Commitment)}{Query(("asOf", Date(asOf)), ("knownAt", knownAt))}\">This commitment as JSON</a></p>");
        return html.ToString();
    }

    /// <summary>Confirm or dismiss each flag in words of the auditor's own; the server records who did (the key) in the entry's digest.</summary>
    static string FindingForms(string commitment, CommitmentStance stance, DateOnly asOf, string antiforgery)
    {
        var html = new StringBuilder("<h2>Record a finding</h2>");
        foreach (var flag in stance.Flags)
        {
            var id = $"finding-{E(flag.Flag)}";
            html.Append($"""
                <form method="post" action="/commitments/{E(commitment)}/findings" class="finding" aria-labelledby="{id}-title">
                  {antiforgery}
                  <h3 id="{id}-title">{E(flag.Kind)} <code>{E(flag.Flag)}</code>: <span style="color:{FlagColour(flag.State)}">{E(flag.State)}</span></h3>
                  <input type="hidden" name="flag" value="{E(flag.Flag)}">
                  <div class="controls" style="display:flex;flex-wrap:wrap;gap:.75rem;align-items:end">
                    <label for="{id}-state">Finding<select id="{id}-state" name="state"><option value="confirmed">confirmed</option><option value="dismissed">dismissed</option></select></label>
                    <label for="{id}-on">On (date)<input type="date" id="{id}-on" name="on" value="{Date(asOf)}" required></label>
                    <label for="{id}-text" style="flex:1 1 20rem">Why (the finding, or the reason to dismiss)<textarea id="{id}-text" name="text" rows="2" required></textarea></label>
                    <label for="{id}-source">Source URL (optional)<input type="url" id="{id}-source" name="source"></label>
                    <button type="submit">Record</button>
                  </div>
                </form>
                """);
        }
        return html.ToString();
    }
}
