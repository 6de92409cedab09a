using Hamdel.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Features.Metrics;

/// <summary>
/// <c>Hamdel.Server metrics rebuild [--workspace ID] [settings...]</c>: recomputes the rollups of
/// every workspace (or one) from the raw rows and exits, without starting the web server.
/// </summary>
public static class MetricsCommand
{
    public static bool Handles(string[] args) => args.Length >= 2 && args[0] == "metrics" && args[1] == "rebuild";

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken = default)
    {
        var rest = args[2..].ToList();
        Guid? only = null;
        var at = rest.IndexOf("--workspace");
        if (at >= 0)
        {
            if (at + 1 >= rest.Count || !Guid.TryParse(rest[at + 1], out var id))
            {
                await Console.Error.WriteLineAsync("--workspace needs a workspace id.");
                return 2;
            }
            only = id;
            rest.RemoveRange(at, 2);
        }
        await using var app = await HamdelApp.CreateAsync([.. rest], cancellationToken: cancellationToken);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HamdelDbContext>();
        var workspaces = await db.Workspaces.AsNoTracking().Where(w => only == null || w.Id == only).Select(w => new { w.Id, w.Name }).ToListAsync(cancellationToken);
        if (workspaces.Count == 0)
        {
            await Console.Error.WriteLineAsync(only is null ? "No workspaces." : $"No workspace {only}.");
            return only is null ? 0 : 1;
        }
        var rollups = scope.ServiceProvider.GetRequiredService<MetricRollups>();
        foreach (var workspace in workspaces)
        {
            var result = await rollups.RebuildAsync(workspace.Id, cancellationToken);
            Console.WriteLine($"{workspace.Id} {workspace.Name}: {result.Facts:N0} facts, {result.Rollups:N0} rollup rows, {result.HistogramBins:N0} histogram bins in {result.Seconds:N1} s");
        }
        return 0;
    }
}
