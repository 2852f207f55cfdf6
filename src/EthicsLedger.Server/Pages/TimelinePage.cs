using System.Globalization;
using System.Text;
using EthicsLedger.Entries;
using EthicsLedger.Rules;
using static EthicsLedger.Server.Pages.Html;

namespace EthicsLedger.Server.Pages;

/// <summary>
/// An organization's timeline: each commitment a bar from the day it was made to its end (its ending, else its
/// term's last day, else the right edge: open-ended), coloured by its status on the as-of date; amendments as
/// ticks, flags as markers in their state on that date, each point a link to its source. Entries after the
/// as-of date are drawn faint: the ledger holds them, the stance on that date does not yet count them.
/// </summary>
public static class TimelinePage
{
    const double Left = 10, Right = 990;

    public static string Body(OrganizationLedger organization, Stance stance, DateOnly asOf, string? knownAt)
    {
        var commitments = organization.Commitments.Values.Where(c => c.Made is not null)
            .OrderBy(c => c.Made!.On).ThenBy(c => c.Made!.Commitment, StringComparer.Ordinal).ToList();
        var axis = Axis.Of(commitments, organization.Conducts, asOf);
        var byId = stance.Commitments.ToDictionary(c => c.Commitment);
        var html = new StringBuilder();

        html.Append($"""
            <p class="hint">{E(organization.Registration?.Name)}: {commitments.Count} commitment{(commitments.Count == 1 ? "" : "s")} in the ledger{(knownAt is null ? "" : $", as known at {E(knownAt)}")}.</p>
            <form class="controls" method="get" action="/organizations/{E(organization.Org)}">
              <label for="asOf">As of (date)<input type="date" id="asOf" name="asOf" value="{Date(asOf)}" required></label>
              <label for="knownAt">Known at (RFC 3339, empty: now)<input type="text" id="knownAt" name="knownAt" value="{E(knownAt)}" placeholder="2021-01-01T00:00:00Z" inputmode="text"></label>
              <button type="submit">Show</button>
            </form>
            <script>document.getElementById('asOf').addEventListener('change', e => e.target.value && e.target.form.requestSubmit());</script>
            """);
        html.Append(Legend());
        html.Append("<ol class=\"timeline\" aria-label=\"Commitments over time\">");
        foreach (var timeline in commitments)
        {
            var made = timeline.Made!;
            var now = byId.GetValueOrDefault(made.Commitment);
            var status = now?.Status ?? "not yet made";
            html.Append($"""
                <li data-commitment="{E(made.Commitment)}">
                <div><a href="/commitments/{E(made.Commitment)}{Query(("asOf", Date(asOf)), ("knownAt", knownAt))}"><strong>{E(made.Commitment)}</strong></a>
                <span class="status" style="color:{StatusColour(status)}" data-status>{E(status)}</span>{(now?.Broken == true ? " <strong style=\"color:#cf222e\">broken</strong>" : "")}
                <span class="hint">{E(made.Kind)} on {E(made.Topic)} · {E(string.Join(" · ", TermWording.Lines((now is null ? timeline.ShapeAt(DateOnly.MaxValue) : timeline.ShapeAt(asOf))!.Term)))}</span></div>
                {Strip(timeline, organization.Conducts, now, asOf, axis)}
                {Events(timeline, organization.Conducts, now, asOf)}
                </li>
                """);
        }
        html.Append("</ol>").Append(AxisStrip(axis, asOf));
        html.Append(StanceTable(stance));
        return html.ToString();
    }

    static string Strip(CommitmentTimeline timeline, IReadOnlyList<ConductObserved> conducts, CommitmentStance? now, DateOnly asOf, Axis axis)
    {
        var made = timeline.Made!;
        var shape = timeline.ShapeAt(DateOnly.MaxValue)!;
        DateOnly? end = timeline.Ending?.On ?? shape.Term.Until;
        var x0 = axis.X(made.On);
        var x1 = end is { } e ? axis.X(e) : Right;
        var colour = now is null ? "#ffffff" : StatusColour(now.Status);
        var svg = new StringBuilder($"""<svg viewBox="0 0 1000 44" role="group" aria-label="{E(made.Commitment)} from {Date(made.On)}{(end is { } d ? $" to {Date(d)}" : ", open-ended")}">""");
        svg.Append($"""<rect x="{N(x0)}" y="14" width="{N(Math.Max(2, x1 - x0))}" height="14" rx="3" fill="{colour}" stroke="#57606a" stroke-width="1"{(now is null ? " stroke-dasharray=\"4 3\"" : "")}/>""");
        if (end is null) svg.Append($"""<path d="M{N(Right - 8)} 10 L{N(Right)} 21 L{N(Right - 8)} 32 Z" fill="{colour}" stroke="#57606a"/>""");
        svg.Append($"""<rect x="{N(axis.X(asOf) - 1)}" y="0" width="2" height="44" fill="#bf8700"><title>as of {Date(asOf)}</title></rect>""");

        // A term's end that a later amendment moved (Amazon's one-year term): still drawn, dashed, where it was.
        foreach (var (on, until) in timeline.Entries.Select(e => (e.On, timeline.ShapeAt(e.On)?.Term.Until)).Where(t => t.Until is not null && t.Until != end).DistinctBy(t => t.Until))
            svg.Append($"<g><line x1=\"{N(axis.X(until!.Value))}\" y1=\"8\" x2=\"{N(axis.X(until.Value))}\" y2=\"34\" stroke=\"#24292f\" stroke-width=\"2\" stroke-dasharray=\"3 2\"/>" +
                       $"<title>term until {Date(until)}, as of {Date(on)}; changed later</title></g>");
        svg.Append(Point(made, asOf, axis, $"<circle cx=\"{N(x0)}\" cy=\"21\" r=\"6\" fill=\"#24292f\"/>", $"made on {Date(made.On)}"));
        foreach (var entry in timeline.Entries)
        {
            var x = axis.X(entry.On);
            svg.Append(entry switch
            {
                CommitmentAmended a => Point(a, asOf, axis, $"<rect x=\"{N(x - 2)}\" y=\"6\" width=\"4\" height=\"30\" fill=\"#24292f\"/>", $"amended on {Date(a.On)}{(a.Reason is { } r ? ": " + r : "")}"),
                EndingEntry ending => Point(ending, asOf, axis, $"<rect x=\"{N(x - 6)}\" y=\"15\" width=\"12\" height=\"12\" fill=\"#24292f\"/>", $"{ending.EndedStatus} on {Date(ending.On)}"),
                _ => "",
            });
        }
        var states = (now?.Flags ?? []).ToDictionary(f => f.Flag, f => f.State);
        foreach (var flag in timeline.RaisedFlags(conducts))
        {
            var state = states.GetValueOrDefault(flag.Id, flag.InitialState);
            var raisedBy = timeline.RaisedBy(flag.Id, conducts);
            var marker = $"<path d=\"M{N(axis.X(flag.RaisedOn))} 30 l7 12 h-14 Z\" fill=\"{FlagColour(state)}\" stroke=\"#fff\"/>";
            var label = $"flag {flag.Id} ({flag.Kind}), {(flag.RaisedOn <= asOf ? state : "not yet raised")}, raised {Date(flag.RaisedOn)}";
            svg.Append(raisedBy is null ? $"<g>{marker}<title>{E(label)}</title></g>" : Point(raisedBy, asOf, axis, marker, label, flag.RaisedOn));
        }
        return svg.Append("</svg>").ToString();
    }

    /// <summary>The strip in words: each dated entry, what it said, and its source; entries after the as-of date marked so.</summary>
    static string Events(CommitmentTimeline timeline, IReadOnlyList<ConductObserved> conducts, CommitmentStance? now, DateOnly asOf)
    {
        var states = (now?.Flags ?? []).ToDictionary(f => f.Flag, f => f.State);
        // Conduct raises a flag without being an entry of the commitment: it is told here as the flag it raised.
        var raisedByConduct = timeline.RaisedFlags(conducts).Where(f => f.Kind == FlagKinds.ContradictingConduct)
            .Select(f => (Flag: f, Conduct: (ConductObserved)timeline.RaisedBy(f.Id, conducts)!));
        var items = raisedByConduct.Select(x => (x.Flag.RaisedOn,
                Html: $"<li><time datetime=\"{Date(x.Flag.RaisedOn)}\">{Date(x.Flag.RaisedOn)}</time> <strong>flag {E(x.Flag.Kind)}</strong> " +
                      $"<span style=\"color:{FlagColour(states.GetValueOrDefault(x.Flag.Id, x.Flag.InitialState))}\">{E(x.Flag.RaisedOn <= asOf ? states.GetValueOrDefault(x.Flag.Id, x.Flag.InitialState) : "not yet raised")}</span>" +
                      $" — {E(x.Conduct.Description)} {Link(x.Conduct.Source?.Url, "source")}</li>"))
            .Concat(timeline.Entries.Select(e => (e.On, Html: Item(e))))
            .OrderBy(i => i.Item1).Select(i => i.Html);
        return $"<ul class=\"events\">{string.Concat(items)}</ul>";

        string Item(CommitmentEntry e)
        {
            var said = e switch
            {
                CommitmentMade m => m.Statement,
                CommitmentAmended a => a.Reason ?? a.Statement ?? "amended",
                CommitmentConditionMet c => c.Note,
                CommitmentFulfilled f => f.Note,
                CommitmentWithdrawn w => w.Reason,
                ViolationAlleged v => v.Allegation,
                FlagConfirmed f => f.Finding,
                FlagDismissed d => d.Reason,
                CommitmentAttested t => $"{t.Verdict}: {t.Note}",
                _ => null,
            };
            var later = e.On > asOf ? " <em class=\"hint\">(after the as-of date)</em>" : "";
            return $"<li><time datetime=\"{Date(e.On)}\">{Date(e.On)}</time> <strong>{E(e.Type)}</strong>{(said is null ? "" : " — " + E(said))} {Link(e.Source?.Url, "source")}{later}</li>";
        }
    }

    /// <summary>A mark linked to its entry's source, named for screen readers and tooltips; faint when after the as-of date.</summary>
    static string Point(DatedEntry entry, DateOnly asOf, Axis axis, string mark, string label, DateOnly? on = null)
    {
        var faint = (on ?? entry.On) > asOf ? " opacity=\"0.35\"" : "";
        var title = $"<title>{E(label)}{(entry.Source is { } s ? " · source: " + E(s.Title ?? s.Url) : "")}</title>";
        return entry.Source?.Url is { } url && url.StartsWith("http", StringComparison.OrdinalIgnoreCase)
            ? $"<a href=\"{System.Net.WebUtility.HtmlEncode(url)}\" aria-label=\"{E(label)}\"{faint}>{mark}{title}</a>"
            : $"<g{faint}>{mark}{title}</g>";
    }

    static string AxisStrip(Axis axis, DateOnly asOf)
    {
        var svg = new StringBuilder("<svg viewBox=\"0 0 1000 30\" aria-hidden=\"true\" style=\"width:100%;height:auto\">");
        svg.Append($"<line x1=\"{N(Left)}\" y1=\"4\" x2=\"{N(Right)}\" y2=\"4\" stroke=\"#57606a\"/>");
        // Years, and their middles when the span is short enough for them to fit.
        var halves = axis.End.Year - axis.Start.Year < 5;
        for (var year = axis.Start.Year; year <= axis.End.Year; year++)
            foreach (var (month, label) in halves ? new[] { (1, year.ToString(CultureInfo.InvariantCulture)), (7, "Jul") } : [(1, year.ToString(CultureInfo.InvariantCulture))])
            {
                var date = new DateOnly(year, month, 1);
                if (date <= axis.Start || date >= axis.End) continue;
                var x = axis.X(date);
                svg.Append($"<line x1=\"{N(x)}\" y1=\"0\" x2=\"{N(x)}\" y2=\"10\" stroke=\"#57606a\"/><text x=\"{N(x)}\" y=\"26\" font-size=\"{(month == 1 ? 16 : 13)}\" text-anchor=\"middle\" fill=\"#1f2328\">{label}</text>");
            }
        return svg.Append("</svg>").ToString();
    }

    static string Legend()
    {
        var items = new[] { "in-force", "announced", "expired", "released", "fulfilled", "withdrawn" }
            .Select(s => $"<li><span class=\"swatch\" style=\"background:{StatusColour(s)}\"></span>{s}</li>")
            .Concat(new[] { "alleged", "confirmed", "dismissed" }.Select(s => $"<li><span class=\"swatch\" style=\"background:{FlagColour(s)}\"></span>flag {s}</li>"));
        return $"<ul class=\"legend\" aria-label=\"Legend\">{string.Concat(items)}<li>● made · ▮ amendment · ┆ a term's end, later changed · ■ end · ▲ flag · <span style=\"color:#bf8700\">|</span> as-of date</li></ul>";
    }

    public static string StanceTable(Stance stance)
    {
        var rows = new StringBuilder();
        foreach (var c in stance.Commitments)
            rows.Append($"""
                <tr data-commitment="{E(c.Commitment)}"><td><a href="/commitments/{E(c.Commitment)}">{E(c.Commitment)}</a><br><span class="hint">{E(c.Kind)} · {E(c.Topic)}</span></td>
                <td class="status" style="color:{StatusColour(c.Status)}">{E(c.Status)}{(c.Broken ? " · broken" : "")}</td>
                <td>{string.Join("<br>", TermWording.Lines(c.Term).Select(E))}</td>
                <td>{(c.Flags.Count == 0 ? "none" : string.Join("<br>", c.Flags.Select(f => $"<span style=\"color:{FlagColour(f.State)}\">{E(f.State)}</span> {E(f.Kind)} <span class=\"hint\">{E(f.Flag)} · {Date(f.RaisedOn)}</span>")))}</td>
                <td>{Link(c.SourceUrl, "source")}</td></tr>
                """);
        if (stance.Commitments.Count == 0) rows.Append("<tr><td colspan=\"5\">No commitment made by this date.</td></tr>");
        return $"""
            <h2 id="stance-heading">Stance as of {Date(stance.AsOf)}</h2>
            <table id="stance" aria-labelledby="stance-heading"><thead><tr><th scope="col">Commitment</th><th scope="col">Status</th><th scope="col">Term</th><th scope="col">Flags</th><th scope="col">Source</th></tr></thead>
            <tbody>{rows}</tbody></table>
            """;
    }

    static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>The dates the strips share: from a little before the first commitment or conduct to a little after the last date anything names.</summary>
    sealed record Axis(DateOnly Start, DateOnly End)
    {
        public double X(DateOnly date) =>
            Left + (Right - Left) * Math.Clamp((date.DayNumber - Start.DayNumber) / (double)Math.Max(1, End.DayNumber - Start.DayNumber), 0, 1);

        public static Axis Of(IReadOnlyList<CommitmentTimeline> commitments, IReadOnlyList<ConductObserved> conducts, DateOnly asOf)
        {
            var dates = commitments.SelectMany(c => c.Entries.Select(e => e.On)
                    .Concat(c.Entries.Select(e => c.ShapeAt(e.On)?.Term).OfType<Term>().SelectMany(t => new[] { t.Until, t.Due }.OfType<DateOnly>())))
                .Concat(conducts.Select(c => c.On)).Append(asOf).ToList();
            var (first, last) = (dates.Min(), dates.Max());
            return new Axis(first.AddDays(-60), last.AddDays(120));
        }
    }
}
