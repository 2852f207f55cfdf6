using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace EthicsLedger.Server.Api;

/// <summary>Every refusal as RFC 9457 problem details, in the product's own words, never a library's.</summary>
public static class Problems
{
    /// <summary>The web pages answer people, in HTML; everything else (the API, downloads, health) answers programs.</summary>
    public static bool IsPage(HttpContext context) =>
        !context.Request.Path.StartsWithSegments("/api") && !context.Request.Path.StartsWithSegments("/downloads") &&
        !context.Request.Path.StartsWithSegments("/health") && !context.Request.Path.StartsWithSegments("/openapi");

    public static IResult NotFound(string detail) => Problem(StatusCodes.Status404NotFound, "Not in the ledger", detail);

    public static IResult BadParameter(string parameter, string detail) => Results.Problem(new ProblemDetails
    {
        Status = StatusCodes.Status400BadRequest, Title = "Bad parameter", Detail = SafeText.Line(detail), Extensions = { ["parameter"] = parameter },
    });

    /// <remarks>Details quote what was asked for, so they are one safe line: no control character or bidi override reaches a person raw.</remarks>
    public static IResult Problem(int status, string title, string detail) =>
        Results.Problem(new ProblemDetails { Status = status, Title = title, Detail = SafeText.Line(detail), Type = TypeOf(status) });

    /// <summary>ASP.NET Core names the RFC 9110 statuses itself; 429 is RFC 6585's.</summary>
    static string? TypeOf(int status) => status == StatusCodes.Status429TooManyRequests ? "https://www.rfc-editor.org/rfc/rfc6585#section-4" : null;

    /// <summary>An import refused whole: every wrong line with its number, as the command line lists them; nothing appended.</summary>
    public static IResult ImportRefused(IEnumerable<(int Line, string Reason)> errors) => Results.Problem(new ProblemDetails
    {
        Status = StatusCodes.Status422UnprocessableEntity,
        Title = "Import refused",
        Detail = "Nothing was appended: the body is appended whole or not at all.",
        Type = "https://tools.ietf.org/html/rfc9110#section-15.5.21",
        Extensions = { ["errors"] = errors.Select(e => new { line = e.Line, reason = e.Reason }).ToList() },
    });
}
