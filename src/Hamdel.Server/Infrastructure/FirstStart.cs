using Hamdel.Server.Features.Demo;
using Hamdel.Server.Features.Users;
using Hamdel.Server.Infrastructure.Data;
using Microsoft.Extensions.Options;

namespace Hamdel.Server.Infrastructure;

internal static class FirstStart
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
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(admin, demo, cancellationToken);
        }
        else
        {
            await bootstrap.CreateFirstWorkspaceAsync(admin, cancellationToken);
        }
    }
}
