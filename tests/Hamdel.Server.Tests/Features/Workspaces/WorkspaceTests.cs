using System.Net;
using System.Net.Http.Json;
using Hamdel.Server.Features.Workspaces;
using Hamdel.Testing;

namespace Hamdel.Server.Tests.Features.Workspaces;

public abstract class WorkspaceTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : HamdelServer
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateWorkspace_ByOrdinaryMember_403()
    {
        var workspace = await server.NewWorkspaceAsync();
        using var admin = await server.NewMemberAsync(workspace, WorkspaceRole.Admin);

        await (await admin.Client.PostAsJsonAsync("/api/v1/workspaces", new { name = "Mine" }, Ct)).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task CreateWorkspace_UnknownTimeZoneOrLanguage_400NamingTheField()
    {
        using var admin = await server.AdminAsync();
        var message = await (await admin.PostAsJsonAsync("/api/v1/workspaces", new { name = "X", timeZone = "Mars/Olympus" }, Ct)).AssertFieldErrorAsync("timeZone");
        Assert.Contains("Mars/Olympus", message, StringComparison.Ordinal);
        await (await admin.PostAsJsonAsync("/api/v1/workspaces", new { name = "X", defaultLanguage = "de" }, Ct)).AssertFieldErrorAsync("defaultLanguage");
        await (await admin.PostAsJsonAsync("/api/v1/workspaces", new { name = "" }, Ct)).AssertFieldErrorAsync("name");
    }

    [Fact]
    public async Task UpdateWorkspace_ByAdmin_ChangesSettings()
    {
        var workspace = await server.NewWorkspaceAsync();
        using var admin = await server.AdminAsync();

        var updated = await (await admin.PutAsJsonAsync($"/api/v1/workspaces/{workspace}", new { name = "قهوه همدل", timeZone = "Asia/Riyadh", defaultLanguage = "ar" }, Ct)).ReadAsync<WorkspaceDto>();

        Assert.Equal("قهوه همدل", updated.Name);
        var read = await (await admin.GetAsync($"/api/v1/workspaces/{workspace}", Ct)).ReadAsync<WorkspaceDto>();
        Assert.Equal(("Asia/Riyadh", "ar"), (read.TimeZone, read.DefaultLanguage));
    }

    [Fact]
    public async Task Profile_Update_ChangesPreferencesAndRejectsUnknownCalendar()
    {
        var workspace = await server.NewWorkspaceAsync();
        using var person = await server.NewMemberAsync(workspace, WorkspaceRole.Agent);

        var profile = await (await person.Client.PutAsJsonAsync("/api/v1/me", new { displayName = "ليلى", language = "ar", calendar = "UmAlQura", timeZone = "Asia/Riyadh" }, Ct)).ReadAsync<Hamdel.Server.Features.Users.ProfileDto>();
        Assert.Equal(("ar", Hamdel.Server.Infrastructure.Localization.CalendarKind.UmAlQura), (profile.Language, profile.Calendar));

        var bad = await person.Client.PutAsJsonAsync("/api/v1/me", new { displayName = "x", language = "ar", calendar = "Julian", timeZone = "Asia/Riyadh" }, Ct);
        Assert.Contains("Gregorian, Persian, UmAlQura", await bad.AssertFieldErrorAsync("calendar"), StringComparison.Ordinal);
    }
}

public sealed class WorkspaceTestsOnSqlite(SqliteServer server) : WorkspaceTests<SqliteServer>(server);

public sealed class WorkspaceTestsOnPostgres(PostgresServer server) : WorkspaceTests<PostgresServer>(server);
