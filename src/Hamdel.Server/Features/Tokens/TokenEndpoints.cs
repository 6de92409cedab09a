using System.Security.Claims;
using Hamdel.Server.Features.Users;
using Hamdel.Server.Infrastructure.Api;
using Hamdel.Server.Infrastructure.Auth;
using Hamdel.Server.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hamdel.Server.Features.Tokens;

internal static class TokenEndpoints
{
    public static IServiceCollection AddTokens(this IServiceCollection services) => services
        .AddScoped<IssueToken.Handler>()
        .AddScoped<ManageTokens.Handler>();

    internal sealed record SessionTokenResponse(string Token, DateTimeOffset ExpiresAt);

    /// <summary>Anonymous: <c>POST /api/v1/auth/token</c>.</summary>
    public static void MapAuthEndpoints(this RouteGroupBuilder anonymous)
    {
        anonymous.MapPost("/token", async Task<Results<Ok<SessionTokenResponse>, ProblemHttpResult, ValidationProblem>> (CheckCredentials.Request request, CheckCredentials.Handler credentials, IssueToken.Handler tokens, CancellationToken ct) =>
            {
                var checkedUser = await credentials.ExecuteAsync(request, ct);
                if (checkedUser.Failure is { } failure)
                {
                    return failure.ToHttp<Ok<SessionTokenResponse>>();
                }
                var issued = await tokens.IssueSessionAsync(checkedUser.Value!.Id, ct);
                return TypedResults.Ok(new SessionTokenResponse(issued.Token, issued.ExpiresAt!.Value));
            })
            .WithName("IssueToken").WithTags("Auth")
            .WithSummary("Exchanges an e-mail and password for a bearer token that expires (see Hamdel:Auth:SessionTokenLifetime).")
            .RequireRateLimiting(RateLimits.SignIn)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
    }

    /// <summary>The caller's personal access tokens: <c>/api/v1/me/tokens</c>.</summary>
    public static void MapTokenEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/me/tokens").WithTags("Me");

        group.MapGet("/", async (ClaimsPrincipal user, ManageTokens.Handler handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.ListAsync(user.RequiredUserId(), ct)))
            .WithName("ListTokens").WithSummary("The caller's personal access tokens (never the tokens themselves).");

        group.MapPost("/", async Task<Results<Created<IssueToken.Response>, ProblemHttpResult, ValidationProblem>> (IssueToken.PersonalRequest request, ClaimsPrincipal user, IssueToken.Handler handler, CancellationToken ct) =>
                (await handler.CreatePersonalAsync(user.RequiredUserId(), request, ct)).ToHttp(r => TypedResults.Created($"/api/v1/me/tokens/{r.Details.Id}", r)))
            .WithName("CreateToken").WithSummary("Creates a personal access token; the token is in this answer only.");

        group.MapDelete("/{tokenId:guid}", async Task<Results<Ok<TokenDto>, ProblemHttpResult, ValidationProblem>> (Guid tokenId, ClaimsPrincipal user, ManageTokens.Handler handler, CancellationToken ct) =>
                (await handler.RevokeAsync(user.RequiredUserId(), tokenId, ct)).ToHttp(TypedResults.Ok))
            .WithName("RevokeToken").WithSummary("Revokes a personal access token at once.")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
