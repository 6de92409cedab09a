using Hamdel.Server.Features.Workspaces;
using Hamdel.Server.Infrastructure.Errors;
using Hamdel.Server.Infrastructure.Paging;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hamdel.Server.Features.Audit;

internal static class AuditEndpoints
{
    public static IServiceCollection AddAudit(this IServiceCollection services) => services
        .AddScoped<AuditLog>()
        .AddScoped<ListAuditEntries.Handler>();

    public static void MapAuditEndpoints(this RouteGroupBuilder workspace)
    {
        workspace.MapGet("/audit", async Task<Results<Ok<Page<AuditEntryDto>>, ProblemHttpResult, ValidationProblem>> (string? action, string? cursor, int? limit, CurrentMember member, ListAuditEntries.Handler handler, CancellationToken ct) =>
                (await handler.ExecuteAsync(member, action, cursor, limit, ct)).ToHttp(TypedResults.Ok))
            .WithName("ListAuditEntries").WithTags("Audit")
            .WithSummary("Security-relevant actions in the workspace and its members' sign-ins, newest first.")
            .RequireWorkspaceRole(WorkspaceRole.Admin);
    }
}
