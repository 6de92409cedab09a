using Hamdel.Server.Features.Channels;
using Hamdel.Server.Features.Webhooks;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Events;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Features.Conversations;

/// <summary>Sends every outbound message through its conversation's channel, whatever kind it is.</summary>
internal sealed class ChannelDeliveryHandler(HamdelDbContext db, ChannelKinds kinds, EventOutbox events, WebhookSender webhooks) : IEventHandler
{
    public IReadOnlyCollection<string> EventTypes { get; } = [MessageCreated.Name];

    public async Task HandleAsync(OutboxEvent domainEvent, CancellationToken cancellationToken)
    {
        var created = DomainEventJson.Deserialize<MessageCreated>(domainEvent);
        if (created.Direction != MessageDirection.Outbound)
        {
            return;
        }
        var message = await db.Messages.Include(m => m.Attachments).SingleOrDefaultAsync(m => m.Id == created.MessageId, cancellationToken);
        if (message is null || message.DeliveryStatus != DeliveryStatus.Pending)
        {
            return;
        }
        var conversation = await db.Conversations.AsNoTracking().SingleAsync(c => c.Id == message.ConversationId, cancellationToken);
        var channel = await db.Channels.AsNoTracking().SingleAsync(c => c.Id == message.ChannelId, cancellationToken);
        var customer = await db.Customers.AsNoTracking().SingleAsync(c => c.Id == conversation.CustomerId, cancellationToken);
        var identities = await db.CustomerIdentities.AsNoTracking().Where(i => i.CustomerId == customer.Id).ToListAsync(cancellationToken);

        var kind = kinds.Get(channel.Kind);
        var result = await kind.DeliverAsync(new OutboundMessage(channel, message, conversation, customer, identities), cancellationToken);
        if (result.Status != DeliveryStatus.Pending)
        {
            message.DeliveryStatus = result.Status;
            message.DeliveryError = result.Error;
            events.Publish(new MessageDelivery(message.WorkspaceId, message.ConversationId, message.Id, result.Status, result.Error));
        }
        await db.SaveChangesAsync(cancellationToken);
        webhooks.Wake();
    }
}
