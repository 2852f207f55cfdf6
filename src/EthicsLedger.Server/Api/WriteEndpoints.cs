using System.Security.Claims;
using System.Text.Json.Nodes;
using EthicsLedger.Entries;
using EthicsLedger.Importing;
using EthicsLedger.Parsing;
using EthicsLedger.Projections;
using EthicsLedger.Server.Access;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;
using Wolverine;

namespace EthicsLedger.Server.Api;

/// <summary>
/// The writes: an import of JSON Lines (editors), and auditors' findings and attestations. Both go through
/// the one import (<see cref="LedgerImport"/>: the contract's checks, all or nothing), stamped with the key's
/// identity, which each event's digest covers.
/// </summary>
public static class WriteEndpoints
{
    /// <summary>The entry types only an auditor (or an admin) records.</summary>
    public static readonly IReadOnlySet<string> AuditorTypes =
        new HashSet<string> { EntryTypes.FlagConfirmed, EntryTypes.FlagDismissed, EntryTypes.CommitmentAttested };

    public static void Map(WebApplication app)
    {
        var api = app.MapGroup("/api").WithTags("Writing").RequireRateLimiting(LedgerServer.WritesLimit)
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, null, ["application/json"]))
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status429TooManyRequests);

        api.MapPost("/imports", async (HttpRequest request, ClaimsPrincipal user, IMessageBus bus, IDocumentStore store, ServerSettings settings,
                CancellationToken cancellation) =>
            {
                if (await BoundedBodyAsync(request, settings.MaxImportBytes, cancellation) is not { } body) return TooLarge(settings);
                var lines = await LedgerFile.ParseAsync(body, store.HeldContentAsync, cancellation);
                // Findings and attestations are the auditors': an editor's file may not carry them.
                if (!user.IsInRole(Roles.Admin) && lines.Where(l => l.Key is { } key && AuditorTypes.Contains(key.Type)).ToList() is { Count: > 0 } audits)
                    return Problems.Problem(StatusCodes.Status403Forbidden, "Not allowed",
                        $"line{(audits.Count > 1 ? "s" : "")} {string.Join(", ", audits.Select(l => l.Line))}: findings and attestations are recorded by an auditor's key " +
                        "(POST /api/findings); nothing was appended.");
                return Answer(await bus.ImportAsync(lines, Recorder(user), cancellation));
            })
            .RequireAuthorization(Policies.Edit)
            .AddOpenApiOperationTransformer((operation, _, _) => RequestBody(operation, "application/x-ndjson", "JSON Lines: one entry per line (docs/ledger-format.md)"))
            .WithSummary("Import a JSON Lines body (docs/ledger-format.md): all of it or none of it. 422 lists every wrong line by number.");

        api.MapPost("/findings", async (HttpRequest request, ClaimsPrincipal user, IMessageBus bus, ServerSettings settings, CancellationToken cancellation) =>
            {
                if (await BoundedBodyAsync(request, settings.MaxImportBytes, cancellation) is not { } bytes) return TooLarge(settings);
                JsonNode? body;
                try { body = JsonNode.Parse(bytes); }
                catch (System.Text.Json.JsonException) { body = null; }
                return body is JsonObject finding
                    ? Answer(await RecordFindingAsync(finding, user, bus, cancellation))
                    : Problems.ImportRefused([(1, "the body must be one JSON object: a flag.confirmed, flag.dismissed or commitment.attested entry")]);
            })
            .AddOpenApiOperationTransformer((operation, _, _) => RequestBody(operation, "application/json", "One flag.confirmed, flag.dismissed or commitment.attested entry"))
            .RequireAuthorization(Policies.Audit)
            .WithSummary("Record an auditor's flag.confirmed, flag.dismissed or commitment.attested entry; 'by' defaults to the key's name.");
    }

    /// <summary>One finding, checked and appended as a one-line import; the web pages' auditor form posts through here too.</summary>
    public static async Task<ImportResult> RecordFindingAsync(JsonObject finding, ClaimsPrincipal user, IMessageBus bus, CancellationToken cancellation)
    {
        var type = finding["type"] is JsonValue value && value.TryGetValue<string>(out var t) ? t : null;
        if (type is null || !AuditorTypes.Contains(type))
            return new ImportResult([new LineError(1, $"a finding's type must be one of {string.Join(", ", AuditorTypes.Order())}, got {(type is null ? "none" : $"'{type}'")}")], 0, 0);
        finding["by"] ??= user.Identity!.Name;
        var lines = LedgerFile.Parse(System.Text.Encoding.UTF8.GetBytes(finding.ToJsonString()));
        return await bus.ImportAsync(lines, Recorder(user), cancellation);
    }

    /// <summary>The body is read as bytes whatever its declared type (curl's default included), so the document names it here.</summary>
    static Task RequestBody(OpenApiOperation operation, string contentType, string description)
    {
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true, Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { [contentType] = new() },
        };
        return Task.CompletedTask;
    }

    static IResult Answer(ImportResult result) => result.Succeeded
        ? Results.Json(new { appended = result.Appended, alreadyInLedger = result.AlreadyInLedger, errors = Array.Empty<object>() })
        : Problems.ImportRefused(result.Errors.Select(e => (e.Line, e.Reason)));

    static string Recorder(ClaimsPrincipal user) => Recorders.Key(user.Identity!.Name!);

    static IResult TooLarge(ServerSettings settings) => Problems.Problem(StatusCodes.Status413PayloadTooLarge, "Body too large",
        $"A body sent to /api may be at most {settings.MaxImportBytes} bytes; nothing was appended. Split the file, or start serve with a larger --max-import-bytes.");

    /// <summary>
    /// The body, or null when it is over <paramref name="limit"/>: refused from its Content-Length before a byte is
    /// read, or, sent chunked, as soon as the limit is passed. Kestrel's own limit is lifted for this request so that,
    /// after the 413, Kestrel reads and discards the rest of the body for a few seconds before closing (its drain):
    /// a connection closed under a client still sending is reset, and the client never sees the 413 or its reason.
    /// </summary>
    static async Task<byte[]?> BoundedBodyAsync(HttpRequest request, long limit, CancellationToken cancellation)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } kestrelLimit)
            kestrelLimit.MaxRequestBodySize = null;
        if (request.ContentLength > limit) return null;
        using var body = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, cancellation)) > 0)
        {
            if (body.Length + read > limit) return null;
            body.Write(buffer, 0, read);
        }
        return body.ToArray();
    }
}
