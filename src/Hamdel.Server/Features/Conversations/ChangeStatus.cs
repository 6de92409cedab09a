using Hamdel.Server.Features.Workspaces;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Errors;
using Hamdel.Server.Infrastructure.Events;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Features.Conversations;

/// <summary>Opens, puts on hold (pending), snoozes, resolves or closes a conversation.</summary>
internal static class ChangeStatus
{
    internal sealed record Request(ConversationStatus? Status, DateTimeOffset? SnoozedUntil);

    internal sealed class Handler(HamdelDbContext db, EventOutbox events, TimeProvider time)
    {
        public Task<Outcome<ConversationStatus>> ExecuteAsync(CurrentMember actor, Guid conversationId, Request request, CancellationToken cancellationToken) =>
            Concurrency.RetryAsync(db, () => ExecuteOnceAsync(actor, conversationId, request, cancellationToken));

        private async Task<Outcome<ConversationStatus>> ExecuteOnceAsync(CurrentMember actor, Guid conversationId, Request request, CancellationToken cancellationToken)
        {
            var now = time.GetUtcNow();
            if (request.Status is not { } status)
            {
                return Failure.Invalid("status", Strings.Format("Error.EnumValue", "status", string.Join(", ", Enum.GetNames<ConversationStatus>())));
            }
            if (status == ConversationStatus.Snoozed && (request.SnoozedUntil is not { } until || until <= now))
            {
                return Failure.Invalid("snoozedUntil", Strings.Get("Conversation.SnoozeUntil"));
            }
            if (status != ConversationStatus.Snoozed && request.SnoozedUntil is not null)
            {
                return Failure.Invalid("snoozedUntil", Strings.Get("Conversation.SnoozeOnly"));
            }
            var conversation = await db.Conversations.SingleOrDefaultAsync(c => c.Id == conversationId && c.WorkspaceId == actor.WorkspaceId, cancellationToken);
            if (conversation is null)
            {
                return Failure.NotFound(Strings.Get("Conversation.NotFound"));
            }
            if (conversation.Status != status || conversation.SnoozedUntil != request.SnoozedUntil)
            {
                Apply(conversation, status, request.SnoozedUntil?.ToUniversalTime(), actor.UserId, events, now);
                await db.SaveChangesAsync(cancellationToken);
            }
            return conversation.Status;
        }
    }

    /// <summary>
    /// The status change and what it means for the metrics: resolving stamps the resolution time;
    /// taking a resolved or closed conversation back counts as a reopening.
    /// </summary>
    public static void Apply(Conversation conversation, ConversationStatus status, DateTimeOffset? snoozedUntil, Guid? byUserId, EventOutbox events, DateTimeOffset now)
    {
        var previous = conversation.Status;
        conversation.Status = status;
        conversation.SnoozedUntil = status == ConversationStatus.Snoozed ? snoozedUntil : null;
        conversation.UpdatedAt = now;
        if (previous is ConversationStatus.Resolved or ConversationStatus.Closed && status is ConversationStatus.Open or ConversationStatus.Pending or ConversationStatus.Snoozed)
        {
            conversation.ReopenCount++;
        }
        switch (status)
        {
            case ConversationStatus.Resolved:
                conversation.ResolvedAt = now;
                conversation.WaitingSince = null;
                break;
            case ConversationStatus.Closed:
                conversation.ClosedAt = now;
                conversation.ResolvedAt ??= now;
                conversation.WaitingSince = null;
                break;
        }
        events.Publish(new ConversationStatusChanged(conversation.WorkspaceId, conversation.Id, status, previous, conversation.SnoozedUntil, byUserId));
        if (status == ConversationStatus.Resolved)
        {
            events.Publish(new ConversationResolved(conversation.WorkspaceId, conversation.Id, conversation.CustomerId, conversation.ChannelId,
                conversation.AssigneeId, conversation.TeamId, conversation.CreatedAt, conversation.FirstResponseAt, now, conversation.ReopenCount, conversation.TeamTransferCount));
        }
    }
}
