using System.Security.Claims;
using System.Text;
using System.Text.Json.Nodes;
using EthicsLedger.Hosting.Reading;
using EthicsLedger.Rules;
using EthicsLedger.Server.Access;
using EthicsLedger.Server.Api;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Npgsql;
using Wolverine;
using static EthicsLedger.Server.Pages.Html;

namespace EthicsLedger.Server.Pages;

/// <summary>The server-rendered pages: plain HTML and a few lines of script, readable on a phone, usable by keyboard.</summary>
public static class WebPages
{
    public static void Map(WebApplication app)
    {
        var pages = app.MapGroup("").RequireAuthorization(Policies.Read).ExcludeFromDescription();

        pages.MapGet("/", async (HttpContext context, string? knownAt, IDocumentStore store, ServerSettings settings, CancellationToken cancellation) =>
        {
            var organizations = await LedgerReads.OrganizationsAsync(store, Time.KnownAt(knownAt, settings), cancellation);
            var list = new StringBuilder("<ul>");
            foreach (var o in organizations)
                list.Append($"<li><a href=\"/organizations/{E(o.Org)}\">{E(o.Registration!.Name)}</a> <span class=\"hint\">{E(o.Org)} · {o.Commitments.Count} commitment{(o.Commitments.Count == 1 ? "" : "s")}</span></li>");
            if (organizations.Count == 0) list.Append("<li>The ledger holds no organization yet.</li>");
            return Page(context, "Organizations", list.Append("</ul>").ToString());
        });

        pages.MapGet("/organizations/{org}", async (HttpContext context, string org, string? asOf, string? knownAt, IDocumentStore store, ServerSettings settings, CancellationToken cancellation) =>
        {
            var (date, at) = (Time.AsOf(asOf, settings), Time.KnownAt(knownAt, settings));
            var organization = await LedgerReads.OrganizationAsync(store, org, at, cancellation);
            var body = TimelinePage.Body(organization, Evaluator.Stance(organization, date), date, string.IsNullOrEmpty(knownAt) ? null : knownAt);
            return Page(context, $"{organization.Registration!.Name}: timeline", body);
        });

        pages.MapGet("/commitments/{commitment}", async (HttpContext context, string commitment, string? asOf, string? knownAt, string? recorded,
            IDocumentStore store, ServerSettings settings, CancellationToken cancellation) =>
            await CommitmentAsync(context, commitment, asOf, knownAt, store, settings, recorded is null ? null : $"Recorded: {recorded}.", null, cancellation));

        pages.MapPost("/commitments/{commitment}/findings", async (HttpContext context, string commitment, [FromForm] FindingForm form,
            IMessageBus bus, IDocumentStore store, ServerSettings settings, CancellationToken cancellation) =>
        {
            if (form.State is not ("confirmed" or "dismissed"))
                throw new BadParameterException("state", $"state must be confirmed or dismissed, got '{form.State}'");
            if (string.IsNullOrWhiteSpace(form.Flag)) throw new BadParameterException("flag", "flag is missing: choose the flag the finding is about");
            var finding = new JsonObject
            {
                ["type"] = form.State == "dismissed" ? "flag.dismissed" : "flag.confirmed",
                ["commitment"] = commitment, ["flag"] = form.Flag, ["on"] = form.On,
                [form.State == "dismissed" ? "reason" : "finding"] = form.Text,
            };
            if (!string.IsNullOrWhiteSpace(form.Source)) finding["source"] = new JsonObject { ["url"] = form.Source };
            var result = await WriteEndpoints.RecordFindingAsync(finding, context.User, bus, cancellation);
            // Post, redirect, get: a reload of the page after it does not post the finding again.
            if (result.Succeeded)
                return Results.Redirect($"/commitments/{Uri.EscapeDataString(commitment)}{Query(("asOf", form.On), ("recorded", $"flag {form.Flag} {form.State}"))}");
            var reasons = string.Join("<br>", result.Errors.Select(e => E(e.Reason)));
            return await CommitmentAsync(context, commitment, form.On, null, store, settings, null, "Nothing was recorded: " + reasons, cancellation, StatusCodes.Status422UnprocessableEntity);
        }).RequireAuthorization(Policies.Audit).RequireRateLimiting(LedgerServer.WritesLimit);

        pages.MapGet("/flags", async (HttpContext context, string? org, string? state, string? asOf, string? knownAt, IDocumentStore store, ServerSettings settings, CancellationToken cancellation) =>
        {
            if (state is { Length: > 0 } s && !LedgerReads.FlagStateNames.Contains(s)) throw new BadParameterException("state", $"state must be one of {string.Join(", ", LedgerReads.FlagStateNames)}, got '{s}'");
            var date = Time.AsOf(asOf, settings);
            var flags = await LedgerReads.FlagsAsync(store, string.IsNullOrEmpty(org) ? null : org, string.IsNullOrEmpty(state) ? null : state, date, Time.KnownAt(knownAt, settings), cancellation);
            return Page(context, "Broken-promise flags", FlagsPage.Body(flags, org, state, date, knownAt));
        });

        pages.MapGet("/audit", async (HttpContext context, IDocumentStore store, ServerSettings settings, CancellationToken cancellation) =>
            Page(context, "Auditor", AuditorPage.Body(await LedgerIntegrity.VerifyAsync(settings, store, cancellation), await LedgerIntegrity.LatestCheckpointAsync(settings, cancellation))));

        var access = app.MapGroup("").ExcludeFromDescription();
        access.MapGet("/sign-in", (HttpContext context, string? returnUrl, int? why) => Page(context, "Sign in", SignInForm(context, returnUrl, why switch
        {
            401 => "That page needs a key: sign in with yours.",
            403 => "Your key may not do that: sign in with one that may.",
            _ => null,
        })));
        access.MapPost("/sign-in", async (HttpContext context, [FromForm] SignInFormData form, NpgsqlDataSource database, ServerSettings settings, CancellationToken cancellation) =>
        {
            var key = await ApiKeys.FindAsync(database, settings.Schema, form.Key?.Trim() ?? "", cancellation);
            if (key is null) return Page(context, "Sign in", SignInForm(context, form.ReturnUrl, "That key is not known, or was revoked."), StatusCodes.Status401Unauthorized);
            context.Response.Cookies.Append(KeyAuthentication.Cookie, form.Key!.Trim(), new CookieOptions
            {
                HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = context.Request.IsHttps, IsEssential = true, Path = "/",
            });
            return Results.Redirect(LocalUrl(form.ReturnUrl));
        });
        access.MapPost("/sign-out", (HttpContext context) =>
        {
            context.Response.Cookies.Delete(KeyAuthentication.Cookie);
            return Results.Redirect("/");
        });
    }

    static async Task<IResult> CommitmentAsync(HttpContext context, string commitment, string? asOf, string? knownAt, IDocumentStore store, ServerSettings settings,
        string? notice, string? error, CancellationToken cancellation, int status = StatusCodes.Status200OK)
    {
        var (date, at) = (Time.AsOf(asOf, settings), Time.KnownAt(knownAt, settings));
        var read = await LedgerReads.CommitmentAsync(store, commitment, at, cancellation);
        var stance = read.Timeline.Made!.On <= date ? Evaluator.CommitmentAsOf(read.Timeline, read.Organization.Conducts, date) : null;
        var auditor = context.User.IsInRole(Roles.Auditor) || context.User.IsInRole(Roles.Admin) ? Antiforgery(context) : null;
        return Page(context, commitment, CommitmentPage.Body(read, stance, date, string.IsNullOrEmpty(knownAt) ? null : knownAt, auditor, notice, error), status);
    }

    static string SignInForm(HttpContext context, string? returnUrl, string? error) => $"""
        {(error is null ? "" : $"<p class=\"error\" role=\"alert\">{E(error)}</p>")}
        <p>Reading needs no key. Editors, auditors and admins sign in with the API key they were given (<code>ethicsledger keys create</code>).</p>
        <form method="post" action="/sign-in" class="controls">
          {Antiforgery(context)}
          <input type="hidden" name="returnUrl" value="{E(LocalUrl(returnUrl))}">
          <label for="key">API key<input type="password" id="key" name="key" autocomplete="current-password" required size="50"></label>
          <button type="submit">Sign in</button>
        </form>
        """;

    /// <summary>Only a path on this server: a sign-in must not redirect anywhere else.</summary>
    /// <remarks>
    /// Browsers drop tabs and line breaks inside a URL (<c>/\t/evil.example</c> becomes <c>//evil.example</c>) and read a
    /// backslash as a slash, so a path with any control character, or whose second character is a slash or backslash, is refused.
    /// </remarks>
    static string LocalUrl(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || url[1] is not ('/' or '\\')) && !url.Any(char.IsControl)
            ? url
            : "/";

    /// <summary>Every field optional to the binder, so a form missing one is answered in words (a 400 page), not by the framework.</summary>
    public sealed class FindingForm
    {
        public string? Flag { get; set; }
        public string? State { get; set; }
        public string? On { get; set; }
        public string? Text { get; set; }
        public string? Source { get; set; }
    }
    public sealed class SignInFormData
    {
        public string? Key { get; set; }
        public string? ReturnUrl { get; set; }
    }
}
