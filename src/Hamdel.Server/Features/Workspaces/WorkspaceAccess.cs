using System.Reflection;
using Hamdel.Server.Infrastructure.Auth;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Features.Workspaces;

/// <summary>Marks a route group whose routes carry <c>{workspaceId}</c> and need membership of it.</summary>
internal sealed class WorkspaceScopedMetadata;

/// <summary>The roles allowed on one workspace-scoped route (any member when absent).</summary>
internal sealed record RequiredWorkspaceRoles(WorkspaceRole[] Roles);

/// <summary>The signed-in person's active membership of the workspace in the route.</summary>
public sealed record CurrentMember(Guid WorkspaceId, Guid UserId, Guid MemberId, WorkspaceRole Role)
{
    public bool IsAdmin => Role == WorkspaceRole.Admin;
    public bool CanSupervise => Role is WorkspaceRole.Admin or WorkspaceRole.Supervisor;

    /// <summary>Lets endpoints take a <see cref="CurrentMember"/> parameter; set by <see cref="WorkspaceAccess"/>.</summary>
    public static ValueTask<CurrentMember?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        ValueTask.FromResult(context.Features.Get<CurrentMember>());
}

/// <summary>
/// Resolves the caller's membership before the endpoint runs (and before its body is read):
/// a non-member gets 404, so another workspace's ids cannot even be probed; a member without the
/// route's role gets 403.
/// </summary>
internal static class WorkspaceAccess
{
    public static RouteGroupBuilder MapWorkspaceScope(this RouteGroupBuilder api) =>
        api.MapGroup("/workspaces/{workspaceId:guid}").WithMetadata(new WorkspaceScopedMetadata());

    public static TBuilder RequireWorkspaceRole<TBuilder>(this TBuilder builder, params WorkspaceRole[] roles)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiredWorkspaceRoles(roles));

    /// <summary>The roles that may change workspace settings, and read everything.</summary>
    public static readonly WorkspaceRole[] Supervisors = [WorkspaceRole.Admin, WorkspaceRole.Supervisor];

    /// <summary>The roles that work conversations (not Analysts, who only read reports).</summary>
    public static readonly WorkspaceRole[] Staff = [WorkspaceRole.Admin, WorkspaceRole.Supervisor, WorkspaceRole.Agent];

    public static IApplicationBuilder UseWorkspaceAccess(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var endpoint = context.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<WorkspaceScopedMetadata>() is null || context.User.Identity?.IsAuthenticated != true)
        {
            await next(context);
            return;
        }

        if (!Guid.TryParse(context.GetRouteValue("workspaceId")?.ToString(), out var workspaceId) || context.User.UserId() is not { } userId)
        {
            await Problem(context, Failure.NotFound(Strings.Get("Workspace.NotFound")));
            return;
        }

        var db = context.RequestServices.GetRequiredService<HamdelDbContext>();
        var member = await FindMemberAsync(db, workspaceId, userId, context.RequestAborted);
        if (member is null)
        {
            await Problem(context, Failure.NotFound(Strings.Get("Workspace.NotFound")));
            return;
        }
        if (endpoint.Metadata.GetMetadata<RequiredWorkspaceRoles>() is { } required && !required.Roles.Contains(member.Role))
        {
            await Problem(context, Failure.Forbidden(Strings.Format("Workspace.RoleRequired", string.Join(", ", required.Roles))));
            return;
        }
        context.Features.Set(member);
        await next(context);
    });

    // Runs on every workspace-scoped request: compiled once, it skips EF's per-call query
    // translation and cache lookup (about 3x faster on SQLite).
    private static readonly PerProviderQuery<Guid, Guid, CurrentMember?> MemberQuery = new((db, workspaceId, userId, _) =>
        db.WorkspaceMembers.AsNoTracking()
            .Where(m => m.WorkspaceId == workspaceId && m.UserId == userId && m.DeactivatedAt == null)
            .Select(m => new CurrentMember(m.WorkspaceId, m.UserId, m.Id, m.Role))
            .SingleOrDefault());

    public static Task<CurrentMember?> FindMemberAsync(HamdelDbContext db, Guid workspaceId, Guid userId, CancellationToken cancellationToken) =>
        MemberQuery.RunAsync(db, workspaceId, userId, cancellationToken);

    private static Task Problem(HttpContext context, Failure failure) => ProblemResults.Problem(failure).ExecuteAsync(context);
}
