using System.Net;
using System.Net.Http.Json;
using Hamdel.Server.Features.Users;
using Hamdel.Server.Features.Workspaces;
using Hamdel.Testing;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Tests.Features.Users;

public abstract class MemberTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : HamdelServer
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AddMember_NewPersonWithoutPassword_GetsOneTimeInvitation()
    {
        var workspace = await server.NewWorkspaceAsync();
        using var admin = await server.AdminAsync();
        var email = server.NewEmail("invitee");

        var added = await (await admin.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/members", new { email, displayName = "رضا", role = "Agent" }, Ct))
            .ReadAsync<HamdelServer.AddedMember>();

        Assert.NotNull(added.InvitationUrl);
        var secret = Uri.UnescapeDataString(added.InvitationUrl!.Split("/account/invite/")[1]);
        using var anonymous = server.Anonymous();

        var weak = await anonymous.PostAsJsonAsync($"/api/v1/auth/invitations/{secret}/accept", new { password = "short" }, Ct);
        await weak.AssertFieldErrorAsync("password");

        var accepted = await anonymous.PostAsJsonAsync($"/api/v1/auth/invitations/{secret}/accept", new { password = "Chosen-Password-9" }, Ct);
        Assert.Equal(HttpStatusCode.NoContent, accepted.StatusCode);
        using var invitee = await server.SignInAsync(email, "Chosen-Password-9");
        var workspaces = await (await invitee.GetAsync("/api/v1/workspaces", Ct)).ReadAsync<List<WorkspaceDto>>();
        Assert.Equal(WorkspaceRole.Agent, Assert.Single(workspaces).Role);

        var again = await anonymous.PostAsJsonAsync($"/api/v1/auth/invitations/{secret}/accept", new { password = "Another-Password-9" }, Ct);
        await again.AssertProblemAsync(HttpStatusCode.Gone);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { email, password = "Another-Password-9" }, Ct)).StatusCode);
    }

    [Fact]
    public async Task AddMember_ExistingPerson_JoinsWithoutNewAccount_AndTwiceIsConflict()
    {
        var first = await server.NewWorkspaceAsync();
        var second = await server.NewWorkspaceAsync();
        using var person = await server.NewMemberAsync(first, WorkspaceRole.Agent);
        using var admin = await server.AdminAsync();

        var added = await (await admin.PostAsJsonAsync($"/api/v1/workspaces/{second}/members", new { email = person.Email.ToUpperInvariant(), role = "Supervisor" }, Ct))
            .ReadAsync<HamdelServer.AddedMember>();
        Assert.Null(added.InvitationUrl);
        Assert.Equal(person.UserId, added.Member.UserId);

        var twice = await admin.PostAsJsonAsync($"/api/v1/workspaces/{second}/members", new { email = person.Email, role = "Agent" }, Ct);
        await twice.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task ChangeRole_ToAgent_TakesEffectAndIsAudited()
    {
        var workspace = await server.NewWorkspaceAsync();
        using var supervisor = await server.NewMemberAsync(workspace, WorkspaceRole.Admin);
        using var admin = await server.AdminAsync();

        var changed = await (await admin.PutAsJsonAsync($"/api/v1/workspaces/{workspace}/members/{supervisor.MemberId}/role", new { role = "Agent" }, Ct)).ReadAsync<MemberDto>();

        Assert.Equal(WorkspaceRole.Agent, changed.Role);
        var audit = await supervisor.Client.GetAsync($"/api/v1/workspaces/{workspace}/audit", Ct);
        Assert.Equal(HttpStatusCode.Forbidden, audit.StatusCode);
        var entries = await server.QueryAsync(db => db.AuditEntries.Where(a => a.WorkspaceId == workspace && a.Action == "member.role_changed").ToListAsync(Ct));
        Assert.Contains(entries, e => e.TargetId == supervisor.MemberId.ToString() && e.Details!.Contains("Admin → Agent", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ChangeRole_LastAdmin_IsRefusedAndNothingChanges()
    {
        var workspace = await server.NewWorkspaceAsync();
        using var admin = await server.AdminAsync();
        var members = await (await admin.GetAsync($"/api/v1/workspaces/{workspace}/members", Ct)).ReadAsync<List<MemberDto>>();
        var self = Assert.Single(members);

        var demote = await admin.PutAsJsonAsync($"/api/v1/workspaces/{workspace}/members/{self.Id}/role", new { role = "Agent" }, Ct);
        await demote.AssertProblemAsync(HttpStatusCode.Conflict);
        var deactivate = await admin.PostAsync($"/api/v1/workspaces/{workspace}/members/{self.Id}/deactivate", null, Ct);
        await deactivate.AssertProblemAsync(HttpStatusCode.Conflict);

        var after = await (await admin.GetAsync($"/api/v1/workspaces/{workspace}/members", Ct)).ReadAsync<List<MemberDto>>();
        Assert.Equal(WorkspaceRole.Admin, Assert.Single(after).Role);
        Assert.True(after[0].Active);
    }

    [Fact]
    public async Task Deactivate_Member_LosesAccessButHistoryStays_ThenReactivate()
    {
        var workspace = await server.NewWorkspaceAsync();
        using var agent = await server.NewMemberAsync(workspace, WorkspaceRole.Agent);
        using var admin = await server.AdminAsync();
        Assert.Equal(HttpStatusCode.OK, (await agent.Client.GetAsync($"/api/v1/workspaces/{workspace}", Ct)).StatusCode);

        var deactivated = await (await admin.PostAsync($"/api/v1/workspaces/{workspace}/members/{agent.MemberId}/deactivate", null, Ct)).ReadAsync<MemberDto>();
        Assert.False(deactivated.Active);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.Client.GetAsync($"/api/v1/workspaces/{workspace}", Ct)).StatusCode);
        var members = await (await admin.GetAsync($"/api/v1/workspaces/{workspace}/members", Ct)).ReadAsync<List<MemberDto>>();
        Assert.Contains(members, m => m.Id == agent.MemberId && !m.Active);

        await admin.PostAsync($"/api/v1/workspaces/{workspace}/members/{agent.MemberId}/reactivate", null, Ct);
        Assert.Equal(HttpStatusCode.OK, (await agent.Client.GetAsync($"/api/v1/workspaces/{workspace}", Ct)).StatusCode);
    }

    [Fact]
    public async Task AddMember_BadInput_NamesTheFieldAndWritesNothing()
    {
        var workspace = await server.NewWorkspaceAsync();
        using var admin = await server.AdminAsync();
        var before = await server.QueryAsync(db => Task.FromResult((db.Users.Count(), db.WorkspaceMembers.Count(), db.AuditEntries.Count(a => a.WorkspaceId == workspace))));
        var url = $"/api/v1/workspaces/{workspace}/members";

        await (await admin.PostAsync(url, new StringContent("{\"email\": \"a@b.c\", ", System.Text.Encoding.UTF8, "application/json"), Ct)).AssertFieldErrorAsync("$");
        Assert.Contains("Admin, Supervisor, Agent, Analyst", await (await admin.PostAsJsonAsync(url, new { email = "a@b.c", role = "Superuser" }, Ct)).AssertFieldErrorAsync("role"), StringComparison.Ordinal);
        await (await admin.PostAsJsonAsync(url, new { role = "Agent" }, Ct)).AssertFieldErrorAsync("email");
        await (await admin.PostAsJsonAsync(url, new { email = new string('a', 300) + "@x.io", role = "Agent" }, Ct)).AssertFieldErrorAsync("email");
        await (await admin.PostAsJsonAsync(url, new { email = "a@b.c", role = "Agent", displayName = new string('n', 201) }, Ct)).AssertFieldErrorAsync("displayName");
        await (await admin.PostAsJsonAsync(url, new { email = "a@b.c", role = "Agent", password = "short" }, Ct)).AssertFieldErrorAsync("password");
        await (await admin.PostAsJsonAsync(url, new { email = "a@b.c", role = "Agent", displayName = 42 }, Ct)).AssertFieldErrorAsync("displayName");

        var after = await server.QueryAsync(db => Task.FromResult((db.Users.Count(), db.WorkspaceMembers.Count(), db.AuditEntries.Count(a => a.WorkspaceId == workspace))));
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task ValidationMessages_FollowAcceptLanguage()
    {
        var workspace = await server.NewWorkspaceAsync();
        using var admin = await server.AdminAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/workspaces/{workspace}/members") { Content = Json.Body(new { role = "Agent" }) };
        request.Headers.AcceptLanguage.ParseAdd("fa");

        var message = await (await admin.SendAsync(request, Ct)).AssertFieldErrorAsync("email");

        Assert.Contains("ایمیل", message, StringComparison.Ordinal);
    }
}

public sealed class MemberTestsOnSqlite(SqliteServer server) : MemberTests<SqliteServer>(server);

public sealed class MemberTestsOnPostgres(PostgresServer server) : MemberTests<PostgresServer>(server);
