using System.Text.Json;
using EthicsLedger.Hosting.Audit;
using EthicsLedger.Hosting.Reading;
using EthicsLedger.Rules;
using EthicsLedger.Server.Access;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EthicsLedger.Server.Api;

/// <summary>
/// Every read the command line has, as JSON in the shapes of docs/ledger-format.md (the same <see cref="JsonOutput"/>),
/// answered by the same reads (<see cref="LedgerReads"/>) and the one evaluator.
/// </summary>
public static class ReadEndpoints
{
    public static void Map(WebApplication app)
    {
        var api = app.MapGroup("/api").RequireAuthorization(Policies.Read).WithTags("Reading")
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, null, ["application/json"])).ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/organizations", async (string? knownAt, IDocumentStore store, ServerSettings settings, CancellationToken cancellation) =>
            {
                var organizations = await LedgerReads.OrganizationsAsync(store, Time.KnownAt(knownAt, settings), cancellation);
                return Results.Json(organizations.Select(o => new { org = o.Org, name = o.Registration!.Name }));
            })
            .WithSummary("Every registered organization, as known at a time.");

        api.MapGet("/organizations/{org}/stance", async (string org, string? asOf, string? knownAt, string? topic,
                IDocumentStore store, ServerSettings settings, CancellationToken cancellation) =>
            {
                var (date, at) = (Time.AsOf(asOf, settings), Time.KnownAt(knownAt, settings));
                var organization = await LedgerReads.OrganizationAsync(store, org, at, cancellation);
                return Json(JsonOutput.Stance(Evaluator.Stance(organization, date, topic), at));
            })
            .WithSummary("An organization's commitments, their status and flags, as of a date and as known at a time (stance --json).");

        api.MapGet("/organizations/{org}/replay", async (string org, string? knownAt, string? topic,
                IDocumentStore store, ServerSettings settings, CancellationToken cancellation) =>
            {
                var at = Time.KnownAt(knownAt, settings);
                var organization = await LedgerReads.OrganizationAsync(store, org, at, cancellation);
                return Json(JsonOutput.Replay(org, at, Replay.Of(organization, Time.AsOf(null, settings), topic)));
            })
            .WithSummary("Each dated change of an organization's stance, its entries and the stance after it (replay --json).");

        api.MapGet("/organizations/{org}/audit-report", async (string org, string? asOf, string? knownAt,
                IDocumentStore store, ServerSettings settings, CancellationToken cancellation) =>
            {
                var (date, at) = (Time.AsOf(asOf, settings), Time.KnownAt(knownAt, settings));
                var organization = await LedgerReads.OrganizationAsync(store, org, at, cancellation);
                return Json(JsonOutput.Audit(AuditReport.Of(organization, date), at, await LedgerIntegrity.VerifyAsync(settings, store, cancellation)));
            })
            .WithSummary("The auditor's report: the ledger's verification, then per commitment its status, flags, findings, attestations and evidence (audit-report --json).");

        api.MapGet("/commitments/{commitment}", async (string commitment, string? asOf, string? knownAt,
                IDocumentStore store, ServerSettings settings, CancellationToken cancellation) =>
            {
                var (date, at) = (Time.AsOf(asOf, settings), Time.KnownAt(knownAt, settings));
                var read = await LedgerReads.CommitmentAsync(store, commitment, at, cancellation);
                var stance = read.Timeline.Made!.On <= date ? Evaluator.CommitmentAsOf(read.Timeline, read.Organization.Conducts, date) : null;
                return Json(JsonOutput.Commitment(read, stance, date, at));
            })
            .WithSummary("One commitment: its stance as of a date and every entry in fold order with its source (commitment show --json).");

        api.MapGet("/flags", async (string? org, string? state, string? asOf, string? knownAt,
                IDocumentStore store, ServerSettings settings, CancellationToken cancellation) =>
            {
                if (state is not null && !LedgerReads.FlagStateNames.Contains(state))
                    return Problems.BadParameter("state", $"state must be one of {string.Join(", ", LedgerReads.FlagStateNames)}, got '{state}'");
                var date = Time.AsOf(asOf, settings);
                return Json(JsonOutput.Flags(date, await LedgerReads.FlagsAsync(store, org, state, date, Time.KnownAt(knownAt, settings), cancellation)));
            })
            .WithSummary("Broken-promise flags across the ledger or of one organization (flags --json).");

        var audit = app.MapGroup("/api").RequireAuthorization(Policies.Read).WithTags("Integrity")
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, null, ["application/json"])).ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);

        audit.MapGet("/verification", async (ServerSettings settings, IDocumentStore store, CancellationToken cancellation) =>
                Results.Json(await LedgerIntegrity.VerifyAsync(settings, store, cancellation), JsonSerializerOptions.Web))
            .WithSummary("Recompute every digest, chain and checkpoint now (verify --json); ok is false, with each problem, when anything is wrong.");

        audit.MapGet("/checkpoints/latest", async (ServerSettings settings, CancellationToken cancellation) =>
                await LedgerIntegrity.LatestCheckpointAsync(settings, cancellation) is { } checkpoint
                    ? Results.Json(checkpoint, ProofJson.Options)
                    : Problems.NotFound("no checkpoint has been signed yet (run checkpoint)"))
            .WithSummary("The latest signed checkpoint: tree size, root hash, time, key id and signature (docs/verification.md).");

        audit.MapGet("/proofs/inclusion", async (string? stream, string? version, string? size, ServerSettings settings, CancellationToken cancellation) =>
                await Proofs.InclusionAsync(settings.ConnectionString, settings.Schema,
                    string.IsNullOrEmpty(stream) ? throw new BadParameterException("stream", "stream is required, e.g. org:amazon or commitment:SLUG") : stream,
                    Number(version, "version"), string.IsNullOrEmpty(size) ? null : Number(size, "size"), cancellation) is { } proof
                    ? Results.Json(proof, ProofJson.Options)
                    : Problems.NotFound($"{stream} version {version} is under no {(size is { } s ? $"checkpoint of size {s}" : "checkpoint")}, or is not in the ledger"))
            .WithSummary("The audit path that puts one event under a checkpoint's root (prove inclusion).");

        audit.MapGet("/proofs/consistency", async (string? from, string? to, ServerSettings settings, CancellationToken cancellation) =>
                await Proofs.ConsistencyAsync(settings.ConnectionString, settings.Schema, Number(from, "from"), Number(to, "to"), cancellation) is { } proof
                    ? Results.Json(proof, ProofJson.Options)
                    : Problems.NotFound($"there are no checkpoints of sizes {from} and {to} (with {from} <= {to})"))
            .WithSummary("The proof that a newer checkpoint only extends an older one (prove consistency).");

        audit.MapGet("/bundle", async (string? org, IDocumentStore store, ServerSettings settings, CancellationToken cancellation) =>
            {
                if (org is not null) await LedgerReads.OrganizationAsync(store, org, settings.Clock.GetUtcNow(), cancellation);
                var bundle = await LedgerIntegrity.BundleAsync(settings, store, org, cancellation);
                return Results.File(bundle, "application/x-ndjson", $"ethicsledger-bundle{(org is null ? "" : "-" + org)}.json");
            })
            .WithSummary("A signed, self-contained bundle (export), to check offline with verify-bundle.");
    }

    /// <summary>A whole number from 1 (versions and tree sizes), or a 400 naming the parameter.</summary>
    static long Number(string? text, string name) =>
        string.IsNullOrEmpty(text) ? throw new BadParameterException(name, $"{name} is required: a whole number from 1")
        : long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= 1 ? n
        : throw new BadParameterException(name, $"{name} must be a whole number from 1, got '{text}'");

    static IResult Json(string json) => Results.Text(json, "application/json; charset=utf-8");
}

/// <summary>The time axes as query parameters: <c>asOf</c> a date, <c>knownAt</c> an RFC 3339 timestamp; empty means now.</summary>
public static class Time
{
    public static DateOnly AsOf(string? text, ServerSettings settings) => TimeAxes.AsOf(string.IsNullOrEmpty(text) ? null : text, settings.Clock, "asOf");
    public static DateTimeOffset KnownAt(string? text, ServerSettings settings) => TimeAxes.KnownAt(string.IsNullOrEmpty(text) ? null : text, settings.Clock, "knownAt");
}
