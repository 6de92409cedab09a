using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Events;

namespace Hamdel.Server.Features.Conversations;

/// <summary>
/// Messages Hamdel itself sends to a customer in their conversation (a survey invitation, "you said,
/// we did"): outbound, authored by the system, delivered by the conversation's channel like an agent's
/// reply (<see cref="ChannelDeliveryHandler"/>). They neither reopen the conversation nor count as a
/// response. The caller saves, in the same transaction as whatever caused the message.
/// </summary>
internal static class SystemMessages
{
    public static Message Add(HamdelDbContext db, EventOutbox events, Conversation conversation, string text, DateTimeOffset now)
    {
        var message = new Message
        {
            WorkspaceId = conversation.WorkspaceId,
            ConversationId = conversation.Id,
            ChannelId = conversation.ChannelId,
            Direction = MessageDirection.Outbound,
            Author = MessageAuthor.System,
            Text = text.Length > Limits.MessageTextLength ? text[..Limits.MessageTextLength] : text,
            SentAt = now,
            CreatedAt = now,
            DeliveryStatus = DeliveryStatus.Pending,
        };
        db.Messages.Add(message);
        conversation.MessageCount++;
        conversation.UpdatedAt = now;
        events.Publish(new MessageCreated(conversation.WorkspaceId, conversation.Id, message.Id, conversation.CustomerId, conversation.ChannelId,
            MessageDirection.Outbound, MessageAuthor.System, null, message.Text.Length > 4000 ? message.Text[..4000] : message.Text, now));
        return message;
    }
}
