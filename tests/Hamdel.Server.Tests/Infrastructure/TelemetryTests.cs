using System.Collections.Concurrent;
using Hamdel.Testing;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Hamdel.Server.Tests.Infrastructure;

/// <summary>A minimal OTLP/HTTP receiver: records which signal paths were posted to it.</summary>
public sealed class OtlpReceiver : IAsyncLifetime
{
    private WebApplication? _app;

    public ConcurrentBag<string> Paths { get; } = [];
    public Uri Endpoint { get; private set; } = default!;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapPost("/v1/{signal}", async (HttpContext context, string signal) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            if (body.Length > 0)
            {
                Paths.Add(signal);
            }
            return Results.Ok();
        });
        await _app.StartAsync();
        Endpoint = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}

public sealed class TelemetryTests : IAsyncLifetime
{
    private readonly OtlpReceiver _receiver = new();
    private TracedServer? _server;

    public async ValueTask InitializeAsync()
    {
        await _receiver.InitializeAsync();
        _server = new TracedServer(_receiver.Endpoint);
        await _server.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task OtlpEndpointConfigured_TracesAndMetricsAreExported()
    {
        using (var admin = await _server!.AdminAsync())
        {
            await admin.GetAsync("/api/v1/workspaces", TestContext.Current.CancellationToken);
        }

        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(20) && !(_receiver.Paths.Contains("traces") && _receiver.Paths.Contains("metrics")))
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Contains("traces", _receiver.Paths);
        Assert.Contains("metrics", _receiver.Paths);
    }

    private sealed class TracedServer(Uri endpoint) : HamdelServer
    {
        protected override IEnumerable<KeyValuePair<string, string>> Settings =>
        [
            new("Hamdel:Otlp:Endpoint", endpoint.ToString().TrimEnd('/')),
            new("OTEL_BSP_SCHEDULE_DELAY", "100"),
            new("OTEL_METRIC_EXPORT_INTERVAL", "300"),
        ];
    }
}
