using System.Text;
using EthicsLedger.Hosting.Reading;
using EthicsLedger.Rules;
using static EthicsLedger.Server.Pages.Html;

namespace EthicsLedger.Server.Pages;

/// <summary>Every flag as of a date, filtered by organization and state.</summary>
public static class FlagsPage
{
    public static string Body(IReadOnlyList<(CommitmentStance Commitment, FlagView Flag)> flags, string? org, string? state, DateOnly asOf, string? knownAt)
    {
        var options = string.Concat(new[] { "" }.Concat(LedgerReads.FlagStateNames)
            .Select(s => $"<option value=\"{s}\"{(s == (state ?? "") ? " selected" : "")}>{(s == "" ? "any" : s)}</option>"));
        var html = new StringBuilder($"""
            <form class="controls" method="get" action="/flags">
              <label for="org">Organization (slug)<input type="text" id="org" name="org" value="{E(org)}"></label>
              <label for="state">State<select id="state" name="state">{options}</select></label>
              <label for="asOf">As of (date)<input type="date" id="asOf" name="asOf" value="{Date(asOf)}" required></label>
              <label for="knownAt">Known at (RFC 3339, empty: now)<input type="text" id="knownAt" name="knownAt" value="{E(knownAt)}"></label>
              <button type="submit">Filter</button>
            </form>
            <table id="flags"><thead><tr><th scope="col">Organization</th><th scope="col">Commitment</th><th scope="col">Flag</th><th scope="col">Kind</th><th scope="col">State</th><th scope="col">Raised</th></tr></thead><tbody>
            """);
        foreach (var (c, f) in flags)
            html.Append($"<tr><td><a href=\"/organizations/{E(c.Org)}{Query(("asOf", Date(asOf)))}\">{E(c.Org)}</a></td>" +
                        $"<td><a href=\"/commitments/{E(c.Commitment)}{Query(("asOf", Date(asOf)))}\">{E(c.Commitment)}</a></td><td>{E(f.Flag)}</td><td>{E(f.Kind)}</td>" +
                        $"<td style=\"color:{FlagColour(f.State)}\"><strong>{E(f.State)}</strong></td><td>{Date(f.RaisedOn)}</td></tr>");
        if (flags.Count == 0) html.Append("<tr><td colspan=\"6\">No flags.</td></tr>");
        return html.Append($"</tbody></table><p><a href=\"/downloads/flags.csv{Query(("asOf", Date(asOf)), ("knownAt", knownAt))}\">Download every flag as of {Date(asOf)} (CSV)</a></p>").ToString();
    }
}
