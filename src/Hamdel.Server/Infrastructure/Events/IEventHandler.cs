namespace Hamdel.Server.Infrastructure.Events;

/// <summary>
/// A listener for domain events, run by <see cref="OutboxDispatcher"/> in its own DI scope after
/// the event was committed. Delivery is at least once: a handler must tolerate seeing an event
/// again (after a crash or another handler's failure).
/// </summary>
internal interface IEventHandler
{
    /// <summary>The event types this handler wants; <c>*</c> for all.</summary>
    IReadOnlyCollection<string> EventTypes { get; }

    Task HandleAsync(OutboxEvent domainEvent, CancellationToken cancellationToken);
}
