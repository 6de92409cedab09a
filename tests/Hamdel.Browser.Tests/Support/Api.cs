using System.Net.Http.Json;
using Hamdel.Testing;

namespace Hamdel.Browser.Tests.Support;

/// <summary>What the browser tests set up through the public API, as an integrator would.</summary>
internal static class Api
{
    public sealed record ChannelBody(Guid Id, string Name);
    public sealed record CreatedChannel(ChannelBody Channel, string? Secret);
    public sealed record Received(Guid CustomerId, Guid ConversationId, Guid MessageId);

    public static async Task<Guid> NewApiChannelAsync(this HttpClient admin, Guid workspaceId, string name = "Website")
    {
        var response = await admin.PostAsJsonAsync($"/api/v1/workspaces/{workspaceId}/channels", new { kind = "api", name });
        return (await response.ReadAsync<CreatedChannel>()).Channel.Id;
    }

    /// <summary>A customer's message pushed into an API channel; <paramref name="sender"/> is e.g. <c>new { email = "..." }</c>.</summary>
    public static async Task<Received> PushAsync(this HttpClient client, Guid workspaceId, Guid channelId, object sender, string text)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/workspaces/{workspaceId}/channels/{channelId}/messages", new { sender, text });
        return await response.ReadAsync<Received>();
    }

    /// <summary>The UI takes language, calendar and time zone from the profile when signing in.</summary>
    public static async Task SetProfileAsync(this HttpClient client, string displayName, string language, string calendar, string timeZone)
    {
        var response = await client.PutAsJsonAsync("/api/v1/me", new { displayName, language, calendar, timeZone });
        response.EnsureSuccessStatusCode();
    }
}
