using Hamdel.Server;
using Hamdel.Server.Features.Metrics;

// `metrics rebuild [--workspace ID]` recomputes the metric rollups and exits; anything else runs the server.
if (MetricsCommand.Handles(args))
{
    return await MetricsCommand.RunAsync(args);
}

var app = await HamdelApp.CreateAsync(args);
await app.RunAsync();
return 0;

/// <summary>The entry point; the wiring is in <see cref="HamdelApp"/>.</summary>
public partial class Program;
