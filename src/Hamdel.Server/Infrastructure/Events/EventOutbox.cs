using Hamdel.Server.Infrastructure.Data;

namespace Hamdel.Server.Infrastructure.Events;

/// <summary>Adds domain events to the current unit of work; they are stored when it is saved.</summary>
internal sealed class EventOutbox(HamdelDbContext db, TimeProvider time)
{
    public void Publish(IDomainEvent domainEvent) =>
        db.OutboxEvents.Add(new OutboxEvent
        {
            WorkspaceId = domainEvent.WorkspaceId,
            Type = domainEvent.Type,
            Payload = DomainEventJson.Serialize(domainEvent),
            OccurredAt = time.GetUtcNow(),
        });
}
