using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hamdel.Server.Infrastructure.Events;

namespace Hamdel.Server.Features.Webhooks;

/// <summary>
/// How Hamdel signs what it POSTs: <c>Hamdel-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "t.body"&gt;</c>
/// with the endpoint's secret. A receiver recomputes the HMAC over the timestamp and the raw body,
/// compares in constant time, and rejects old timestamps to stop replays.
/// </summary>
internal static class WebhookSigning
{
    public const string Purpose = "Hamdel.WebhookSecret";
    public const string SignatureHeader = "Hamdel-Signature";
    public const string EventHeader = "Hamdel-Event";
    public const string DeliveryHeader = "Hamdel-Delivery";

    public static string Sign(string secret, long timestamp, string body)
    {
        var signed = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + "." + body);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
        return $"t={timestamp.ToString(CultureInfo.InvariantCulture)},v1={Convert.ToHexStringLower(mac)}";
    }

    /// <summary>Checks a signature header as a receiver would (used by tests and documented for integrators).</summary>
    public static bool Verify(string secret, string header, string body, DateTimeOffset now, TimeSpan tolerance)
    {
        var parts = header.Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        if (!parts.TryGetValue("t", out var t) || !long.TryParse(t, CultureInfo.InvariantCulture, out var timestamp) || !parts.TryGetValue("v1", out var given))
        {
            return false;
        }
        if (Math.Abs(now.ToUnixTimeSeconds() - timestamp) > tolerance.TotalSeconds)
        {
            return false;
        }
        var expected = Sign(secret, timestamp, body).Split("v1=")[1];
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(given));
    }

    public static bool IsValidUrl(string? url) =>
        url is { Length: > 0 and <= 2000 } && Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    /// <summary>The body every webhook carries: <c>{ id, type, workspaceId, occurredAt, data }</c>.</summary>
    public static (Guid EventId, string Json) Envelope(Guid eventId, string type, Guid workspaceId, DateTimeOffset occurredAt, object data) =>
        (eventId, JsonSerializer.Serialize(new { id = eventId, type, workspaceId, occurredAt, data }, DomainEventJson.Options));

    /// <summary>The envelope of a stored domain event (its payload is already JSON).</summary>
    public static string Envelope(OutboxEvent domainEvent) => new JsonObject
    {
        ["id"] = domainEvent.EventId,
        ["type"] = domainEvent.Type,
        ["workspaceId"] = domainEvent.WorkspaceId,
        ["occurredAt"] = domainEvent.OccurredAt,
        ["data"] = JsonNode.Parse(domainEvent.Payload),
    }.ToJsonString(DomainEventJson.Options);
}
