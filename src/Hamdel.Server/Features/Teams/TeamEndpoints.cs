using Hamdel.Server.Features.Workspaces;
using Hamdel.Server.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hamdel.Server.Features.Teams;

internal static class TeamEndpoints
{
    public static IServiceCollection AddTeams(this IServiceCollection services) => services.AddScoped<ManageTeams.Handler>();

    public static void MapTeamEndpoints(this RouteGroupBuilder workspace)
    {
        var teams = workspace.MapGroup("/teams").WithTags("Teams");

        teams.MapGet("/", async (CurrentMember member, ManageTeams.Handler handler, CancellationToken ct) => TypedResults.Ok(await handler.ListAsync(member, ct)))
            .WithName("ListTeams").WithSummary("The workspace's teams with their lead and members.");

        teams.MapPost("/", async Task<Results<Created<TeamDto>, ProblemHttpResult, ValidationProblem>> (ManageTeams.Request request, CurrentMember member, ManageTeams.Handler handler, CancellationToken ct) =>
                (await handler.SaveAsync(member, null, request, ct)).ToHttp(t => TypedResults.Created($"/api/v1/workspaces/{member.WorkspaceId}/teams/{t.Id}", t)))
            .WithName("CreateTeam").WithSummary("Creates a team.")
            .RequireWorkspaceRole(WorkspaceRole.Admin)
            .ProducesProblem(StatusCodes.Status409Conflict);

        teams.MapPut("/{teamId:guid}", async Task<Results<Ok<TeamDto>, ProblemHttpResult, ValidationProblem>> (Guid teamId, ManageTeams.Request request, CurrentMember member, ManageTeams.Handler handler, CancellationToken ct) =>
                (await handler.SaveAsync(member, teamId, request, ct)).ToHttp(TypedResults.Ok))
            .WithName("UpdateTeam").WithSummary("Renames a team and sets its lead and members.")
            .RequireWorkspaceRole(WorkspaceRole.Admin)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        teams.MapDelete("/{teamId:guid}", async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> (Guid teamId, CurrentMember member, ManageTeams.Handler handler, CancellationToken ct) =>
                (await handler.DeleteAsync(member, teamId, ct)).ToHttp(_ => TypedResults.NoContent()))
            .WithName("DeleteTeam").WithSummary("Deletes a team; its conversations and channels stay, without a team.")
            .RequireWorkspaceRole(WorkspaceRole.Admin)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
