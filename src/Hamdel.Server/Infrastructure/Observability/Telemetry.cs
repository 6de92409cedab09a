using System.Diagnostics;
using System.Diagnostics.Metrics;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Hamdel.Server.Infrastructure.Observability;

/// <summary>
/// Traces, metrics and logs over OTLP, switched on only when an endpoint is configured
/// (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c> or <c>Hamdel:Otlp:Endpoint</c>), so a plain start costs nothing.
/// </summary>
internal static class Telemetry
{
    public const string ServiceName = "hamdel";
    public static readonly ActivitySource Source = new(ServiceName);
    public static readonly Meter Meter = new(ServiceName);

    public static IHostApplicationBuilder AddHamdelTelemetry(this IHostApplicationBuilder builder)
    {
        var endpoint = builder.Configuration["Hamdel:Otlp:Endpoint"] ?? builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return builder;
        }

        var protocol = builder.Configuration["Hamdel:Otlp:Protocol"] ?? builder.Configuration["OTEL_EXPORTER_OTLP_PROTOCOL"];
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName, serviceVersion: typeof(Telemetry).Assembly.GetName().Version?.ToString()))
            .WithTracing(t => t
                .AddSource(ServiceName)
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal))
                .AddHttpClientInstrumentation()
                .AddSource("Npgsql"))
            .WithMetrics(m => m
                .AddMeter(ServiceName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Npgsql"))
            .WithLogging()
            .UseOtlpExporter(
                protocol is "grpc" ? OpenTelemetry.Exporter.OtlpExportProtocol.Grpc : OpenTelemetry.Exporter.OtlpExportProtocol.HttpProtobuf,
                new Uri(endpoint));
        return builder;
    }
}
