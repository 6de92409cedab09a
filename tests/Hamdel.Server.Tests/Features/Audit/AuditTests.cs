using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hamdel.Server.Features.Audit;
using Hamdel.Server.Features.Workspaces;
using Hamdel.Server.Infrastructure.Paging;
using Hamdel.Testing;

namespace Hamdel.Server.Tests.Features.Audit;

public abstract class AuditTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : HamdelServer
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AuditLog_RecordsSignInRoleChangeTokenAndExport_ForAdminsOnly()
    {
        var workspace = await server.NewWorkspaceAsync();
        using var agent = await server.NewMemberAsync(workspace, WorkspaceRole.Agent);
        using var admin = await server.AdminAsync();
        await agent.Client.PostAsJsonAsync("/api/v1/me/tokens", new { name = "script" }, Ct);
        await admin.PutAsJsonAsync($"/api/v1/workspaces/{workspace}/members/{agent.MemberId}/role", new { role = "Supervisor" }, Ct);
        var export = await admin.GetAsync($"/api/v1/workspaces/{workspace}/export", Ct);
        using var exported = JsonDocument.Parse(await export.Content.ReadAsStringAsync(Ct));
        Assert.Equal(2, exported.RootElement.GetProperty("members").GetArrayLength());

        var page = await (await admin.GetAsync($"/api/v1/workspaces/{workspace}/audit?limit=200", Ct)).ReadAsync<Page<AuditEntryDto>>();
        var actions = page.Items.Select(e => e.Action).ToList();

        Assert.Contains("user.signed_in", actions);
        Assert.Contains("member.added", actions);
        Assert.Contains("member.role_changed", actions);
        Assert.Contains("token.created", actions);
        Assert.Contains("data.exported", actions);
        Assert.All(page.Items.Zip(page.Items.Skip(1)), pair => Assert.True(pair.First.Id.CompareTo(pair.Second.Id) > 0, "newest first"));
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.Client.GetAsync($"/api/v1/workspaces/{workspace}/audit", Ct)).StatusCode);
    }

    [Fact]
    public async Task AuditLog_Paging_VisitsEveryEntryOnce()
    {
        var workspace = await server.NewWorkspaceAsync();
        using var admin = await server.AdminAsync();
        for (var i = 0; i < 7; i++)
        {
            await server.NewMemberAsync(workspace, WorkspaceRole.Agent);
        }
        var all = await (await admin.GetAsync($"/api/v1/workspaces/{workspace}/audit?action=member.added&limit=200", Ct)).ReadAsync<Page<AuditEntryDto>>();
        Assert.Equal(7, all.Items.Count);

        var seen = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await (await admin.GetAsync($"/api/v1/workspaces/{workspace}/audit?action=member.added&limit=3" + (cursor is null ? "" : "&cursor=" + cursor), Ct)).ReadAsync<Page<AuditEntryDto>>();
            Assert.True(page.Items.Count <= 3);
            seen.AddRange(page.Items.Select(i => i.Id));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(all.Items.Select(i => i.Id), seen);
        await (await admin.GetAsync($"/api/v1/workspaces/{workspace}/audit?cursor=%%%", Ct)).AssertFieldErrorAsync("cursor");
        await (await admin.GetAsync($"/api/v1/workspaces/{workspace}/audit?limit=0", Ct)).AssertFieldErrorAsync("limit");
        await (await admin.GetAsync($"/api/v1/workspaces/{workspace}/audit?limit=abc", Ct)).AssertFieldErrorAsync("limit");
    }
}

public sealed class AuditTestsOnSqlite(SqliteServer server) : AuditTests<SqliteServer>(server);

public sealed class AuditTestsOnPostgres(PostgresServer server) : AuditTests<PostgresServer>(server);
