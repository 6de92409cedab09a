using System.Net.Http.Json;
using System.Text.Json;
using Hamdel.Server.Features.Conversations;
using Hamdel.Server.Features.Webhooks;
using Hamdel.Server.Infrastructure.Paging;
using Hamdel.Testing;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Tests.Features.Webhooks;

/// <summary>A server that retries webhooks quickly, so retries and giving up can be seen in a test.</summary>
public sealed class QuickRetryServer : HamdelServer
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
    [
        new("Hamdel:Webhooks:FirstRetryDelay", "00:00:00.100"),
        new("Hamdel:Webhooks:MaxAttempts", "3"),
        new("Hamdel:Webhooks:PollInterval", "00:00:00.100"),
    ];
}

public sealed class WebhookTests(QuickRetryServer server) : IClassFixture<QuickRetryServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WorkspaceWebhook_GetsSignedEvents_RetriesAfterAFailure_AndLogsDeliveries()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.AnswerWith(500);
        var workspace = await server.NewWorkspaceAsync();
        using var admin = await server.AdminAsync();
        var created = await (await admin.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/webhooks",
            new { url = receiver.Url("/events"), events = new[] { "conversation.created", "message.created" } }, Ct)).ReadAsync<ManageWebhooks.Created>();
        var (channel, _) = await server.NewApiChannelAsync(workspace);

        var ids = await server.PushAsync(admin, workspace, channel, new { sender = new { email = "e@example.com" }, text = "hello" });

        var conversationCreated = await receiver.WaitForAsync(r => r.Headers.GetValueOrDefault("Hamdel-Event") == "conversation.created" && r.At > DateTimeOffset.MinValue);
        var messageCreated = await receiver.WaitForAsync(r => r.Headers.GetValueOrDefault("Hamdel-Event") == "message.created");
        Assert.True(WebhookSigning.Verify(created.Secret, messageCreated.Headers[WebhookSigning.SignatureHeader], messageCreated.Body, TimeProvider.System.GetUtcNow(), TimeSpan.FromMinutes(5)));
        using var body = JsonDocument.Parse(conversationCreated.Body);
        Assert.Equal(ids.ConversationId, body.RootElement.GetProperty("data").GetProperty("conversationId").GetGuid());
        Assert.Equal(1, body.RootElement.GetProperty("data").GetProperty("number").GetInt64());
        Assert.DoesNotContain(receiver.Received, r => r.Headers.GetValueOrDefault("Hamdel-Event") == "customer.created");

        // The first attempt got 500; it was retried and the log shows both.
        await HamdelServer.EventuallyAsync(async () => (await Log(admin, workspace, created.Webhook.Id)) is { Count: 2 } log && log.All(d => d.State == DeliveryState.Succeeded), "both deliveries succeed");
        var log = await Log(admin, workspace, created.Webhook.Id);
        Assert.Equal(2, log.Count);
        Assert.Contains(log, d => d.Attempts == 2 && d.LastStatusCode == 200);
    }

    [Fact]
    public async Task ApiChannelReply_ToAnEndpointThatKeepsFailing_IsGivenUpAndShownOnTheMessage()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.AnswerWith(503, 503, 503, 503);
        var workspace = await server.NewWorkspaceAsync();
        var (channel, _) = await server.NewApiChannelAsync(workspace, receiver.Url("/replies"));
        using var admin = await server.AdminAsync();
        var ids = await server.PushAsync(admin, workspace, channel, new { sender = new { email = "f@example.com" }, text = "hello" });

        var reply = await (await admin.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/conversations/{ids.ConversationId}/messages", new { text = "hi there" }, Ct)).ReadAsync<SendReply.Response>();

        await HamdelServer.EventuallyAsync(() => server.QueryAsync(db => db.Messages.AnyAsync(m => m.Id == reply.MessageId && m.DeliveryStatus == DeliveryStatus.Failed, Ct)), "the reply is given up");
        var message = await server.QueryAsync(db => db.Messages.SingleAsync(m => m.Id == reply.MessageId, Ct));
        Assert.Equal("HTTP 503", message.DeliveryError);
        Assert.Equal(3, receiver.Received.Count(r => r.Path == "/replies"));
    }

    [Fact]
    public async Task Webhook_BadUrlOrEvent_Refused()
    {
        var workspace = await server.NewWorkspaceAsync();
        using var admin = await server.AdminAsync();
        await (await admin.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/webhooks", new { url = "ftp://example.com/x" }, Ct)).AssertFieldErrorAsync("url");
        await (await admin.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/webhooks", new { url = "https://example.com/x", events = new[] { "everything" } }, Ct)).AssertFieldErrorAsync("events[0]");
    }

    private static async Task<List<WebhookDeliveryDto>> Log(HttpClient admin, Guid workspace, Guid webhook) =>
        [.. (await (await admin.GetAsync($"/api/v1/workspaces/{workspace}/webhooks/{webhook}/deliveries", Ct)).ReadAsync<Page<WebhookDeliveryDto>>()).Items];
}
