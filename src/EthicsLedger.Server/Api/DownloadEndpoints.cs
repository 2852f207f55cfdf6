using System.Globalization;
using EthicsLedger.Entries;
using EthicsLedger.Hosting.Reading;
using EthicsLedger.Rules;
using EthicsLedger.Server.Access;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EthicsLedger.Server.Api;

/// <summary>
/// Research downloads, as CSV or JSON (the same rows, the header's names as keys): every commitment's
/// stance as of a date, every flag with the source that raised it, and every entry of the ledger.
/// Headers are fixed here and documented in docs/server.md.
/// </summary>
public static class DownloadEndpoints
{
    public static readonly string[] StanceHeader =
        ["org", "commitment", "kind", "topic", "status", "in_force", "broken", "from", "until", "condition", "due", "alleged_flags", "confirmed_flags", "statement", "source_url"];
    public static readonly string[] FlagHeader = ["org", "commitment", "flag", "kind", "state", "raised_on", "topic", "source_url"];
    public static readonly string[] HistoryHeader = ["org", "commitment", "type", "on", "recorded", "recorded_by", "source_url", "entry"];

    public static void Map(WebApplication app)
    {
        var downloads = app.MapGroup("/downloads").RequireAuthorization(Policies.Read).WithTags("Downloads");

        downloads.MapGet("/stances.{format}", async (string format, string? asOf, string? knownAt, IDocumentStore store, ServerSettings settings, CancellationToken cancellation) =>
            {
                var date = Time.AsOf(asOf, settings);
                var organizations = await LedgerReads.OrganizationsAsync(store, Time.KnownAt(knownAt, settings), cancellation);
                var rows = organizations.SelectMany(o => Evaluator.Stance(o, date).Commitments).Select(c => (IReadOnlyList<string?>)
                [
                    c.Org, c.Commitment, c.Kind, c.Topic, c.Status, Bool(c.InForce), Bool(c.Broken), Date(c.Term.From), Date(c.Term.Until), c.Term.Condition, Date(c.Term.Due),
                    c.Flags.Count(f => f.State == FlagStates.Alleged).ToString(CultureInfo.InvariantCulture),
                    c.Flags.Count(f => f.State == FlagStates.Confirmed).ToString(CultureInfo.InvariantCulture),
                    c.Statement, c.SourceUrl,
                ]);
                return Answer(format, $"stances-{Date(date)}", StanceHeader, rows);
            })
            .WithSummary("Every commitment's stance as of a date (asOf, knownAt): format csv or json.");

        downloads.MapGet("/flags.{format}", async (string format, string? asOf, string? knownAt, IDocumentStore store, ServerSettings settings, CancellationToken cancellation) =>
            {
                var date = Time.AsOf(asOf, settings);
                var organizations = await LedgerReads.OrganizationsAsync(store, Time.KnownAt(knownAt, settings), cancellation);
                var rows = organizations.SelectMany(o => Evaluator.Stance(o, date).Commitments.SelectMany(c => c.Flags.Select(f => (IReadOnlyList<string?>)
                [
                    c.Org, c.Commitment, f.Flag, f.Kind, f.State, Date(f.RaisedOn), c.Topic,
                    o.Commitments[c.Commitment].RaisedBy(f.Flag, o.Conducts)?.Source?.Url,
                ])));
                return Answer(format, $"flags-{Date(date)}", FlagHeader, rows);
            })
            .WithSummary("Every flag as of a date with the source of the entry that raised it: format csv or json.");

        downloads.MapGet("/history.{format}", async (string format, string? knownAt, IDocumentStore store, ServerSettings settings, CancellationToken cancellation) =>
            {
                var organizations = await LedgerReads.OrganizationsAsync(store, Time.KnownAt(knownAt, settings), cancellation);
                // In recording order across the whole ledger: by recorded time, then by line within an import.
                var rows = organizations.SelectMany(o => History(o).Select(e => (o.Org, Entry: e)))
                    .OrderBy(x => x.Entry.Recorded).ThenBy(x => x.Entry.Line)
                    .Select(x => (IReadOnlyList<string?>)
                    [
                        x.Org, (x.Entry as CommitmentEntry)?.Commitment, x.Entry.Type, Date(x.Entry.Date),
                        x.Entry.Recorded.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
                        x.Entry.RecordedBy, (x.Entry as DatedEntry)?.Source?.Url, x.Entry.Content,
                    ]);
                return Answer(format, "history", HistoryHeader, rows);
            })
            .WithSummary("Every entry of every organization as known at a time (knownAt), in recording order, with its source and the line itself.");
    }

    /// <summary>An organization's entries: its registration, its commitments' entries and its conduct (the caller orders them).</summary>
    static IEnumerable<Entry> History(OrganizationLedger o) =>
        new Entry?[] { o.Registration }.OfType<Entry>()
            .Concat(o.Commitments.Values.SelectMany(c => c.Entries))
            .Concat(o.Conducts);

    static IResult Answer(string format, string name, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows) => format switch
    {
        "csv" => Results.File(System.Text.Encoding.UTF8.GetBytes(Csv.Of(header, rows)), "text/csv; charset=utf-8", $"{name}.csv"),
        "json" => Results.Json(rows.Select(r => header.Zip(r).ToDictionary(p => p.First, p => p.Second))),
        _ => Problems.BadParameter("format", $"format must be csv or json, got '{format}'"),
    };

    static string Bool(bool value) => value ? "true" : "false";
    static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
