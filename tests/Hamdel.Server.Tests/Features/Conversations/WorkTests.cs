using System.Net;
using System.Net.Http.Json;
using Hamdel.Server.Features.Conversations;
using Hamdel.Server.Features.Inbox;
using Hamdel.Server.Features.Teams;
using Hamdel.Server.Features.Workspaces;
using Hamdel.Testing;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Tests.Features.Conversations;

/// <summary>Working a conversation: assigning, transferring, notes, status, and what the metrics record about it.</summary>
public abstract class WorkTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : HamdelServer
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Assign_ReassignAndTransfer_AreCounted()
    {
        var workspace = await server.NewWorkspaceAsync();
        using var first = await server.NewMemberAsync(workspace, WorkspaceRole.Agent);
        using var second = await server.NewMemberAsync(workspace, WorkspaceRole.Agent);
        using var analyst = await server.NewMemberAsync(workspace, WorkspaceRole.Analyst);
        using var admin = await server.AdminAsync();
        var billing = await (await admin.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/teams", new { name = "Billing", memberUserIds = new[] { first.UserId } }, Ct)).ReadAsync<TeamDto>();
        var shipping = await (await admin.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/teams", new { name = "Shipping", leadUserId = second.UserId }, Ct)).ReadAsync<TeamDto>();
        var (channel, _) = await server.NewApiChannelAsync(workspace, teamId: billing.Id);
        var ids = await server.PushAsync(admin, workspace, channel, new { sender = new { email = "w@example.com" }, text = "help" });
        var url = $"/api/v1/workspaces/{workspace}/conversations/{ids.ConversationId}/assign";

        await first.Client.PostAsJsonAsync(url, new { assigneeId = first.UserId }, Ct);
        await first.Client.PostAsJsonAsync(url, new { assigneeId = second.UserId }, Ct);
        var moved = await (await first.Client.PostAsJsonAsync(url, new { teamId = shipping.Id }, Ct)).ReadAsync<AssignConversation.Response>();

        Assert.Equal((second.UserId, shipping.Id, 1, 1), (moved.AssigneeId!.Value, moved.TeamId!.Value, moved.ReassignmentCount, moved.TeamTransferCount));
        await (await first.Client.PostAsJsonAsync(url, new { assigneeId = analyst.UserId }, Ct)).AssertFieldErrorAsync("assigneeId");
        await (await first.Client.PostAsJsonAsync(url, new { teamId = Guid.NewGuid() }, Ct)).AssertFieldErrorAsync("teamId");
        await (await first.Client.PostAsJsonAsync(url, new { }, Ct)).AssertFieldErrorAsync("assigneeId");
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.Client.PostAsJsonAsync(url, new { unassign = true }, Ct)).StatusCode);

        var mine = await admin.GetStringAsync($"/api/v1/workspaces/{workspace}/conversations?view=Unassigned", Ct);
        Assert.DoesNotContain(ids.ConversationId.ToString(), mine, StringComparison.Ordinal);
        var secondsView = await second.Client.GetStringAsync($"/api/v1/workspaces/{workspace}/conversations?view=Mine", Ct);
        Assert.Contains(ids.ConversationId.ToString(), secondsView, StringComparison.Ordinal);
        var teamView = await second.Client.GetStringAsync($"/api/v1/workspaces/{workspace}/conversations?view=MyTeams", Ct);
        Assert.Contains(ids.ConversationId.ToString(), teamView, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Note_DoesNotCountAsAResponse_ReplyDoes()
    {
        var workspace = await server.NewWorkspaceAsync();
        var (channel, _) = await server.NewApiChannelAsync(workspace);
        using var agent = await server.NewMemberAsync(workspace, WorkspaceRole.Agent);
        var ids = await server.PushAsync(agent.Client, workspace, channel, new { sender = new { email = "n@example.com" }, text = "question" });
        var url = $"/api/v1/workspaces/{workspace}/conversations/{ids.ConversationId}/messages";

        var note = await (await agent.Client.PostAsJsonAsync(url, new { text = "checking the warehouse", note = true }, Ct)).ReadAsync<SendReply.Response>();
        var afterNote = await server.QueryAsync(db => db.Conversations.SingleAsync(c => c.Id == ids.ConversationId, Ct));
        Assert.Equal((MessageDirection.Note, DeliveryStatus.NotApplicable), (note.Direction, note.DeliveryStatus));
        Assert.Null(afterNote.FirstResponseAt);
        Assert.NotNull(afterNote.WaitingSince);

        await agent.Client.PostAsJsonAsync(url, new { text = "answer", status = "Pending" }, Ct);
        var afterReply = await server.QueryAsync(db => db.Conversations.SingleAsync(c => c.Id == ids.ConversationId, Ct));
        Assert.NotNull(afterReply.FirstResponseAt);
        Assert.Null(afterReply.WaitingSince);
        Assert.Equal((ConversationStatus.Pending, 1, 3), (afterReply.Status, afterReply.AgentReplyCount, afterReply.MessageCount));

        // The customer answers: the conversation is open again and they are waiting.
        await server.PushAsync(agent.Client, workspace, channel, new { sender = new { email = "n@example.com" }, text = "thanks, but..." });
        var back = await server.QueryAsync(db => db.Conversations.SingleAsync(c => c.Id == ids.ConversationId, Ct));
        Assert.Equal(ConversationStatus.Open, back.Status);
        Assert.NotNull(back.WaitingSince);
        await (await agent.Client.PostAsJsonAsync(url, new { }, Ct)).AssertFieldErrorAsync("text");
    }

    [Fact]
    public async Task Status_SnoozeNeedsAFutureTime_AndResolveIsRecorded()
    {
        var workspace = await server.NewWorkspaceAsync();
        var (channel, _) = await server.NewApiChannelAsync(workspace);
        using var agent = await server.NewMemberAsync(workspace, WorkspaceRole.Agent);
        var ids = await server.PushAsync(agent.Client, workspace, channel, new { sender = new { email = "s@example.com" }, text = "later please" });
        var url = $"/api/v1/workspaces/{workspace}/conversations/{ids.ConversationId}/status";

        await (await agent.Client.PostAsJsonAsync(url, new { status = "Snoozed" }, Ct)).AssertFieldErrorAsync("snoozedUntil");
        await (await agent.Client.PostAsJsonAsync(url, new { status = "Snoozed", snoozedUntil = TimeProvider.System.GetUtcNow().AddHours(-1) }, Ct)).AssertFieldErrorAsync("snoozedUntil");
        await (await agent.Client.PostAsJsonAsync(url, new { status = "Sleeping" }, Ct)).AssertFieldErrorAsync("status");
        Assert.Equal(HttpStatusCode.OK, (await agent.Client.PostAsJsonAsync(url, new { status = "Snoozed", snoozedUntil = TimeProvider.System.GetUtcNow().AddHours(2) }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.Client.PostAsJsonAsync(url, new { status = "Resolved" }, Ct)).StatusCode);

        var resolved = await server.QueryAsync(db => db.Conversations.SingleAsync(c => c.Id == ids.ConversationId, Ct));
        Assert.Equal(ConversationStatus.Resolved, resolved.Status);
        Assert.NotNull(resolved.ResolvedAt);
        Assert.Null(resolved.SnoozedUntil);
        var events = await server.QueryAsync(db => db.OutboxEvents.Where(e => e.WorkspaceId == workspace).Select(e => e.Type).ToListAsync(Ct));
        Assert.Contains("conversation.resolved", events);
    }

    [Fact]
    public async Task SavedReply_FillsPlaceholdersForTheConversation()
    {
        var workspace = await server.NewWorkspaceAsync("قهوه همدل");
        var (channel, _) = await server.NewApiChannelAsync(workspace);
        using var admin = await server.AdminAsync();
        var ids = await server.PushAsync(admin, workspace, channel, new { sender = new { email = "z@example.ir", name = "زهرا کاظمی" }, text = "سلام" });
        var reply = await (await admin.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/saved-replies",
            new { shortcut = "thanks", title = "Thanks", body = "سلام {{customer.first_name}}، گفت‌وگوی #{{conversation.number}} در {{workspace.name}}", language = "fa" }, Ct)).ReadAsync<SavedReplyDto>();

        var rendered = await (await admin.GetAsync($"/api/v1/workspaces/{workspace}/saved-replies/{reply.Id}/render?conversationId={ids.ConversationId}", Ct)).ReadAsync<ManageSavedReplies.Rendered>();

        Assert.Equal("سلام زهرا، گفت‌وگوی #1 در قهوه همدل", rendered.Text);
        await (await admin.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/saved-replies", new { shortcut = "x", title = "X", body = "{{customer.password}}" }, Ct)).AssertFieldErrorAsync("body");
        await (await admin.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/saved-replies", new { shortcut = "thanks", title = "Again", body = "x", language = "fa" }, Ct)).AssertProblemAsync(HttpStatusCode.Conflict);
    }
}

public sealed class WorkTestsOnSqlite(SqliteServer server) : WorkTests<SqliteServer>(server);

public sealed class WorkTestsOnPostgres(PostgresServer server) : WorkTests<PostgresServer>(server);
