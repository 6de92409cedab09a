using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Events;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Features.Webhooks;

/// <summary>Queues one delivery per subscribed webhook for every event (once, however often the event is handled).</summary>
internal sealed class WebhookFanOut(HamdelDbContext db, WebhookSender sender, TimeProvider time) : IEventHandler
{
    public IReadOnlyCollection<string> EventTypes { get; } = ["*"];

    public async Task HandleAsync(OutboxEvent domainEvent, CancellationToken cancellationToken)
    {
        var webhooks = await db.Webhooks.AsNoTracking()
            .Where(w => w.WorkspaceId == domainEvent.WorkspaceId && w.IsActive)
            .ToListAsync(cancellationToken);
        var wanting = webhooks.Where(w => w.Wants(domainEvent.Type)).ToList();
        if (wanting.Count == 0)
        {
            return;
        }
        var ids = wanting.Select(w => (Guid?)w.Id).ToList();
        var queued = await db.WebhookDeliveries
            .Where(d => d.EventId == domainEvent.EventId && ids.Contains(d.WebhookId))
            .Select(d => d.WebhookId)
            .ToListAsync(cancellationToken);
        var body = WebhookSigning.Envelope(domainEvent);
        var now = time.GetUtcNow();
        foreach (var webhook in wanting.Where(w => !queued.Contains(w.Id)))
        {
            db.WebhookDeliveries.Add(new WebhookDelivery
            {
                WorkspaceId = domainEvent.WorkspaceId,
                WebhookId = webhook.Id,
                EventId = domainEvent.EventId,
                EventType = domainEvent.Type,
                Url = webhook.Url,
                Payload = body,
                State = DeliveryState.Pending,
                NextAttemptAt = now,
                CreatedAt = now,
            });
        }
        await db.SaveChangesAsync(cancellationToken);
        sender.Wake();
    }
}
