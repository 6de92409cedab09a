using System.Text.Json;
using System.Text.Json.Nodes;
using Hamdel.Server.Features.Conversations;
using Hamdel.Server.Features.Webhooks;
using Hamdel.Server.Infrastructure.Auth;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Errors;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Features.Channels;

/// <summary>
/// The API channel: the company pushes customer messages in through the inbound API, and Hamdel
/// POSTs each reply to the channel's webhook URL, signed with the channel's secret, retried until
/// the company's system accepts it.
/// </summary>
internal sealed class ApiChannelKind(HamdelDbContext db, IDataProtectionProvider protection, TimeProvider time) : IChannelKind
{
    public const string Name = "api";
    public string Kind => Name;
    public bool AcceptsApiMessages => true;

    /// <summary>The company's system shows the reply (and its links) to the customer in its own app or site.</summary>
    public bool CarriesLinks => true;

    private IDataProtector Protector => protection.CreateProtector(WebhookSigning.Purpose);

    public Outcome<ChannelSettings> ValidateSettings(JsonElement? settings, string? existing)
    {
        var stored = existing is null ? new JsonObject() : JsonNode.Parse(existing)!.AsObject();
        string? url = null;
        if (settings is { ValueKind: JsonValueKind.Object } given && given.TryGetProperty("webhookUrl", out var value) && value.ValueKind != JsonValueKind.Null)
        {
            url = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            if (!WebhookSigning.IsValidUrl(url))
            {
                return Failure.Invalid("settings.webhookUrl", Strings.Get("Webhook.Url"));
            }
        }
        stored["webhookUrl"] = url;
        string? secret = null;
        if (!stored.ContainsKey("secret"))
        {
            secret = Secrets.Create("whsec_");
            stored["secret"] = Protector.Protect(secret);
        }
        return new ChannelSettings(stored.ToJsonString(), secret);
    }

    public JsonElement PublicSettings(string stored)
    {
        var node = JsonNode.Parse(stored)!.AsObject();
        node.Remove("secret");
        return JsonSerializer.SerializeToElement(node);
    }

    public string? Secret(Channel channel) =>
        JsonNode.Parse(channel.Settings)?["secret"]?.GetValue<string>() is { } protectedSecret ? Protector.Unprotect(protectedSecret) : null;

    public async Task<ChannelDelivery> DeliverAsync(OutboundMessage outbound, CancellationToken cancellationToken)
    {
        var url = JsonNode.Parse(outbound.Channel.Settings)?["webhookUrl"]?.GetValue<string>();
        if (string.IsNullOrEmpty(url))
        {
            return ChannelDelivery.CannotSend(Strings.Get("Channel.Api.NoUrl"));
        }
        var message = outbound.Message;
        var payload = WebhookSigning.Envelope(Guid.CreateVersion7(), "message.outbound", outbound.Conversation.WorkspaceId, time.GetUtcNow(), new
        {
            channelId = outbound.Channel.Id,
            conversationId = outbound.Conversation.Id,
            conversationNumber = outbound.Conversation.Number,
            messageId = message.Id,
            customer = new
            {
                id = outbound.Customer.Id,
                name = outbound.Customer.DisplayName,
                identities = outbound.Identities.Select(i => new { kind = i.Kind.ToString().ToLowerInvariant(), value = i.Value }),
            },
            text = message.Text,
            html = message.Html,
            author = message.Author,
            attachments = message.Attachments.Select(a => new { id = a.Id, fileName = a.FileName, contentType = a.ContentType, size = a.Size }),
            sentAt = message.SentAt,
        });
        var alreadyQueued = await db.WebhookDeliveries.AnyAsync(d => d.ChannelId == outbound.Channel.Id && d.MessageId == message.Id, cancellationToken);
        if (!alreadyQueued)
        {
            db.WebhookDeliveries.Add(new WebhookDelivery
            {
                WorkspaceId = outbound.Conversation.WorkspaceId,
                ChannelId = outbound.Channel.Id,
                MessageId = message.Id,
                EventId = payload.EventId,
                EventType = "message.outbound",
                Url = url,
                Payload = payload.Json,
                State = DeliveryState.Pending,
                NextAttemptAt = time.GetUtcNow(),
                CreatedAt = time.GetUtcNow(),
            });
        }
        return ChannelDelivery.Queued;
    }
}
