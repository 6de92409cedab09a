using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Hamdel.Testing;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Tests.Infrastructure;

public abstract class PlatformTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : HamdelServer
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected TServer Server => server;

    [Fact]
    public async Task Migrations_AllAppliedAndModelMatchesThem()
    {
        var (pending, applied, defined, changes) = await server.QueryAsync(async db => (
            (await db.Database.GetPendingMigrationsAsync(Ct)).ToList(),
            (await db.Database.GetAppliedMigrationsAsync(Ct)).ToList(),
            db.Database.GetMigrations().ToList(),
            db.Database.HasPendingModelChanges()));

        Assert.Empty(pending);
        Assert.Equal(defined, applied);
        Assert.False(changes, "The model has changes no migration describes: add a migration for both providers.");
        Assert.Equal(server.Database == DatabaseKind.Sqlite ? "Microsoft.EntityFrameworkCore.Sqlite" : "Npgsql.EntityFrameworkCore.PostgreSQL",
            await server.QueryAsync(db => Task.FromResult(db.Database.ProviderName)));
    }

    [Fact]
    public async Task Health_LiveAndReady_200()
    {
        using var client = server.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live", Ct)).StatusCode);
        var ready = await client.GetAsync("/health/ready", Ct);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Times_AreStoredInUtc()
    {
        var workspace = await server.NewWorkspaceAsync();
        var created = await server.QueryAsync(db => db.Workspaces.Where(w => w.Id == workspace).Select(w => w.CreatedAt).SingleAsync(Ct));
        Assert.Equal(TimeSpan.Zero, created.Offset);
    }
}

public sealed class PlatformTestsOnSqlite(SqliteServer server) : PlatformTests<SqliteServer>(server)
{
    [Fact]
    public async Task Sqlite_FileIsInWalModeWithFullSync()
    {
        var (journal, synchronous) = await Server.QueryAsync(async db =>
        {
            await db.Database.OpenConnectionAsync(TestContext.Current.CancellationToken);
            var connection = db.Database.GetDbConnection();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode";
            var mode = (string)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
            command.CommandText = "PRAGMA synchronous";
            var sync = (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
            return (mode, sync);
        });
        Assert.Equal("wal", journal);
        Assert.Equal(2, synchronous); // FULL
        Assert.True(File.Exists(Path.Combine(Server.DataDirectory, "hamdel.db")));
    }
}

public sealed class PlatformTestsOnPostgres(PostgresServer server) : PlatformTests<PostgresServer>(server);

/// <summary>A server with a tight sign-in limit and a roomy anonymous one, to see the first bite alone.</summary>
public sealed class SignInLimitedServer : HamdelServer
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
    [
        new("Hamdel:RateLimits:SignInPerMinute", "3"),
        new("Hamdel:RateLimits:AnonymousPerMinute", "1000"),
    ];
}

/// <summary>A server with a tight limit on anonymous callers.</summary>
public sealed class AnonymousLimitedServer : HamdelServer
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
    [
        new("Hamdel:RateLimits:AnonymousPerMinute", "5"),
    ];
}

// Each limit gets its own server: the budgets are per address and minute, and the tests run in
// any order, so one test's requests must not spend the other's budget.
public sealed class SignInRateLimitTests(SignInLimitedServer server) : IClassFixture<SignInLimitedServer>
{
    [Fact]
    public async Task SignIn_OverTheLimit_429WithRetryAfter()
    {
        using var client = server.Anonymous();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await client.PostAsJsonAsync("/api/v1/auth/token", new { email = "x@test.hamdel", password = "wrong-password" }, TestContext.Current.CancellationToken)).StatusCode);
        }
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);

        var limited = await client.PostAsJsonAsync("/api/v1/auth/token", new { email = "x@test.hamdel", password = "wrong-password" }, TestContext.Current.CancellationToken);
        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }
}

public sealed class AnonymousRateLimitTests(AnonymousLimitedServer server) : IClassFixture<AnonymousLimitedServer>
{
    [Fact]
    public async Task AnonymousEndpoint_OverTheLimit_429_ButSignedInCallersAreNotLimited()
    {
        // The token is issued directly, not through the (anonymous, limited) token endpoint.
        var token = await server.IssueTokenAsync(HamdelServer.AdminEmail);
        using var anonymous = server.Anonymous();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            statuses.Add((await anonymous.GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken)).StatusCode);
        }
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);

        using var signedIn = server.WithToken(token);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await signedIn.GetAsync("/api/v1/me", TestContext.Current.CancellationToken)).StatusCode);
        }
    }
}

/// <summary>The OpenAPI document, linted by a real linter (Redocly CLI, installed by test.sh).</summary>
public sealed class OpenApiTests(SqliteServer server) : IClassFixture<SqliteServer>
{
    [Fact]
    public async Task OpenApiDocument_PassesRedoclyRecommendedRules()
    {
        var redocly = Environment.GetEnvironmentVariable("HAMDEL_REDOCLY")
            ?? throw new InvalidOperationException("HAMDEL_REDOCLY is not set: run through ./test.sh, which installs @redocly/cli, or point it at a redocly executable.");
        using var client = server.Anonymous();
        var document = await client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken);
        var file = Path.Combine(Path.GetTempPath(), $"hamdel-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, document, TestContext.Current.CancellationToken);

        var start = new ProcessStartInfo(redocly, ["lint", file, "--format=json"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var lint = Process.Start(start)!;
        var stderr = lint.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        var report = await lint.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await lint.WaitForExitAsync(TestContext.Current.CancellationToken);
        File.Delete(file);

        Assert.True(lint.ExitCode == 0, "Redocly found problems in /openapi/v1.json:\n" + report + await stderr);
        var totals = System.Text.Json.JsonDocument.Parse(report).RootElement.GetProperty("totals");
        Assert.Equal((0, 0), (totals.GetProperty("errors").GetInt32(), totals.GetProperty("warnings").GetInt32()));
    }

    [Fact]
    public async Task ApiReferencePage_IsServed()
    {
        using var client = server.Anonymous();
        var page = await client.GetStringAsync("/api/reference", TestContext.Current.CancellationToken);
        Assert.Contains("openapi/v1.json", page, StringComparison.Ordinal);
    }
}
