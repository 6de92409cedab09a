using System.Text.Json;
using System.Text.Json.Nodes;
using Hamdel.Server.Infrastructure.Errors;
using Hamdel.Server.Infrastructure.Localization;

namespace Hamdel.Server.Features.Channels;

/// <summary>
/// A public contact form per channel (<c>/f/{publicKey}</c>): a static page that needs no
/// JavaScript, protected from spam by a honeypot field, a minimum fill time and a rate limit.
/// Replies go back by e-mail, which needs an e-mail channel.
/// </summary>
internal sealed class WebFormChannelKind : IChannelKind
{
    public const string Name = "web-form";
    public string Kind => Name;
    public bool AcceptsApiMessages => false;

    /// <summary>A form cannot be answered through: nothing reaches the customer.</summary>
    public bool CarriesLinks => false;

    /// <summary>Texts the admin may set per language; each defaults to Hamdel's own wording.</summary>
    public static readonly string[] TextFields = ["title", "intro", "thanks"];

    public Outcome<ChannelSettings> ValidateSettings(JsonElement? settings, string? existing)
    {
        var stored = new JsonObject();
        if (settings is { ValueKind: JsonValueKind.Object } given)
        {
            foreach (var field in TextFields)
            {
                if (!given.TryGetProperty(field, out var texts) || texts.ValueKind == JsonValueKind.Null)
                {
                    continue;
                }
                if (texts.ValueKind != JsonValueKind.Object)
                {
                    return Failure.Invalid($"settings.{field}", Strings.Format("Channel.Form.Texts", field));
                }
                var perLanguage = new JsonObject();
                foreach (var text in texts.EnumerateObject())
                {
                    if (!Intl.IsSupportedLanguage(text.Name) || text.Value.ValueKind != JsonValueKind.String || text.Value.GetString()!.Length > 2000)
                    {
                        return Failure.Invalid($"settings.{field}.{text.Name}", Strings.Format("Channel.Form.Texts", field));
                    }
                    perLanguage[text.Name] = text.Value.GetString();
                }
                stored[field] = perLanguage;
            }
            if (given.TryGetProperty("askPhone", out var askPhone))
            {
                if (askPhone.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    return Failure.Invalid("settings.askPhone", Strings.Format("Error.BoolValue", "settings.askPhone"));
                }
                stored["askPhone"] = askPhone.GetBoolean();
            }
        }
        return new ChannelSettings(stored.ToJsonString());
    }

    public JsonElement PublicSettings(string stored) => JsonSerializer.Deserialize<JsonElement>(stored);

    public Task<ChannelDelivery> DeliverAsync(OutboundMessage outbound, CancellationToken cancellationToken) =>
        Task.FromResult(ChannelDelivery.CannotSend(Strings.Get("Channel.Form.NoReply")));

    /// <summary>An admin's text for the form in the language, or null to use Hamdel's default.</summary>
    public static string? Text(Channel channel, string field, string language) =>
        JsonNode.Parse(channel.Settings)?[field]?[language]?.GetValue<string>();

    public static bool AsksPhone(Channel channel) => JsonNode.Parse(channel.Settings)?["askPhone"]?.GetValue<bool>() == true;
}
