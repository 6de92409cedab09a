using System.Collections.Concurrent;
using Hamdel.Server.Features.Conversations;
using Hamdel.Server.Features.Customers;
using Hamdel.Server.Infrastructure.Events;

namespace Hamdel.Server.Features.Inbox;

/// <summary>Something changed that open inbox screens should redraw.</summary>
public sealed record LiveUpdate(Guid WorkspaceId, string Type, Guid? ConversationId, Guid? CustomerId);

/// <summary>
/// Pushes changes to every open inbox screen of a workspace. Screens (Blazor circuits, each with
/// its own SignalR connection to the browser) subscribe here; the outbox dispatcher publishes
/// committed events. With several server instances the updates travel through Redis
/// (<see cref="RedisLiveRelay"/>), so an agent on one instance sees what happened on another.
/// </summary>
public sealed class LiveInbox
{
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Guid, Func<LiveUpdate, Task>>> _subscribers = new();

    /// <summary>Set when updates must cross instances; publishing then goes through it and comes back via <see cref="Deliver"/>.</summary>
    internal Func<LiveUpdate, Task>? Relay { get; set; }

    public IDisposable Subscribe(Guid workspaceId, Func<LiveUpdate, Task> onUpdate)
    {
        var id = Guid.NewGuid();
        _subscribers.GetOrAdd(workspaceId, _ => new()).TryAdd(id, onUpdate);
        return new Subscription(() => _subscribers.GetValueOrDefault(workspaceId)?.TryRemove(id, out _));
    }

    public Task PublishAsync(LiveUpdate update) => Relay is { } relay ? relay(update) : Deliver(update);

    /// <summary>Hands an update to this instance's subscribers; a slow or broken screen does not hold up the others.</summary>
    internal Task Deliver(LiveUpdate update)
    {
        if (_subscribers.TryGetValue(update.WorkspaceId, out var subscribers))
        {
            foreach (var subscriber in subscribers.Values)
            {
                _ = Task.Run(async () =>
                {
                    try
                    {
                        await subscriber(update);
                    }
                    catch (ObjectDisposedException)
                    {
                        // The screen closed while the update was on its way.
                    }
                });
            }
        }
        return Task.CompletedTask;
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}

/// <summary>Turns committed events into live updates.</summary>
internal sealed class LiveInboxEventHandler(LiveInbox live) : IEventHandler
{
    public IReadOnlyCollection<string> EventTypes { get; } =
    [
        ConversationCreated.Name, ConversationReopened.Name, MessageCreated.Name, ConversationAssigned.Name,
        ConversationStatusChanged.Name, ConversationUpdated.Name, MessageDelivery.Name, CustomerMerged.Name, CustomerUpdated.Name, Insights.MessageAnalyzed.Name,
    ];

    public Task HandleAsync(OutboxEvent domainEvent, CancellationToken cancellationToken)
    {
        var payload = System.Text.Json.JsonDocument.Parse(domainEvent.Payload).RootElement;
        Guid? Read(string name) => payload.TryGetProperty(name, out var value) && value.TryGetGuid(out var id) ? id : null;
        return live.PublishAsync(new LiveUpdate(domainEvent.WorkspaceId, domainEvent.Type, Read("conversationId"), Read("customerId") ?? Read("survivorId")));
    }
}
