using EthicsLedger.Server.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;

namespace EthicsLedger.Server.Access;

/// <summary>
/// 401 and 403 as problem details. A key that was given but is unknown or revoked is refused everywhere,
/// even where no key is needed: a caller who meant to be someone must not silently be no one.
/// </summary>
public sealed class Refusals : IAuthorizationMiddlewareResultHandler
{
    readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        // The authentication middleware keeps only a success; a refused key is asked again (the handler answers from its cache).
        var authentication = await context.AuthenticateAsync(KeyAuthentication.SchemeName);
        if (authentication?.Failure is { } failure)
        {
            context.Response.Cookies.Delete(KeyAuthentication.Cookie);
            await Refuse(context, StatusCodes.Status401Unauthorized, "Unknown key", failure.Message + ". Nothing was read or appended.");
        }
        else if (result.Challenged)
            await Refuse(context, StatusCodes.Status401Unauthorized, "Key required",
                "This needs an API key: send 'Authorization: Bearer elk_…' (keys are made with 'ethicsledger keys create').");
        else if (result.Forbidden)
            await Refuse(context, StatusCodes.Status403Forbidden, "Not allowed",
                $"The key '{context.User.Identity?.Name}' ({Role(context)}) may not do this; nothing was appended.");
        else await _default.HandleAsync(next, context, policy, result);
    }

    static string Role(HttpContext context) => context.User.FindFirst(System.Security.Claims.ClaimTypes.Role)?.Value ?? "no role";

    static Task Refuse(HttpContext context, int status, string title, string detail)
    {
        // A person at a page is sent to sign in, and back, or told in a page; a program gets the problem.
        if (Problems.IsPage(context) && HttpMethods.IsGet(context.Request.Method))
        {
            context.Response.Redirect($"/sign-in?returnUrl={Uri.EscapeDataString(context.Request.Path + context.Request.QueryString)}&why={status}");
            return Task.CompletedTask;
        }
        if (Problems.IsPage(context))
            return Pages.Html.Page(context, title, $"<p class=\"error\" role=\"alert\">{Pages.Html.E(detail)}</p><p><a href=\"/sign-in\">Sign in</a></p>", status).ExecuteAsync(context);
        if (status == StatusCodes.Status401Unauthorized) context.Response.Headers.WWWAuthenticate = "Bearer";
        return Problems.Problem(status, title, detail).ExecuteAsync(context);
    }
}
