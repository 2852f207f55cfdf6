using EthicsLedger.Hosting.Database;
using EthicsLedger.Hosting.Reading;
using EthicsLedger.Importing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace EthicsLedger.Server.Api;

/// <summary>The ledger's own refusals, said once for every endpoint and page: what the command line says, as a status and problem details.</summary>
public static class LedgerFailures
{
    public static async Task Middleware(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (!context.Response.HasStarted && Answer(e, context) is { } answer)
        {
            context.Response.Clear();
            if (Problems.IsPage(context) && answer is IStatusCodeHttpResult { StatusCode: { } status } && e is not ImportRaceLostException)
                answer = Pages.Html.Page(context, status == 404 ? "Not in the ledger" : "Cannot show this", $"<p class=\"error\" role=\"alert\">{Pages.Html.E(e.Message)}</p>", status);
            await answer.ExecuteAsync(context);
        }
    }

    static IResult? Answer(Exception e, HttpContext context) => e switch
    {
        NotInLedgerException missing => Problems.NotFound(missing.Message),
        BadTimeException time => Problems.BadParameter(time.Parameter, time.Message),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => Problems.Problem(413, "Body too large", e.Message),
        ImportRaceLostException race => Problems.Problem(StatusCodes.Status409Conflict, "Import not appended", race.Message),
        _ when DatabaseFailure.Describe(e, context.RequestServices.GetRequiredService<ServerSettings>().ConnectionString) is { } failure =>
            Problems.Problem(StatusCodes.Status503ServiceUnavailable, "Database unavailable", failure),
        _ => null,
    };
}
