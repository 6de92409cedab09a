using Hamdel.Server.Features.Workspaces;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Errors;
using Hamdel.Server.Infrastructure.Paging;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Features.Conversations;

internal static class ConversationEndpoints
{
    public static IServiceCollection AddConversations(this IServiceCollection services) => services
        .AddScoped<Inbound>()
        .AddScoped<ReceiveMessages.Handler>()
        .AddScoped<SendReply.Handler>()
        .AddScoped<ChangeStatus.Handler>()
        .AddScoped<AssignConversation.Handler>()
        .AddScoped<UpdateConversation.Handler>()
        .AddScoped<ListConversations.Handler>()
        .AddScoped<ReadConversation.Handler>()
        .AddSingleton<AttachmentStore>()
        .AddScoped<Infrastructure.Events.IEventHandler, ChannelDeliveryHandler>()
        .AddScoped<Customers.ICustomerMergeParticipant, ConversationMergeParticipant>()
        .AddScoped<Customers.ITimelineSource, ConversationTimelineSource>()
        .AddHostedService<SnoozeWaker>();

    public static void MapConversationEndpoints(this RouteGroupBuilder workspace)
    {
        var conversations = workspace.MapGroup("/conversations").WithTags("Conversations");

        conversations.MapGet("/", async Task<Results<Ok<Page<ConversationSummary>>, ProblemHttpResult, ValidationProblem>> ([AsParameters] ListConversations.Query query, CurrentMember member, ListConversations.Handler handler, CancellationToken ct) =>
                (await handler.ExecuteAsync(member, query, ct)).ToHttp(TypedResults.Ok))
            .WithName("ListConversations")
            .WithSummary("Conversations by view (all, mine, unassigned, myTeams), filtered by status, channel, priority, tag, language, customer, assignee, team or text (q); sorted by latest message or by waiting time.");

        conversations.MapGet("/{conversationId:guid}", async Task<Results<Ok<ConversationDetail>, ProblemHttpResult>> (Guid conversationId, CurrentMember member, ReadConversation.Handler handler, CancellationToken ct) =>
                await handler.GetAsync(member, conversationId, ct) is { } detail ? TypedResults.Ok(detail) : ProblemResults.Problem(Failure.NotFound(Strings.Get("Conversation.NotFound"))))
            .WithName("GetConversation").WithSummary("A conversation with its response and resolution record.");

        conversations.MapGet("/{conversationId:guid}/messages", async Task<Results<Ok<Page<MessageDto>>, ProblemHttpResult, ValidationProblem>> (Guid conversationId, string? cursor, int? limit, CurrentMember member, ReadConversation.Handler handler, CancellationToken ct) =>
                (await handler.MessagesAsync(member, conversationId, cursor, limit, ct)).ToHttp(TypedResults.Ok))
            .WithName("ListMessages").WithSummary("The conversation's messages, oldest first, notes included.");

        conversations.MapPost("/{conversationId:guid}/messages", async Task<Results<Created<SendReply.Response>, ProblemHttpResult, ValidationProblem>> (Guid conversationId, SendReply.Request request, CurrentMember member, SendReply.Handler handler, CancellationToken ct) =>
                (await handler.ExecuteAsync(member, conversationId, request, ct)).ToHttp(r => TypedResults.Created($"/api/v1/workspaces/{member.WorkspaceId}/conversations/{conversationId}/messages", r)))
            .WithName("SendReply")
            .WithSummary("Replies to the customer through the conversation's channel (note: true for an internal note); optionally sets the status in the same step.")
            .RequireWorkspaceRole(WorkspaceAccess.Staff)
            .WithMetadata(new RequestSizeLimitAttribute(25 * 1024 * 1024))
            .ProducesProblem(StatusCodes.Status404NotFound);

        conversations.MapPost("/{conversationId:guid}/assign", async Task<Results<Ok<AssignConversation.Response>, ProblemHttpResult, ValidationProblem>> (Guid conversationId, AssignConversation.Request request, CurrentMember member, AssignConversation.Handler handler, CancellationToken ct) =>
                (await handler.ExecuteAsync(member, conversationId, request, ct)).ToHttp(TypedResults.Ok))
            .WithName("AssignConversation").WithSummary("Assigns to an agent and/or a team, or takes the assignment away (unassign / noTeam).")
            .RequireWorkspaceRole(WorkspaceAccess.Staff)
            .ProducesProblem(StatusCodes.Status404NotFound);

        conversations.MapPost("/{conversationId:guid}/status", async Task<Results<Ok<ConversationStatus>, ProblemHttpResult, ValidationProblem>> (Guid conversationId, ChangeStatus.Request request, CurrentMember member, ChangeStatus.Handler handler, CancellationToken ct) =>
                (await handler.ExecuteAsync(member, conversationId, request, ct)).ToHttp(TypedResults.Ok))
            .WithName("ChangeConversationStatus").WithSummary("Open, Pending (waiting on the customer), Snoozed (until snoozedUntil), Resolved or Closed.")
            .RequireWorkspaceRole(WorkspaceAccess.Staff)
            .ProducesProblem(StatusCodes.Status404NotFound);

        conversations.MapPatch("/{conversationId:guid}", async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> (Guid conversationId, UpdateConversation.Request request, CurrentMember member, UpdateConversation.Handler handler, CancellationToken ct) =>
                (await handler.ExecuteAsync(member, conversationId, request, ct)).ToHttp(_ => TypedResults.NoContent()))
            .WithName("UpdateConversation").WithSummary("Sets priority, tags (the whole set) or subject.")
            .RequireWorkspaceRole(WorkspaceAccess.Staff)
            .ProducesProblem(StatusCodes.Status404NotFound);

        workspace.MapGet("/attachments/{attachmentId:guid}", DownloadAsync)
            .WithName("GetAttachment").WithTags("Conversations").WithSummary("The file of an attachment.")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <summary>The UI's link to an attachment, with the sign-in cookie.</summary>
    public static void MapAttachmentDownloads(this IEndpointRouteBuilder app) =>
        app.MapGet("/files/workspaces/{workspaceId:guid}/attachments/{attachmentId:guid}", DownloadAsync)
            .RequireAuthorization()
            .WithMetadata(new WorkspaceScopedMetadata())
            .ExcludeFromDescription();

    private static async Task<IResult> DownloadAsync(Guid attachmentId, CurrentMember member, HamdelDbContext db, AttachmentStore store, HttpContext http, CancellationToken ct)
    {
        var attachment = await db.Attachments.AsNoTracking().SingleOrDefaultAsync(a => a.Id == attachmentId && a.WorkspaceId == member.WorkspaceId, ct);
        if (attachment is null || store.Open(attachment) is not { } stream)
        {
            return ProblemResults.Problem(Failure.NotFound(Strings.Get("Attachment.NotFound")));
        }
        // Never let a customer's file run as a page of Hamdel: no sniffing, and only images inline.
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.ContentSecurityPolicy = "sandbox";
        var inline = attachment.ContentType.StartsWith("image/", StringComparison.Ordinal) && attachment.ContentType != "image/svg+xml";
        return TypedResults.File(stream, attachment.ContentType, inline ? null : attachment.FileName, enableRangeProcessing: true);
    }
}
