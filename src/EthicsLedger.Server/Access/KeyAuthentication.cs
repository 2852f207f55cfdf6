using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EthicsLedger.Server.Access;

/// <summary>
/// Who is asking: an API key in <c>Authorization: Bearer elk_…</c>, or the same token in the web
/// pages' sign-in cookie. Every request looks the key up again, so a revoked key stops working at once.
/// </summary>
public sealed class KeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ServerSettings settings, NpgsqlDataSource database)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Cookie = "ethicsledger_key";
    public const string NameClaim = ClaimTypes.Name;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = Token(Request);
        if (token is null) return AuthenticateResult.NoResult();
        var key = await ApiKeys.FindAsync(database, settings.Schema, token, Context.RequestAborted);
        if (key is null) return AuthenticateResult.Fail("the API key is not known, or was revoked");
        var identity = new ClaimsIdentity([new Claim(NameClaim, key.Name), new Claim(ClaimTypes.Role, key.Role)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    static string? Token(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return header["Bearer ".Length..].Trim();
        // The cookie signs in the pages only, whose forms carry an antiforgery token; the API takes the header alone,
        // so no page of another origin can write as a signed-in person with a plain form or fetch.
        return Api.Problems.IsPage(request.HttpContext) && request.Cookies.TryGetValue(Cookie, out var cookie) && !string.IsNullOrEmpty(cookie) ? cookie : null;
    }
}
