using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Text;
using EthicsLedger.Server.Access;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace EthicsLedger.Server.Pages;

/// <summary>
/// The pages' one layout and their escaping: every piece of ledger text reaches a page through <see cref="E"/>,
/// so a statement holding markup shows as text. No script but the pages' own few lines.
/// </summary>
public static class Html
{
    /// <summary>Ledger text for a page: controls and bidi overrides shown as escapes (as on the command line), then HTML-encoded.</summary>
    public static string E(string? text) => WebUtility.HtmlEncode(SafeText.Lines(text));

    /// <summary>An http(s) link to a source, or plain text when the ledger holds no such URL. The href is the URL as recorded, encoded only.</summary>
    public static string Link(string? url, string text) =>
        url is not null && (url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            ? $"<a href=\"{WebUtility.HtmlEncode(url)}\" rel=\"noopener noreferrer\">{E(text)}</a>"
            : E(text);

    /// <summary>The hidden field every form posts, checked by ASP.NET Core's antiforgery before any handler runs.</summary>
    public static string Antiforgery(HttpContext context)
    {
        var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        return $"<input type=\"hidden\" name=\"{E(tokens.FormFieldName)}\" value=\"{E(tokens.RequestToken)}\">";
    }

    public static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    public static string Query(params (string Name, string? Value)[] values) =>
        string.Join("&", values.Where(v => !string.IsNullOrEmpty(v.Value)).Select(v => $"{v.Name}={Uri.EscapeDataString(v.Value!)}")) is { Length: > 0 } q ? "?" + q : "";

    public static IResult Page(HttpContext context, string title, string body, int status = StatusCodes.Status200OK)
    {
        var user = context.User;
        var who = user.Identity?.IsAuthenticated == true
            ? $"<span>Signed in as <strong>{E(user.Identity.Name)}</strong> ({E(user.FindFirst(ClaimTypes.Role)?.Value)})</span>" +
              $"<form method=\"post\" action=\"/sign-out\" class=\"inline\">{Antiforgery(context)}<button type=\"submit\">Sign out</button></form>"
            : $"<a href=\"/sign-in{E(Query(("returnUrl", context.Request.Path + context.Request.QueryString)))}\">Sign in</a>";
        var html = new StringBuilder()
            .Append($"""
                <!doctype html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>{E(title)} · EthicsLedger</title>
                <style>{Style}</style>
                </head>
                <body>
                <a class="skip" href="#main">Skip to content</a>
                <header><nav aria-label="Main">
                <a href="/" class="brand">EthicsLedger</a>
                <a href="/flags">Flags</a>
                <a href="/audit">Auditor</a>
                <a href="/reference">API</a>
                <span class="who">{who}</span>
                </nav></header>
                <main id="main">
                <h1>{E(title)}</h1>
                """)
            .Append(body)
            .Append("""
                </main>
                <footer><p>Every fact links to its public source. Data: <a href="/downloads/stances.csv">stances</a>,
                <a href="/downloads/flags.csv">flags</a>, <a href="/downloads/history.csv">full history</a> (CSV; .json too).</p></footer>
                </body>
                </html>
                """);
        return Results.Content(html.ToString(), "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    /// <summary>Colours chosen for at least 4.5:1 contrast on white; status is always written out too, never told by colour alone.</summary>
    public static string StatusColour(string status) => status switch
    {
        "in-force" => "#1a7f37",
        "announced" => "#0969da",
        "expired" => "#57606a",
        "fulfilled" => "#8250df",
        "released" => "#0550ae",
        "withdrawn" => "#cf222e",
        _ => "#57606a",
    };

    public static string FlagColour(string state) => state switch
    {
        "confirmed" => "#cf222e",
        "alleged" => "#9a6700",
        _ => "#57606a",
    };

    const string Style = """
        :root { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2328; background: #fff; line-height: 1.5; }
        body { margin: 0; }
        header { background: #24292f; }
        nav { display: flex; flex-wrap: wrap; gap: .25rem 1rem; align-items: center; padding: .6rem 1rem; max-width: 72rem; margin: 0 auto; }
        nav a, nav span { color: #fff; }
        nav .brand { font-weight: 700; }
        nav .who { margin-left: auto; display: flex; gap: .5rem; align-items: center; }
        main { max-width: 72rem; margin: 0 auto; padding: 0 1rem 2rem; }
        footer { max-width: 72rem; margin: 0 auto; padding: 1rem; color: #57606a; border-top: 1px solid #d0d7de; }
        a { color: #0550ae; }
        a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible { outline: 3px solid #bf8700; outline-offset: 2px; }
        .skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: .5rem; background: #fff; padding: .25rem .5rem; z-index: 1; }
        form.controls { display: flex; flex-wrap: wrap; gap: .75rem; align-items: end; margin: 1rem 0; }
        label { display: flex; flex-direction: column; font-weight: 600; font-size: .9rem; }
        input, select, textarea, button { font: inherit; padding: .35rem .5rem; border: 1px solid #57606a; border-radius: 4px; }
        button { background: #0550ae; color: #fff; border-color: #0550ae; cursor: pointer; }
        form.inline { display: inline; } form.inline button { padding: .1rem .5rem; background: transparent; border-color: #fff; }
        table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
        th, td { text-align: left; padding: .4rem .5rem; border-bottom: 1px solid #d0d7de; vertical-align: top; }
        .status { font-weight: 700; }
        .hint { color: #57606a; font-size: .9rem; }
        .notice { padding: .5rem .75rem; border-left: 4px solid #1a7f37; background: #dafbe1; }
        .error { padding: .5rem .75rem; border-left: 4px solid #cf222e; background: #ffebe9; }
        .timeline { list-style: none; padding: 0; }
        .timeline > li { margin: 0 0 1.25rem; }
        .events { margin: .25rem 0 0; padding-left: 1.25rem; font-size: .92rem; }
        .timeline svg { width: 100%; height: auto; display: block; }
        .legend { display: flex; flex-wrap: wrap; gap: .5rem 1rem; font-size: .9rem; padding: 0; list-style: none; }
        .swatch { display: inline-block; width: .9rem; height: .9rem; border-radius: 2px; vertical-align: -2px; margin-right: .25rem; }
        @media (max-width: 40rem) { th, td { padding: .3rem .25rem; font-size: .9rem; } }
        """;
}
