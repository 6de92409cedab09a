using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hamdel.Server.Features.Conversations;
using Hamdel.Server.Features.Webhooks;
using Hamdel.Server.Features.Workspaces;
using Hamdel.Testing;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Tests.Features.Conversations;

public abstract class InboundTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : HamdelServer
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Inbound_NewEmail_CustomerAndOpenConversation_ResentWithSameKeyChangesNothing()
    {
        var workspace = await server.NewWorkspaceAsync();
        var (channel, _) = await server.NewApiChannelAsync(workspace);
        using var admin = await server.AdminAsync();
        var message = new { sender = new { email = "Maryam.Ahmadi@Example.IR", name = "مریم احمدی" }, text = "سلام، سفارش من نرسیده." };

        var first = await server.PushAsync(admin, workspace, channel, message, idempotencyKey: "order-42");
        var counts = await CountsAsync(workspace);
        var again = await server.PushAsync(admin, workspace, channel, message, idempotencyKey: "order-42");

        Assert.Equal(first, again);
        Assert.Equal(counts, await CountsAsync(workspace));
        Assert.Equal((1, 1, 1), counts);
        var conversation = await (await admin.GetAsync($"/api/v1/workspaces/{workspace}/conversations/{first.ConversationId}", Ct)).ReadAsync<ConversationDetail>();
        Assert.Equal(ConversationStatus.Open, conversation.Summary.Status);
        Assert.Equal("مریم احمدی", conversation.Summary.Customer.Name);
        var customer = await admin.GetStringAsync($"/api/v1/workspaces/{workspace}/customers/{first.CustomerId}", Ct);
        Assert.Contains("maryam.ahmadi@example.ir", customer, StringComparison.Ordinal);

        // The same key with another body is refused, and changes nothing either.
        using var reused = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/workspaces/{workspace}/channels/{channel}/messages")
        {
            Content = Json.Body(new { sender = new { email = "other@example.ir" }, text = "another" }),
        };
        reused.Headers.Add("Idempotency-Key", "order-42");
        await (await admin.SendAsync(reused, Ct)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(counts, await CountsAsync(workspace));
    }

    [Fact]
    public async Task Inbound_SameExternalId_StoredOnce()
    {
        var workspace = await server.NewWorkspaceAsync();
        var (channel, _) = await server.NewApiChannelAsync(workspace);
        using var admin = await server.AdminAsync();
        var message = new { sender = new { handle = "telegram:777" }, text = "hi", externalId = "tg-1001" };

        var first = await admin.PostAsync($"/api/v1/workspaces/{workspace}/channels/{channel}/messages", Json.Body(message), Ct);
        var second = await admin.PostAsync($"/api/v1/workspaces/{workspace}/channels/{channel}/messages", Json.Body(message), Ct);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(await first.ReadAsync<HamdelServer.InboundIds>(), await second.ReadAsync<HamdelServer.InboundIds>());
        Assert.Equal(1, await server.QueryAsync(db => db.Messages.CountAsync(m => m.ExternalId == "tg-1001", Ct)));
    }

    [Fact]
    public async Task Reply_ThroughApiChannel_WebhookGetsSignedPayload_ThenResolveAndReopen()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var workspace = await server.NewWorkspaceAsync();
        var (channel, secret) = await server.NewApiChannelAsync(workspace, receiver.Url("/replies"));
        using var agent = await server.NewMemberAsync(workspace, WorkspaceRole.Agent);
        var ids = await server.PushAsync(agent.Client, workspace, channel, new { sender = new { email = "leila@example.ir" }, text = "کی می‌رسد؟" });

        var reply = await agent.Client.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/conversations/{ids.ConversationId}/messages", new { text = "فردا صبح می‌رسد." }, Ct);
        var sent = await reply.ReadAsync<SendReply.Response>();
        await server.PumpAsync();

        var hook = await receiver.WaitForAsync(r => r.Path == "/replies");
        Assert.True(WebhookSigning.Verify(secret, hook.Headers[WebhookSigning.SignatureHeader], hook.Body, TimeProvider.System.GetUtcNow(), TimeSpan.FromMinutes(5)),
            "The signature does not verify with the channel's secret.");
        Assert.False(WebhookSigning.Verify(secret, hook.Headers[WebhookSigning.SignatureHeader], hook.Body + " ", TimeProvider.System.GetUtcNow(), TimeSpan.FromMinutes(5)));
        using var payload = JsonDocument.Parse(hook.Body);
        Assert.Equal("message.outbound", payload.RootElement.GetProperty("type").GetString());
        Assert.Equal("فردا صبح می‌رسد.", payload.RootElement.GetProperty("data").GetProperty("text").GetString());
        Assert.Equal(sent.MessageId, payload.RootElement.GetProperty("data").GetProperty("messageId").GetGuid());
        await HamdelServer.EventuallyAsync(() => server.QueryAsync(db => db.Messages.AnyAsync(m => m.Id == sent.MessageId && m.DeliveryStatus == DeliveryStatus.Sent, Ct)),
            "the reply is marked as sent");

        var conversation = await server.QueryAsync(db => db.Conversations.SingleAsync(c => c.Id == ids.ConversationId, Ct));
        Assert.NotNull(conversation.FirstResponseAt);
        Assert.Equal(agent.UserId, conversation.AssigneeId);
        Assert.Null(conversation.WaitingSince);

        await agent.Client.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/conversations/{ids.ConversationId}/status", new { status = "Resolved" }, Ct);
        var again = await server.PushAsync(agent.Client, workspace, channel, new { sender = new { email = "leila@example.ir" }, text = "هنوز نرسیده!" });

        Assert.Equal(ids.ConversationId, again.ConversationId);
        var reopened = await server.QueryAsync(db => db.Conversations.SingleAsync(c => c.Id == ids.ConversationId, Ct));
        Assert.Equal((ConversationStatus.Open, 1), (reopened.Status, reopened.ReopenCount));
        Assert.NotNull(reopened.WaitingSince);
    }

    [Fact]
    public async Task Inbound_AfterTheReopenWindow_StartsANewConversation()
    {
        var workspace = await server.NewWorkspaceAsync();
        using var admin = await server.AdminAsync();
        await admin.PutAsJsonAsync($"/api/v1/workspaces/{workspace}", new { name = "No reopen", reopenWindowHours = 0 }, Ct);
        var (channel, _) = await server.NewApiChannelAsync(workspace);
        var first = await server.PushAsync(admin, workspace, channel, new { sender = new { email = "a@example.com" }, text = "one" });
        await admin.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/conversations/{first.ConversationId}/status", new { status = "Resolved" }, Ct);

        var second = await server.PushAsync(admin, workspace, channel, new { sender = new { email = "a@example.com" }, text = "two" });

        Assert.NotEqual(first.ConversationId, second.ConversationId);
        Assert.Equal(first.CustomerId, second.CustomerId);
        var numbers = await server.QueryAsync(db => db.Conversations.Where(c => c.WorkspaceId == workspace).OrderBy(c => c.Number).Select(c => c.Number).ToListAsync(Ct));
        Assert.Equal([1L, 2L], numbers);
    }

    [Fact]
    public async Task Inbound_BadInput_SaysWhichFieldAndStoresNothing()
    {
        var workspace = await server.NewWorkspaceAsync();
        var (channel, _) = await server.NewApiChannelAsync(workspace);
        using var admin = await server.AdminAsync();
        var url = $"/api/v1/workspaces/{workspace}/channels/{channel}/messages";
        var before = await CountsAsync(workspace);

        await (await admin.PostAsync($"/api/v1/workspaces/{workspace}/channels/{Guid.NewGuid()}/messages", Json.Body(new { sender = new { email = "a@b.co" }, text = "x" }), Ct)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await admin.PostAsync(url, Json.Body(new { sender = new { email = "not an email" }, text = "x" }), Ct)).AssertFieldErrorAsync("sender.email");
        await (await admin.PostAsync(url, Json.Body(new { sender = new { handle = "no-colon" }, text = "x" }), Ct)).AssertFieldErrorAsync("sender.handle");
        await (await admin.PostAsync(url, Json.Body(new { sender = new { phone = "+98 12" }, text = "x" }), Ct)).AssertFieldErrorAsync("sender.phone");
        await (await admin.PostAsync(url, Json.Body(new { sender = new { name = "nobody" }, text = "x" }), Ct)).AssertFieldErrorAsync("sender");
        await (await admin.PostAsync(url, Json.Body(new { sender = new { email = "a@b.co" } }), Ct)).AssertFieldErrorAsync("text");
        await (await admin.PostAsync(url, Json.Body(new { sender = new { email = "a@b.co" }, text = new string('x', 100_001) }), Ct)).AssertFieldErrorAsync("text");
        var script = Convert.ToBase64String("#!/bin/sh\nrm -rf /"u8.ToArray());
        await (await admin.PostAsync(url, Json.Body(new { sender = new { email = "a@b.co" }, text = "x", attachments = new[] { new { fileName = "run.sh", contentType = "application/x-sh", content = script } } }), Ct))
            .AssertFieldErrorAsync("attachments[0].contentType");
        await (await admin.PostAsync(url, Json.Body(new { sender = new { email = "a@b.co" }, text = "x", attachments = new[] { new { fileName = "photo.png", contentType = "image/png", content = script } } }), Ct))
            .AssertFieldErrorAsync("attachments[0].content");
        await (await admin.PostAsync(url, Json.Body(new { sender = new { email = "a@b.co" }, text = "x", sentAt = "yesterday" }), Ct)).AssertFieldErrorAsync("sentAt");

        // Expect: 100-continue lets the server refuse before the client has sent 26 MB.
        var huge = new string('x', 26 * 1024 * 1024);
        using var oversized = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent($"{{\"sender\":{{\"email\":\"a@b.co\"}},\"text\":\"{huge}\"}}", System.Text.Encoding.UTF8, "application/json"),
        };
        oversized.Headers.ExpectContinue = true;
        await (await admin.SendAsync(oversized, Ct)).AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        Assert.Equal(before, await CountsAsync(workspace));
    }

    [Fact]
    public async Task Batch_SomeBadItems_GoodOnesStoredBadOnesReportedWithIndexAndField()
    {
        var workspace = await server.NewWorkspaceAsync();
        var (channel, _) = await server.NewApiChannelAsync(workspace);
        using var admin = await server.AdminAsync();
        var batch = new
        {
            messages = new object?[]
            {
                new { sender = new { email = "one@example.com" }, text = "first", externalId = "b-1" },
                new { sender = new { email = "broken" }, text = "second" },
                new { sender = new { email = "one@example.com" }, text = "third", externalId = "b-3" },
                null,
                new { sender = new { phone = "+971501234567" } },
                new { sender = new { email = "one@example.com" }, text = "first again", externalId = "b-1" },
            },
        };

        var result = await (await admin.PostAsync($"/api/v1/workspaces/{workspace}/channels/{channel}/messages/batch", Json.Body(batch), Ct)).ReadAsync<ReceiveMessages.BatchResponse>();

        Assert.Equal([201, 400, 201, 400, 400, 200], result.Results.Select(r => r.Status));
        Assert.Equal((2, 1, 3), (result.Stored, result.Duplicates, result.Rejected));
        Assert.Contains("messages[1].sender.email", result.Results[1].Errors!.Keys);
        Assert.Contains("messages[3]", result.Results[3].Errors!.Keys);
        Assert.Contains("messages[4].text", result.Results[4].Errors!.Keys);
        Assert.Equal(result.Results[0].MessageId, result.Results[5].MessageId);
        Assert.Equal(result.Results[0].ConversationId, result.Results[2].ConversationId);
        Assert.Equal((1, 1, 2), await CountsAsync(workspace));

        var tooMany = new { messages = Enumerable.Range(0, 1001).Select(i => new { sender = new { email = $"c{i}@example.com" }, text = "x" }) };
        await (await admin.PostAsync($"/api/v1/workspaces/{workspace}/channels/{channel}/messages/batch", Json.Body(tooMany), Ct)).AssertFieldErrorAsync("messages");
        Assert.Equal((1, 1, 2), await CountsAsync(workspace));
    }

    [Fact]
    public async Task Attachment_StoredOutsideTheRow_AndDownloadable()
    {
        var workspace = await server.NewWorkspaceAsync();
        var (channel, _) = await server.NewApiChannelAsync(workspace);
        using var admin = await server.AdminAsync();
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4];

        var ids = await server.PushAsync(admin, workspace, channel, new { sender = new { email = "pic@example.com" }, text = "see photo", attachments = new[] { new { fileName = "broken-cup.png", contentType = "image/png", content = Convert.ToBase64String(png) } } });

        var messages = await (await admin.GetAsync($"/api/v1/workspaces/{workspace}/conversations/{ids.ConversationId}/messages", Ct)).ReadAsync<Hamdel.Server.Infrastructure.Paging.Page<MessageDto>>();
        var attachment = Assert.Single(Assert.Single(messages.Items).Attachments);
        Assert.Equal(("broken-cup.png", "image/png", 12L), (attachment.FileName, attachment.ContentType, attachment.Size));
        var download = await admin.GetAsync($"/api/v1/workspaces/{workspace}/attachments/{attachment.Id}", Ct);
        Assert.Equal(png, await download.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.True(Directory.EnumerateFiles(Path.Combine(server.DataDirectory, "attachments"), "*", SearchOption.AllDirectories).Any());
    }

    [Fact]
    public async Task Inbound_IntoAWebFormChannel_IsRefused()
    {
        var workspace = await server.NewWorkspaceAsync();
        using var admin = await server.AdminAsync();
        var created = await (await admin.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/channels", new { kind = "web-form", name = "Contact" }, Ct)).ReadAsync<JsonElement>();
        var channel = created.GetProperty("channel").GetProperty("id").GetGuid();

        await (await admin.PostAsync($"/api/v1/workspaces/{workspace}/channels/{channel}/messages", Json.Body(new { sender = new { email = "a@b.co" }, text = "x" }), Ct)).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await admin.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/channels", new { kind = "carrier-pigeon", name = "X" }, Ct)).AssertFieldErrorAsync("kind");
    }

    private Task<(int Customers, int Conversations, int Messages)> CountsAsync(Guid workspace) => server.QueryAsync(async db => (
        await db.Customers.CountAsync(c => c.WorkspaceId == workspace, Ct),
        await db.Conversations.CountAsync(c => c.WorkspaceId == workspace, Ct),
        await db.Messages.CountAsync(m => m.WorkspaceId == workspace, Ct)));
}

public sealed class InboundTestsOnSqlite(SqliteServer server) : InboundTests<SqliteServer>(server);

public sealed class InboundTestsOnPostgres(PostgresServer server) : InboundTests<PostgresServer>(server);
