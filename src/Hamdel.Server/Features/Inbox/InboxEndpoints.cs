using Hamdel.Server.Features.Conversations;
using Hamdel.Server.Features.Customers;
using Hamdel.Server.Features.Search;
using Hamdel.Server.Features.Workspaces;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Features.Inbox;

internal static class InboxEndpoints
{
    public static IServiceCollection AddInbox(this IServiceCollection services) => services
        .AddSingleton<LiveInbox>()
        .AddHostedService<RedisLiveRelay>()
        .AddScoped<Infrastructure.Events.IEventHandler, LiveInboxEventHandler>()
        .AddScoped<ManageSavedReplies.Handler>()
        .AddScoped<SearchIndex>();

    internal sealed record SearchResults(IReadOnlyList<ConversationSummary> Conversations, IReadOnlyList<CustomerDto> Customers);

    public static void MapInboxEndpoints(this RouteGroupBuilder workspace)
    {
        var replies = workspace.MapGroup("/saved-replies").WithTags("Saved replies");

        replies.MapGet("/", async (CurrentMember member, ManageSavedReplies.Handler handler, CancellationToken ct) => TypedResults.Ok(await handler.ListAsync(member, ct)))
            .WithName("ListSavedReplies").WithSummary("Saved replies, with placeholders such as {{customer.first_name}}.");

        replies.MapPost("/", async Task<Results<Created<SavedReplyDto>, ProblemHttpResult, ValidationProblem>> (ManageSavedReplies.Request request, CurrentMember member, ManageSavedReplies.Handler handler, CancellationToken ct) =>
                (await handler.SaveAsync(member, null, request, ct)).ToHttp(r => TypedResults.Created($"/api/v1/workspaces/{member.WorkspaceId}/saved-replies/{r.Id}", r)))
            .WithName("CreateSavedReply").WithSummary("Creates a saved reply.")
            .RequireWorkspaceRole(WorkspaceAccess.Supervisors)
            .ProducesProblem(StatusCodes.Status409Conflict);

        replies.MapPut("/{replyId:guid}", async Task<Results<Ok<SavedReplyDto>, ProblemHttpResult, ValidationProblem>> (Guid replyId, ManageSavedReplies.Request request, CurrentMember member, ManageSavedReplies.Handler handler, CancellationToken ct) =>
                (await handler.SaveAsync(member, replyId, request, ct)).ToHttp(TypedResults.Ok))
            .WithName("UpdateSavedReply").WithSummary("Changes a saved reply.")
            .RequireWorkspaceRole(WorkspaceAccess.Supervisors)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        replies.MapDelete("/{replyId:guid}", async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> (Guid replyId, CurrentMember member, ManageSavedReplies.Handler handler, CancellationToken ct) =>
                (await handler.DeleteAsync(member, replyId, ct)).ToHttp(_ => TypedResults.NoContent()))
            .WithName("DeleteSavedReply").WithSummary("Deletes a saved reply.")
            .RequireWorkspaceRole(WorkspaceAccess.Supervisors)
            .ProducesProblem(StatusCodes.Status404NotFound);

        replies.MapGet("/{replyId:guid}/render", async Task<Results<Ok<ManageSavedReplies.Rendered>, ProblemHttpResult, ValidationProblem>> (Guid replyId, Guid conversationId, CurrentMember member, ManageSavedReplies.Handler handler, CancellationToken ct) =>
                (await handler.RenderAsync(member, replyId, conversationId, ct)).ToHttp(TypedResults.Ok))
            .WithName("RenderSavedReply").WithSummary("The saved reply's text for one conversation, placeholders filled.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        workspace.MapGet("/search", async Task<Results<Ok<SearchResults>, ProblemHttpResult, ValidationProblem>> (string? q, CurrentMember member, SearchIndex search, ListConversations.Handler conversations, ListCustomers.Handler customers, CancellationToken ct) =>
            {
                if (string.IsNullOrWhiteSpace(q))
                {
                    return Failure.Invalid("q", Strings.Get("Search.Empty")).ToHttp<Ok<SearchResults>>();
                }
                var found = await conversations.ExecuteAsync(member, new ListConversations.Query(null, null, null, null, null, null, null, null, null, q, null, null, 20), ct);
                var people = await customers.ExecuteAsync(member, q, null, 20, ct);
                return TypedResults.Ok(new SearchResults(found.Value?.Items ?? [], people.Value?.Items ?? []));
            })
            .WithName("Search").WithTags("Search")
            .WithSummary("Conversations and customers whose messages, names or identities contain every word of q, read as a reader would (Arabic ي/ك and Persian ی/ک, Persian/Arabic/Latin digits, diacritics and ZWNJ are the same).");
    }
}
