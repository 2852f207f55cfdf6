using Microsoft.AspNetCore.Builder;
using JasperFx.OpenTelemetry;
using Microsoft.Extensions.DependencyInjection;
using Marten;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace EthicsLedger.Server;

/// <summary>
/// OpenTelemetry traces and metrics from ASP.NET Core, Npgsql, Marten and Wolverine. Metrics are always
/// scraped at <c>/metrics</c> (Prometheus text); traces and metrics also go to an OTLP collector when the
/// standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
/// </summary>
public static class Telemetry
{
    /// <summary>The ActivitySource names Marten and Wolverine publish under.</summary>
    static readonly string[] Libraries = ["Marten", "Wolverine"];

    /// <summary>Their Meters: Marten's is "Marten", Wolverine's "Wolverine:" and the service's name; the ledger's own counts appended events.</summary>
    static readonly string[] Meters = ["Marten*", "Wolverine*", "Npgsql", Importing.EventAppender.MeterName];

    public static void Add(WebApplicationBuilder builder)
    {
        // Marten traces each session's connection use and counts appended events only when asked.
        builder.Services.ConfigureMarten(marten =>
        {
            marten.OpenTelemetry.TrackConnections = TrackLevel.Normal;
            marten.OpenTelemetry.TrackEventCounters();
        });
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("ethicsledger", serviceVersion: typeof(Telemetry).Assembly.GetName().Version?.ToString()))
            .WithTracing(tracing => tracing.AddAspNetCoreInstrumentation().AddNpgsql().AddSource(Libraries))
            .WithMetrics(metrics => metrics.AddAspNetCoreInstrumentation().AddMeter(Meters).AddPrometheusExporter());
        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT")))
            telemetry.UseOtlpExporter();
    }
}
