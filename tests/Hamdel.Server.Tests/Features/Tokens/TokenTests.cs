using System.Net;
using System.Net.Http.Json;
using Hamdel.Server.Features.Tokens;
using Hamdel.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Hamdel.Server.Tests.Features.Tokens;

public abstract class TokenTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : HamdelServer
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task IssueToken_WrongPasswordOrUnknownEmail_401WithTheSameReason()
    {
        using var anonymous = server.Anonymous();

        var wrong = await (await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { email = HamdelServer.AdminEmail, password = "not-the-password" }, Ct)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        var unknown = await (await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { email = "nobody@test.hamdel", password = "whatever-password" }, Ct)).AssertProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Contains("incorrect", wrong.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(wrong.GetProperty("detail").GetString(), unknown.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task IssueToken_MissingFields_400PerField()
    {
        using var anonymous = server.Anonymous();
        var response = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { }, Ct);
        await response.AssertFieldErrorAsync("email");
        await response.AssertFieldErrorAsync("password");
    }

    [Fact]
    public async Task IssueToken_RepeatedFailures_LockTheAccount()
    {
        var workspace = await server.NewWorkspaceAsync();
        using var person = await server.NewMemberAsync(workspace, Hamdel.Server.Features.Workspaces.WorkspaceRole.Agent);
        using var anonymous = server.Anonymous();

        for (var i = 0; i < 5; i++)
        {
            await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { email = person.Email, password = "wrong-password-" + i }, Ct);
        }
        var locked = await (await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { email = person.Email, password = person.Password }, Ct)).AssertProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Contains("locked", locked.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var audit = await server.QueryAsync(db => db.AuditEntries.Where(a => a.ActorUserId == person.UserId).Select(a => a.Action).ToListAsync(Ct));
        Assert.Contains("user.locked_out", audit);
    }

    [Fact]
    public async Task PersonalToken_CreatedListedRevoked_AndStoredOnlyAsHash()
    {
        var workspace = await server.NewWorkspaceAsync();
        using var person = await server.NewMemberAsync(workspace, Hamdel.Server.Features.Workspaces.WorkspaceRole.Agent);

        var created = await (await person.Client.PostAsJsonAsync("/api/v1/me/tokens", new { name = "CRM sync", expiresInDays = 30 }, Ct)).ReadAsync<IssueToken.Response>();
        Assert.StartsWith("hmd_", created.Token, StringComparison.Ordinal);
        using var tokenClient = server.WithToken(created.Token);
        Assert.Equal(HttpStatusCode.OK, (await tokenClient.GetAsync("/api/v1/me", Ct)).StatusCode);

        var listed = await (await person.Client.GetAsync("/api/v1/me/tokens", Ct)).ReadAsync<List<TokenDto>>();
        Assert.Equal("CRM sync", Assert.Single(listed).Name);
        Assert.DoesNotContain(created.Token, await (await person.Client.GetAsync("/api/v1/me/tokens", Ct)).Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var stored = await server.QueryAsync(db => db.ApiTokens.SingleAsync(t => t.Id == created.Details.Id, Ct));
        Assert.NotEqual(created.Token, stored.TokenHash);
        Assert.Equal(64, stored.TokenHash.Length);

        Assert.Equal(HttpStatusCode.OK, (await person.Client.DeleteAsync($"/api/v1/me/tokens/{created.Details.Id}", Ct)).StatusCode);
        var revoked = await (await tokenClient.GetAsync("/api/v1/me", Ct)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("revoked", revoked.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var audit = await server.QueryAsync(db => db.AuditEntries.Where(a => a.TargetId == created.Details.Id.ToString()).Select(a => a.Action).ToListAsync(Ct));
        Assert.Equal(["token.created", "token.revoked"], audit.Order());
    }

    [Fact]
    public async Task PersonalToken_OfSomeoneElse_CannotBeRevoked()
    {
        var workspace = await server.NewWorkspaceAsync();
        using var owner = await server.NewMemberAsync(workspace, Hamdel.Server.Features.Workspaces.WorkspaceRole.Agent);
        using var other = await server.NewMemberAsync(workspace, Hamdel.Server.Features.Workspaces.WorkspaceRole.Admin);
        var created = await (await owner.Client.PostAsJsonAsync("/api/v1/me/tokens", new { name = "mine" }, Ct)).ReadAsync<IssueToken.Response>();

        await (await other.Client.DeleteAsync($"/api/v1/me/tokens/{created.Details.Id}", Ct)).AssertProblemAsync(HttpStatusCode.NotFound);
        using var tokenClient = server.WithToken(created.Token);
        Assert.Equal(HttpStatusCode.OK, (await tokenClient.GetAsync("/api/v1/me", Ct)).StatusCode);
    }

    [Fact]
    public async Task BearerToken_Malformed_401WithReason()
    {
        using var client = server.WithToken("not-a-hamdel-token");
        var problem = await (await client.GetAsync("/api/v1/me", Ct)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("hmd_", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}

public sealed class TokenTestsOnSqlite(SqliteServer server) : TokenTests<SqliteServer>(server);

public sealed class TokenTestsOnPostgres(PostgresServer server) : TokenTests<PostgresServer>(server);

/// <summary>A server whose clock the test moves.</summary>
public sealed class ClockedServer : HamdelServer
{
    public ClockedServer() => Time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
}

public sealed class TokenExpiryTests(ClockedServer server) : IClassFixture<ClockedServer>
{
    [Fact]
    public async Task SessionToken_AfterItsLifetime_401Expired()
    {
        var token = await server.TokenAsync(HamdelServer.AdminEmail, HamdelServer.AdminPassword);
        using var client = server.WithToken(token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me", TestContext.Current.CancellationToken)).StatusCode);

        server.Time!.Advance(TimeSpan.FromHours(8) + TimeSpan.FromSeconds(1));

        var problem = await (await client.GetAsync("/api/v1/me", TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("expired", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
