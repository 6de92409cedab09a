using Hamdel.Server.Features.Conversations;
using Hamdel.Server.Features.Workspaces;
using Hamdel.Server.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Hamdel.Server.Features.Channels;

internal static class ChannelEndpoints
{
    public static IServiceCollection AddChannels(this IServiceCollection services) => services
        .AddScoped<IChannelKind, ApiChannelKind>()
        .AddScoped<IChannelKind, WebFormChannelKind>()
        .AddScoped<ApiChannelKind>()
        .AddScoped<ChannelKinds>()
        .AddScoped<ManageChannels.Handler>()
        .AddScoped<ContactForms>();

    public static void MapChannelEndpoints(this RouteGroupBuilder workspace)
    {
        var channels = workspace.MapGroup("/channels").WithTags("Channels");

        channels.MapGet("/", async (CurrentMember member, ManageChannels.Handler handler, CancellationToken ct) => TypedResults.Ok(await handler.ListAsync(member, ct)))
            .WithName("ListChannels").WithSummary("The workspace's channels (secrets left out).");

        channels.MapPost("/", async Task<Results<Created<ManageChannels.Created>, ProblemHttpResult, ValidationProblem>> (ManageChannels.Request request, CurrentMember member, ManageChannels.Handler handler, CancellationToken ct) =>
                (await handler.CreateAsync(member, request, ct)).ToHttp(c => TypedResults.Created($"/api/v1/workspaces/{member.WorkspaceId}/channels/{c.Channel.Id}", c)))
            .WithName("CreateChannel")
            .WithSummary("Creates a channel of a kind (api, web-form). An API channel's webhook secret is in this answer only.")
            .RequireWorkspaceRole(WorkspaceRole.Admin);

        channels.MapGet("/{channelId:guid}", async Task<Results<Ok<ChannelDto>, ProblemHttpResult>> (Guid channelId, CurrentMember member, ManageChannels.Handler handler, CancellationToken ct) =>
                await handler.GetAsync(member, channelId, ct) is { } channel ? TypedResults.Ok(channel) : ProblemResults.Problem(Failure.NotFound(Strings.Format("Channel.NotFound", channelId))))
            .WithName("GetChannel").WithSummary("One channel.");

        channels.MapPut("/{channelId:guid}", async Task<Results<Ok<ChannelDto>, ProblemHttpResult, ValidationProblem>> (Guid channelId, ManageChannels.Request request, CurrentMember member, ManageChannels.Handler handler, CancellationToken ct) =>
                (await handler.UpdateAsync(member, channelId, request, ct)).ToHttp(TypedResults.Ok))
            .WithName("UpdateChannel").WithSummary("Renames, routes to a team, (de)activates or reconfigures a channel.")
            .RequireWorkspaceRole(WorkspaceRole.Admin);

        channels.MapPost("/{channelId:guid}/messages", async (
                Guid channelId, ReceiveMessages.MessageRequest request, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
                CurrentMember member, ReceiveMessages.Handler handler, HttpContext http, CancellationToken ct) =>
            {
                var outcome = await handler.ReceiveAsync(member, channelId, request, idempotencyKey, ct);
                if (outcome.Failure is { } failure)
                {
                    return failure.ToResult();
                }
                var answer = outcome.Value!;
                if (answer.Replayed)
                {
                    http.Response.Headers["Idempotent-Replayed"] = "true";
                }
                return answer.Status == 201
                    ? TypedResults.Created($"/api/v1/workspaces/{member.WorkspaceId}/conversations/{answer.Body.ConversationId}", answer.Body)
                    : (IResult)TypedResults.Ok(answer.Body);
            })
            .WithName("ReceiveMessage")
            .WithSummary("Pushes a customer's message into the channel: finds or creates the customer and the conversation. 201 when stored, 200 when the same message (Idempotency-Key or externalId) was stored before.")
            .RequireWorkspaceRole(WorkspaceAccess.Staff)
            .WithMetadata(new RequestSizeLimitAttribute(25 * 1024 * 1024))
            .Produces<ReceiveMessages.Response>(StatusCodes.Status201Created)
            .Produces<ReceiveMessages.Response>(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        channels.MapPost("/{channelId:guid}/messages/batch", async Task<Results<Ok<ReceiveMessages.BatchResponse>, ProblemHttpResult, ValidationProblem>> (
                Guid channelId, ReceiveMessages.BatchRequest request, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
                CurrentMember member, ReceiveMessages.Handler handler, HttpContext http, CancellationToken ct) =>
                (await handler.ReceiveBatchAsync(member, channelId, request, idempotencyKey, ct)).ToHttp(answer =>
                {
                    if (answer.Replayed)
                    {
                        http.Response.Headers["Idempotent-Replayed"] = "true";
                    }
                    return TypedResults.Ok(answer.Body);
                }))
            .WithName("ReceiveMessages")
            .WithSummary("Pushes up to 1,000 messages. Each stands alone: results[i] says 201 (stored), 200 (stored before) or 400 (with the fields that are wrong).")
            .RequireWorkspaceRole(WorkspaceAccess.Staff)
            .WithMetadata(new RequestSizeLimitAttribute(100 * 1024 * 1024))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
