using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hamdel.Server.Infrastructure.Events;

/// <summary>Something that happened in a workspace, which other features and webhooks listen to.</summary>
internal interface IDomainEvent
{
    /// <summary>Dotted name as webhook subscribers see it, e.g. <c>conversation.created</c>.</summary>
    string Type { get; }
    Guid WorkspaceId { get; }
}

internal static class DomainEventJson
{
    /// <summary>
    /// Events whose type starts with this are for Hamdel's own listeners (the metrics) and never go to
    /// webhooks: re-readings and imports are bookkeeping, not news.
    /// </summary>
    public const string InternalPrefix = "internal.";

    public static bool IsInternal(string type) => type.StartsWith(InternalPrefix, StringComparison.Ordinal);

    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Serialize(IDomainEvent domainEvent) => JsonSerializer.Serialize(domainEvent, domainEvent.GetType(), Options);

    public static T Deserialize<T>(OutboxEvent stored) => JsonSerializer.Deserialize<T>(stored.Payload, Options)
        ?? throw new JsonException($"Event {stored.EventId} has an empty payload.");
}
