using EthicsLedger.Hosting.Database;
using EthicsLedger.Hosting.Reading;
using EthicsLedger.Importing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace EthicsLedger.Server.Api;

/// <summary>
/// The ledger's own refusals, said once for every endpoint and page: what the command line says, as a status and
/// problem details for programs, or as a page for people (<see cref="Problems.IsPage"/>). Never a library's words.
/// </summary>
public static class LedgerFailures
{
    public static async Task Middleware(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (!context.Response.HasStarted && Refusal(e, context) is { } refusal)
        {
            context.Response.Clear();
            var answer = Problems.IsPage(context)
                ? Pages.Html.Page(context, refusal.Status == 404 ? "Not in the ledger" : "Cannot show this",
                    $"<p class=\"error\" role=\"alert\">{Pages.Html.E(refusal.Detail)}</p>", refusal.Status)
                : refusal.Parameter is { } parameter
                    ? Problems.BadParameter(parameter, refusal.Detail)
                    : Problems.Problem(refusal.Status, refusal.Title, refusal.Detail);
            await answer.ExecuteAsync(context);
        }
    }

    sealed record Failure(int Status, string Title, string Detail, string? Parameter = null);

    static Failure? Refusal(Exception e, HttpContext context) => e switch
    {
        NotInLedgerException missing => new(StatusCodes.Status404NotFound, "Not in the ledger", missing.Message),
        BadParameterException bad => new(StatusCodes.Status400BadRequest, "Bad parameter", bad.Message, bad.Parameter),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => new(413, "Body too large",
            $"the body is over the server's limit of {context.RequestServices.GetRequiredService<ServerSettings>().MaxImportBytes} bytes; nothing was appended"),
        BadHttpRequestException bad => new(bad.StatusCode, "Request not read", Problems.IsPage(context)
            ? "This form could not be read: it may be out of date or have come from another page. Reload the page and send it again."
            : "The request could not be read: a parameter or the body is not in the form docs/server.md gives."),
        ImportRaceLostException race => new(StatusCodes.Status409Conflict, "Import not appended", race.Message),
        _ when DatabaseFailure.Describe(e, context.RequestServices.GetRequiredService<ServerSettings>().ConnectionString) is { } failure =>
            new(StatusCodes.Status503ServiceUnavailable, "Database unavailable", failure),
        _ => null,
    };
}
