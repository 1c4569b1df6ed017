using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using MuxActors.Core.Metrics;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace MuxActors.Service.Metrics;

/// <summary>
/// Exports the <c>MuxActors</c> meter and .NET's built-in <c>System.Runtime</c> meter (GC, JIT, threads, process CPU
/// and memory) through one OpenTelemetry pipeline: to <c>/metrics</c> in the Prometheus text format and, when
/// configured, pushed over OTLP. See docs/operations.md for why this exporter.
/// </summary>
public static class MetricsHosting
{
    /// <summary>The runtime's own meter (.NET 9 and later).</summary>
    public const string RuntimeMeterName = "System.Runtime";

    /// <summary>The service's version, as <c>--version</c> prints it.</summary>
    public static string Version { get; } =
        typeof(MetricsHosting).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    private const int RuntimePointsLimit = 200;

    /// <summary>
    /// Adds the OpenTelemetry metrics pipeline when something reads it: the Prometheus exporter for <c>/metrics</c>
    /// (<paramref name="prometheus"/>) and the OTLP exporter (<paramref name="telemetry"/>). Without either, nothing is
    /// added: the instruments still serve <c>dotnet-counters</c>, which listens through the runtime itself.
    /// </summary>
    public static IServiceCollection AddMuxActorsTelemetry(this IServiceCollection services, TelemetrySettings telemetry, bool prometheus)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(telemetry);
        if (!prometheus && telemetry.OtlpEndpoint is null)
            return services;
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("muxactors", serviceVersion: Version))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(MuxMetrics.MeterName, RuntimeMeterName);
                // The runtime's instruments have a few points each (a GC generation, an exception type); the default
                // limit of 2000 points makes each hold a 2000-point array (about 140 KiB) from its first measurement.
                metrics.AddView(instrument => instrument.Meter.Name == RuntimeMeterName
                    ? new MetricStreamConfiguration { CardinalityLimit = RuntimePointsLimit } : null);
                // Every scrape collects anew: the exporter's default 300 ms cache would serve a stale snapshot.
                if (prometheus)
                    metrics.AddPrometheusExporter(options => options.ScrapeResponseCacheDurationMilliseconds = 0);
                if (telemetry.OtlpEndpoint is { } endpoint)
                {
                    metrics.AddOtlpExporter((exporter, reader) =>
                    {
                        exporter.Endpoint = endpoint;
                        exporter.Protocol = telemetry.OtlpHttp ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
                        reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)telemetry.OtlpInterval.TotalMilliseconds;
                    });
                }
            });
        return services;
    }

    /// <summary>
    /// Serves <c>GET /metrics</c> with the Prometheus exporter, behind the API's middleware (errors, the bearer token
    /// on TCP); the gauges' snapshot is refreshed before each scrape.
    /// </summary>
    public static void MapMetrics(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var gauges = app.Services.GetRequiredService<MuxGauges>();
        app.Use(async (context, next) =>
        {
            if (context.Request.Path == "/metrics" && HttpMethods.IsGet(context.Request.Method))
                await gauges.RefreshAsync().ConfigureAwait(false);
            await next(context).ConfigureAwait(false);
        });
        // GET only, like every other read of the API: another method gets the API's 405 answer.
        app.MapPrometheusScrapingEndpoint("/metrics").WithMetadata(new HttpMethodMetadata([HttpMethods.Get]));
    }
}
