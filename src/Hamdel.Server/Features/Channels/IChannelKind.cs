using System.Text.Json;
using Hamdel.Server.Features.Conversations;
using Hamdel.Server.Infrastructure.Errors;

namespace Hamdel.Server.Features.Channels;

/// <summary>
/// What one kind of channel (API, web form, e-mail, chat, SMS ...) knows: its settings, whether
/// companies may push messages into it through the API, and how a reply leaves through it. A new
/// kind is a new implementation registered in DI; conversations never look at the kind.
/// </summary>
internal interface IChannelKind
{
    /// <summary>The stored name, e.g. <c>api</c>.</summary>
    string Kind { get; }

    /// <summary>Whether <c>POST /channels/{id}/messages</c> may push inbound messages into it.</summary>
    bool AcceptsApiMessages { get; }

    /// <summary>
    /// Whether a message sent through it reaches the customer with a working link (so a survey
    /// invitation can go out in the conversation itself when the customer has no e-mail address).
    /// </summary>
    bool CarriesLinks { get; }

    /// <summary>
    /// Checks settings given by an admin and returns the JSON to store (with secrets protected), or
    /// a failure that names the field. <paramref name="existing"/> is the stored JSON when updating.
    /// </summary>
    Outcome<ChannelSettings> ValidateSettings(JsonElement? settings, string? existing);

    /// <summary>The settings as an admin may see them again (secrets left out).</summary>
    JsonElement PublicSettings(string stored);

    /// <summary>
    /// Sends an outbound message (the agent's reply) to the customer. Returns what happened:
    /// queued for delivery (the kind updates the message later), or why it cannot be sent.
    /// </summary>
    Task<ChannelDelivery> DeliverAsync(OutboundMessage outbound, CancellationToken cancellationToken);
}

/// <summary>Settings to store, and a secret the kind generated that is shown to the admin once.</summary>
internal sealed record ChannelSettings(string Stored, string? NewSecret = null);

/// <summary>Everything a channel needs to send a reply.</summary>
internal sealed record OutboundMessage(Channel Channel, Message Message, Conversation Conversation, Customers.Customer Customer, IReadOnlyList<Customers.CustomerIdentity> Identities);

internal sealed record ChannelDelivery(DeliveryStatus Status, string? Error = null)
{
    public static readonly ChannelDelivery Queued = new(DeliveryStatus.Pending);
    public static ChannelDelivery Sent() => new(DeliveryStatus.Sent);
    public static ChannelDelivery CannotSend(string reason) => new(DeliveryStatus.Failed, reason);
}

/// <summary>The registered kinds, by name.</summary>
internal sealed class ChannelKinds(IEnumerable<IChannelKind> kinds)
{
    private readonly Dictionary<string, IChannelKind> _byName = kinds.ToDictionary(k => k.Kind, StringComparer.Ordinal);

    public IReadOnlyCollection<string> Names => _byName.Keys;

    public IChannelKind? Find(string? kind) => kind is not null && _byName.TryGetValue(kind, out var found) ? found : null;

    public IChannelKind Get(string kind) => Find(kind) ?? throw new InvalidOperationException($"Channel kind '{kind}' is not registered.");
}
