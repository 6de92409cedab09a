using System.Net.Http.Json;
using System.Text;
using Hamdel.Server.Features.Conversations;
using Hamdel.Server.Infrastructure.Paging;
using Hamdel.Testing;
using MailKit;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Tests.Features.Email;

/// <summary>What the e-mail tests share: delivering into a channel's mailbox and waiting until Hamdel is done with it.</summary>
internal static class EmailTestKit
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Raw message text with CRLF line ends, as mail travels.</summary>
    public static byte[] Raw(string text) => Encoding.UTF8.GetBytes(text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal));

    public static string NewMessageId() => $"<{Guid.NewGuid():N}@client.test>";

    /// <summary>A plain customer message.</summary>
    public static byte[] Plain(string from, string to, string subject, string body, string? messageId = null, string? extraHeaders = null) => Raw(
        $"""
        From: Customer <{from}>
        To: {to}
        Subject: {subject}
        Date: {TimeProvider.System.GetUtcNow().AddMinutes(-1):R}
        Message-ID: {messageId ?? NewMessageId()}
        MIME-Version: 1.0
        Content-Type: text/plain; charset=utf-8
        {extraHeaders}
        {body}

        """.Replace("\n\n\n", "\n\n", StringComparison.Ordinal));

    /// <summary>Waits until every message in the channel's mailbox carries Hamdel's done keyword (stored or quarantined, then marked).</summary>
    public static async Task WaitUntilDoneAsync(EmailServer.EmailChannel channel, int count)
    {
        await HamdelServer.EventuallyAsync(async () =>
        {
            var messages = await MailServers.FlagsAsync(channel.Mailbox);
            return messages.Count >= count && messages.All(m => m.Keywords.Contains("$HamdelDone") && m.Flags.HasFlag(MessageFlags.Seen));
        }, $"Hamdel marked {count} message(s) done in {channel.Mailbox}", TimeSpan.FromSeconds(60));
    }

    public static async Task<List<MessageDto>> MessagesAsync(HttpClient client, Guid workspace, Guid conversationId)
    {
        var page = await (await client.GetAsync($"/api/v1/workspaces/{workspace}/conversations/{conversationId}/messages?limit=200", Ct)).ReadAsync<Page<MessageDto>>();
        return [.. page.Items];
    }

    /// <summary>The conversation a stored e-mail went into, by its Message-ID header.</summary>
    public static Task<Guid> ConversationOfAsync(HamdelServer server, Guid channelId, string messageId) =>
        server.QueryAsync(db => db.EmailMessages.Where(e => e.ChannelId == channelId && e.InternetMessageId == messageId.Trim('<', '>'))
            .Join(db.Messages, e => e.MessageId, m => m.Id, (e, m) => m.ConversationId).SingleAsync(Ct));

    public static Task<int> StoredCountAsync(HamdelServer server, Guid channelId) =>
        server.QueryAsync(db => db.Messages.CountAsync(m => m.ChannelId == channelId && m.Direction == MessageDirection.Inbound, Ct));

    /// <summary>A plain message delivered after a tricky one: stored too, so the tricky one did not stop the mailbox.</summary>
    public static async Task AssertMailboxGoesOnAsync(HamdelServer server, EmailServer.EmailChannel channel, int messagesBefore)
    {
        var canary = NewMessageId();
        await MailServers.AppendAsync(channel.Mailbox, Plain("canary@customer.test", channel.Address, "Still there?", "Just checking.", canary), cancellationToken: Ct);
        await WaitUntilDoneAsync(channel, messagesBefore + 1);
        await ConversationOfAsync(server, channel.Id, canary);
    }

    public static async Task<Guid> ReplyAsync(HttpClient client, Guid workspace, Guid conversationId, string text, string? html = null)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/conversations/{conversationId}/messages", new { text, html }, Ct);
        return (await response.ReadAsync<SendReply.Response>()).MessageId;
    }
}
