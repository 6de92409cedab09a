using System.Net;
using System.Text.RegularExpressions;
using Hamdel.Server.Features.Workspaces;
using Hamdel.Testing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Hamdel.Server.Tests.Features.Workspaces;

/// <summary>
/// Tenant isolation over every route the application has, discovered from its endpoint table, so
/// a route added by a later feature is checked without anyone remembering to list it.
/// </summary>
public abstract partial class IsolationTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : HamdelServer
{
    [Fact]
    public async Task WorkspaceRoutes_MemberOfAnotherWorkspace_Get404()
    {
        var mine = await server.NewWorkspaceAsync();
        var theirs = await server.NewWorkspaceAsync();
        using var outsider = await server.NewMemberAsync(mine, WorkspaceRole.Admin);

        var routes = Routes().Where(r => r.Pattern.Contains("{workspaceId", StringComparison.Ordinal)).ToList();
        Assert.True(routes.Count >= 8, $"Only {routes.Count} workspace routes found; route discovery is broken.");

        foreach (var route in routes)
        {
            using var request = route.Request(theirs);
            using var response = await outsider.Client.SendAsync(request, TestContext.Current.CancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{route} answered {(int)response.StatusCode} to a non-member");
        }
    }

    [Fact]
    public async Task AdminRoutes_Agent_Get403()
    {
        var workspace = await server.NewWorkspaceAsync();
        using var agent = await server.NewMemberAsync(workspace, WorkspaceRole.Agent);

        var restricted = Routes().Where(r => r.Roles is { } roles && !roles.Contains(WorkspaceRole.Agent)).ToList();
        Assert.Contains(restricted, r => r.Pattern.Contains("/members", StringComparison.Ordinal));
        Assert.Contains(restricted, r => r.Pattern.EndsWith("/audit", StringComparison.Ordinal));

        foreach (var route in restricted)
        {
            using var request = route.Request(workspace);
            using var response = await agent.Client.SendAsync(request, TestContext.Current.CancellationToken);
            if (response.StatusCode != HttpStatusCode.Forbidden)
            {
                Assert.Fail($"{route} answered {(int)response.StatusCode} to an agent: {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
            }
            await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        }
    }

    [Fact]
    public async Task ApiRoutes_Anonymous_Get401()
    {
        var workspace = await server.NewWorkspaceAsync();
        using var anonymous = server.Anonymous();

        var routes = Routes().Where(r => r.Pattern.StartsWith("/api/", StringComparison.Ordinal) && !r.Anonymous).ToList();
        Assert.True(routes.Count >= 10);
        foreach (var route in routes)
        {
            using var request = route.Request(workspace);
            using var response = await anonymous.SendAsync(request, TestContext.Current.CancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{route} answered {(int)response.StatusCode} to an anonymous caller");
        }
    }

    [Fact]
    public async Task WorkspaceList_ShowsOnlyOwnWorkspaces()
    {
        var mine = await server.NewWorkspaceAsync();
        var theirs = await server.NewWorkspaceAsync();
        using var member = await server.NewMemberAsync(mine, WorkspaceRole.Agent);

        var list = await (await member.Client.GetAsync("/api/v1/workspaces", TestContext.Current.CancellationToken)).ReadAsync<List<WorkspaceDto>>();

        Assert.Equal([mine], list.Select(w => w.Id));
        Assert.DoesNotContain(list, w => w.Id == theirs);
    }

    private List<Route> Routes()
    {
        var sources = server.Services.GetServices<EndpointDataSource>();
        return [.. sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(method => new Route(
                    method,
                    e.RoutePattern.RawText!,
                    e.Metadata.GetMetadata<RequiredWorkspaceRoles>()?.Roles,
                    e.Metadata.GetMetadata<IAllowAnonymous>() is not null)))];
    }

    internal sealed partial record Route(string Method, string Pattern, WorkspaceRole[]? Roles, bool Anonymous)
    {
        /// <summary>A request to the route with every parameter filled: the workspace given, other ids random.</summary>
        public HttpRequestMessage Request(Guid workspaceId)
        {
            var path = Parameter().Replace(Pattern, m => m.Groups[1].Value switch
            {
                "workspaceId" => workspaceId.ToString(),
                var name when m.Value.Contains(":guid", StringComparison.Ordinal) || name.EndsWith("Id", StringComparison.Ordinal) => Guid.NewGuid().ToString(),
                _ => "x",
            });
            var request = new HttpRequestMessage(new HttpMethod(Method), path);
            if (Method is "POST" or "PUT" or "PATCH")
            {
                request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
            }
            return request;
        }

        public override string ToString() => $"{Method} {Pattern}";

        [GeneratedRegex(@"\{([A-Za-z]+)(:[^}]*)?\}")]
        private static partial Regex Parameter();
    }
}

public sealed class IsolationTestsOnSqlite(SqliteServer server) : IsolationTests<SqliteServer>(server);

public sealed class IsolationTestsOnPostgres(PostgresServer server) : IsolationTests<PostgresServer>(server);
