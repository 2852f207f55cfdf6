using System.Threading.RateLimiting;
using EthicsLedger.Hosting;
using EthicsLedger.Server.Access;
using EthicsLedger.Server.Api;
using EthicsLedger.Server.Pages;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Scalar.AspNetCore;

namespace EthicsLedger.Server;

/// <summary>
/// The long-running host behind <c>ethicsledger serve</c>: the ledger's own wiring (<see cref="LedgerHost.Configure"/>,
/// the same Marten and Wolverine as the command line), then the HTTP API, its OpenAPI document, the web pages,
/// health and telemetry. Any number of these may run against one database; they hold no state of their own.
/// </summary>
public static class LedgerServer
{
    public const string WritesLimit = "writes";

    public static WebApplication Build(ServerSettings settings)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(LedgerServer).Assembly.GetName().Name });
        builder.WebHost.UseUrls(settings.Urls);
        // Nothing larger is read from any request. The write endpoints lift this for themselves and keep the same limit,
        // so that Kestrel can drain an oversize body after their 413 (WriteEndpoints.BoundedBodyAsync).
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = settings.MaxImportBytes);
        LedgerHost.Configure(builder, settings.ConnectionString, settings.Schema, settings.Clock);

        builder.Services.AddSingleton(settings);
        builder.Services.AddHostedService<ApiKeyTableSetup>();
        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(settings.ConnectionString));
        // A route or method that does not exist says so in words too (UseStatusCodePages writes these).
        builder.Services.AddProblemDetails(problems => problems.CustomizeProblemDetails = context =>
            context.ProblemDetails.Detail ??= context.ProblemDetails.Status switch
            {
                StatusCodes.Status404NotFound => $"there is nothing at {context.HttpContext.Request.Method} {SafeText.Line(context.HttpContext.Request.Path)}: the routes are in /openapi/v1.json",
                StatusCodes.Status405MethodNotAllowed => $"{context.HttpContext.Request.Method} is not allowed on {SafeText.Line(context.HttpContext.Request.Path)}",
                _ => null,
            });
        // A parameter or form the framework cannot bind is thrown to LedgerFailures, which answers it in words.
        builder.Services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
        builder.Services.AddAntiforgery();
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping);

        builder.Services.AddAuthentication(KeyAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, KeyAuthentication>(KeyAuthentication.SchemeName, null);
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, Refusals>();
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Read, policy => { if (settings.AnonymousReaders) policy.RequireAssertion(_ => true); else policy.RequireRole(Roles.Allowed(Roles.Reader)); })
            .AddPolicy(Policies.Edit, policy => policy.RequireRole(Roles.Allowed(Roles.Editor)))
            .AddPolicy(Policies.Audit, policy => policy.RequireRole(Roles.Allowed(Roles.Auditor)));
        builder.Services.AddRateLimiter(limits =>
        {
            limits.AddPolicy(WritesLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                context.User.Identity?.Name ?? context.Connection.RemoteIpAddress?.ToString() ?? "",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = settings.WritesPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            limits.OnRejected = async (rejected, cancellation) =>
            {
                rejected.HttpContext.Response.Headers.RetryAfter = "60";
                await Problems.Problem(StatusCodes.Status429TooManyRequests, "Too many writes",
                        $"A key may make {settings.WritesPerMinute} writes a minute; nothing was appended. Try again in a minute.")
                    .ExecuteAsync(rejected.HttpContext);
            };
        });
        builder.Services.AddOpenApi(openApi => openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "EthicsLedger";
            document.Info.Description = "An event-sourced ledger of corporate ethics commitments. JSON shapes: docs/ledger-format.md; roles: docs/server.md.";
            document.Components ??= new Microsoft.OpenApi.OpenApiComponents();
            document.Components.SecuritySchemes = new Dictionary<string, Microsoft.OpenApi.IOpenApiSecurityScheme>
            {
                ["bearer"] = new Microsoft.OpenApi.OpenApiSecurityScheme
                {
                    Type = Microsoft.OpenApi.SecuritySchemeType.Http, Scheme = "bearer",
                    Description = "An API key made by 'ethicsledger keys create NAME --role ROLE': Authorization: Bearer elk_…",
                },
            };
            return Task.CompletedTask;
        }));
        Telemetry.Add(builder);

        var app = builder.Build();
        app.UseStatusCodePages();
        app.Use(LedgerFailures.Middleware);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.UseRateLimiter();

        app.MapOpenApi();
        app.MapScalarApiReference("/reference", reference => reference.WithTitle("EthicsLedger API"));
        app.MapPrometheusScrapingEndpoint("/metrics");
        HealthEndpoints.Map(app);
        ReadEndpoints.Map(app);
        WriteEndpoints.Map(app);
        DownloadEndpoints.Map(app);
        WebPages.Map(app);
        return app;
    }
}
