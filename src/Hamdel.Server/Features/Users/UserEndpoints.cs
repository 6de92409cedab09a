using System.Security.Claims;
using Hamdel.Server.Features.Workspaces;
using Hamdel.Server.Infrastructure.Api;
using Hamdel.Server.Infrastructure.Auth;
using Hamdel.Server.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Hamdel.Server.Features.Users;

internal static class UserEndpoints
{
    public static IServiceCollection AddUsers(this IServiceCollection services) => services
        .AddScoped<AddMember.Handler>()
        .AddScoped<ChangeMemberRole.Handler>()
        .AddScoped<SetMemberActive.Handler>()
        .AddScoped<UpdateProfile.Handler>()
        .AddScoped<AcceptInvitation.Handler>()
        .AddScoped<CheckCredentials.Handler>()
        .AddScoped<BootstrapAdmin>()
        .AddSingleton<PublicLinks>();

    /// <summary>The caller's own account: <c>/api/v1/me</c>.</summary>
    public static void MapMeEndpoints(this RouteGroupBuilder api)
    {
        var me = api.MapGroup("/me").WithTags("Me");

        me.MapGet("/", async Task<Results<Ok<ProfileDto>, NotFound>> (ClaimsPrincipal principal, UserManager<User> users) =>
                await users.FindByIdAsync(principal.RequiredUserId().ToString()) is { } user ? TypedResults.Ok(ProfileDto.From(user)) : TypedResults.NotFound())
            .WithName("GetProfile").WithSummary("The caller's profile: name, language, calendar and time zone.");

        me.MapPut("/", async Task<Results<Ok<ProfileDto>, ProblemHttpResult, ValidationProblem>> (UpdateProfile.Request request, ClaimsPrincipal principal, UpdateProfile.Handler handler, CancellationToken ct) =>
                (await handler.ExecuteAsync(principal.RequiredUserId(), request, ct)).ToHttp(TypedResults.Ok))
            .WithName("UpdateProfile").WithSummary("Changes the caller's display name, language (en, fa, ar), calendar and time zone.");
    }

    /// <summary>Members of a workspace: <c>/api/v1/workspaces/{workspaceId}/members</c>.</summary>
    public static void MapMemberEndpoints(this RouteGroupBuilder workspace)
    {
        var members = workspace.MapGroup("/members").WithTags("Members");

        members.MapGet("/", async (CurrentMember member, Infrastructure.Data.HamdelDbContext db, CancellationToken ct) =>
                TypedResults.Ok(await ListMembers.ExecuteAsync(db, member.WorkspaceId, ct)))
            .WithName("ListMembers").WithSummary("Everyone in the workspace, active first.");

        members.MapPost("/", async Task<Results<Created<AddMember.Response>, ProblemHttpResult, ValidationProblem>> (AddMember.Request request, CurrentMember member, AddMember.Handler handler, PublicLinks links, HttpContext http, CancellationToken ct) =>
                (await handler.ExecuteAsync(member, request, secret => links.Invitation(PublicLinks.RequestBase(http), secret), ct))
                    .ToHttp(r => TypedResults.Created($"/api/v1/workspaces/{member.WorkspaceId}/members/{r.Member.Id}", r)))
            .WithName("AddMember")
            .WithSummary("Adds a person with a role. A person new to Hamdel gets an invitation link to set their password, unless a password is given.")
            .RequireWorkspaceRole(WorkspaceRole.Admin)
            .ProducesProblem(StatusCodes.Status409Conflict);

        members.MapPut("/{memberId:guid}/role", async Task<Results<Ok<MemberDto>, ProblemHttpResult, ValidationProblem>> (Guid memberId, ChangeMemberRole.Request request, CurrentMember member, ChangeMemberRole.Handler handler, CancellationToken ct) =>
                (await handler.ExecuteAsync(member, memberId, request, ct)).ToHttp(TypedResults.Ok))
            .WithName("ChangeMemberRole").WithSummary("Gives a member another role; the last active admin cannot be demoted.")
            .RequireWorkspaceRole(WorkspaceRole.Admin)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        members.MapPost("/{memberId:guid}/deactivate", async Task<Results<Ok<MemberDto>, ProblemHttpResult, ValidationProblem>> (Guid memberId, CurrentMember member, SetMemberActive.Handler handler, CancellationToken ct) =>
                (await handler.ExecuteAsync(member, memberId, active: false, ct)).ToHttp(TypedResults.Ok))
            .WithName("DeactivateMember").WithSummary("Removes the member's access; their history stays.")
            .RequireWorkspaceRole(WorkspaceRole.Admin)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        members.MapPost("/{memberId:guid}/reactivate", async Task<Results<Ok<MemberDto>, ProblemHttpResult, ValidationProblem>> (Guid memberId, CurrentMember member, SetMemberActive.Handler handler, CancellationToken ct) =>
                (await handler.ExecuteAsync(member, memberId, active: true, ct)).ToHttp(TypedResults.Ok))
            .WithName("ReactivateMember").WithSummary("Gives a deactivated member access again.")
            .RequireWorkspaceRole(WorkspaceRole.Admin)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <summary>Anonymous: accepting an invitation through the API (the UI uses the same handler).</summary>
    public static void MapInvitationEndpoints(this RouteGroupBuilder anonymous)
    {
        anonymous.MapPost("/invitations/{token}/accept", async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> (string token, AcceptInvitation.Request request, AcceptInvitation.Handler handler, CancellationToken ct) =>
                (await handler.ExecuteAsync(token, request, ct)).ToHttp(_ => TypedResults.NoContent()))
            .WithName("AcceptInvitation").WithTags("Auth").WithSummary("Sets the invited person's password; the link works once.")
            .RequireRateLimiting(RateLimits.SignIn)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status410Gone);
    }
}
