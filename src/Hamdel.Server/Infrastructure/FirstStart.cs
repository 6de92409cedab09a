using Hamdel.Server.Features.Demo;
using Hamdel.Server.Features.Users;
using Hamdel.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hamdel.Server.Infrastructure;

internal static partial class FirstStart
{
    /// <summary>
    /// Brings the database up to date and, on the very first start, creates the administrator and
    /// either the demo workspace or an empty one. Runs before the server accepts requests.
    /// </summary>
    public static async Task InitializeHamdelAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        await app.Services.MigrateHamdelDatabaseAsync(cancellationToken);

        await using var scope = app.Services.CreateAsyncScope();
        var bootstrap = scope.ServiceProvider.GetRequiredService<BootstrapAdmin>();
        var admin = await bootstrap.EnsureAsync(cancellationToken);
        if (admin is null)
        {
            return;
        }
        var demo = scope.ServiceProvider.GetRequiredService<IOptions<DemoOptions>>().Value;
        if (demo.Enabled)
        {
            CreatingDemo(app.Logger);
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(admin, demo, cancellationToken);
            // The demo's year of answers and conversations was written directly, not through events:
            // build its rollups now, so the dashboards show something at the first start.
            var rollups = scope.ServiceProvider.GetRequiredService<Features.Metrics.MetricRollups>();
            var db = scope.ServiceProvider.GetRequiredService<HamdelDbContext>();
            foreach (var workspace in await db.Workspaces.Where(w => w.IsDemo).Select(w => w.Id).ToListAsync(cancellationToken))
            {
                await rollups.RebuildAsync(workspace, cancellationToken);
            }
            DemoCreated(app.Logger);
        }
        else
        {
            await bootstrap.CreateFirstWorkspaceAsync(admin, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Creating the demo workspace \"Hamdel Coffee (demo)\" with a year of conversations and survey answers; this first start takes a few seconds longer")]
    private static partial void CreatingDemo(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo workspace created; sign in as the administrator to see it")]
    private static partial void DemoCreated(ILogger logger);
}
