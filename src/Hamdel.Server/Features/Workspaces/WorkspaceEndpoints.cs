using System.Security.Claims;
using Hamdel.Server.Infrastructure.Auth;
using Hamdel.Server.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hamdel.Server.Features.Workspaces;

internal static class WorkspaceEndpoints
{
    public static IServiceCollection AddWorkspaces(this IServiceCollection services) => services
        .AddScoped<ManageWorkspaces.Handler>()
        .AddScoped<ExportWorkspace.Handler>();

    /// <summary>Routes about workspaces themselves: <c>/api/v1/workspaces</c>.</summary>
    public static void MapWorkspaceEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/workspaces").WithTags("Workspaces");

        group.MapGet("/", async (ClaimsPrincipal user, ManageWorkspaces.Handler handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.ListMineAsync(user.RequiredUserId(), ct)))
            .WithName("ListWorkspaces").WithSummary("The workspaces the caller is an active member of.");

        group.MapPost("/", async Task<Results<Created<WorkspaceDto>, ProblemHttpResult, ValidationProblem>> (ManageWorkspaces.Request request, ClaimsPrincipal user, ManageWorkspaces.Handler handler, CancellationToken ct) =>
                (await handler.CreateAsync(user.RequiredUserId(), user.IsInstanceAdmin(), request, ct))
                    .ToHttp(w => TypedResults.Created($"/api/v1/workspaces/{w.Id}", w)))
            .WithName("CreateWorkspace").WithSummary("Creates a workspace with the caller as its admin (instance administrators only).")
            .ProducesProblem(StatusCodes.Status403Forbidden);
    }

    /// <summary>The UI's download of the export, with the sign-in cookie instead of a bearer token.</summary>
    public static void MapWorkspaceDownloads(this IEndpointRouteBuilder app)
    {
        app.MapGet("/export/workspaces/{workspaceId:guid}", (CurrentMember member, ExportWorkspace.Handler handler, CancellationToken ct) =>
                handler.ExecuteAsync(member, $"hamdel-{member.WorkspaceId}.json", ct))
            .RequireAuthorization()
            .WithMetadata(new WorkspaceScopedMetadata())
            .RequireWorkspaceRole(WorkspaceRole.Admin)
            .ExcludeFromDescription();
    }

    /// <summary>Routes under <c>/api/v1/workspaces/{workspaceId}</c> about the workspace itself.</summary>
    public static void MapWorkspaceScopedEndpoints(this RouteGroupBuilder workspace)
    {
        workspace.MapGet("/", async Task<Results<Ok<WorkspaceDto>, NotFound>> (CurrentMember member, ManageWorkspaces.Handler handler, CancellationToken ct) =>
                await handler.GetAsync(member, ct) is { } w ? TypedResults.Ok(w) : TypedResults.NotFound())
            .WithName("GetWorkspace").WithTags("Workspaces").WithSummary("The workspace and the caller's role in it.");

        workspace.MapPut("/", async Task<Results<Ok<WorkspaceDto>, ProblemHttpResult, ValidationProblem>> (ManageWorkspaces.Request request, CurrentMember member, ManageWorkspaces.Handler handler, CancellationToken ct) =>
                (await handler.UpdateAsync(member, request, ct)).ToHttp(TypedResults.Ok))
            .WithName("UpdateWorkspace").WithTags("Workspaces").WithSummary("Renames the workspace or changes its time zone and default language.")
            .RequireWorkspaceRole(WorkspaceRole.Admin);

        workspace.MapGet("/export", (CurrentMember member, ExportWorkspace.Handler handler, CancellationToken ct) =>
                handler.ExecuteAsync(member, null, ct))
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .WithName("ExportWorkspace").WithTags("Workspaces").WithSummary("All of the workspace's data as one JSON document (recorded in the audit log).")
            .RequireWorkspaceRole(WorkspaceRole.Admin);
    }
}
