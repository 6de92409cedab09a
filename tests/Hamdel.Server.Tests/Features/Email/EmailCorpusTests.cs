using Hamdel.Server.Features.Conversations;
using Hamdel.Testing;
using Microsoft.EntityFrameworkCore;
using static Hamdel.Server.Tests.Features.Email.EmailTestKit;

namespace Hamdel.Server.Tests.Features.Email;

/// <summary>
/// The acceptance corpus: each tricky message is delivered into a real mailbox, fetched by Hamdel,
/// and either stored correctly or quarantined with a reason; a plain message after it is stored too,
/// so none stops the mailbox.
/// </summary>
public abstract class EmailCorpusTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : EmailServer
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(Guid Workspace, EmailServer.EmailChannel Channel, HttpClient Admin)> SetUpAsync(IDictionary<string, object?>? settings = null)
    {
        var workspace = await server.NewWorkspaceAsync();
        var channel = await server.NewEmailChannelAsync(workspace, settings);
        return (workspace, channel, await server.AdminAsync());
    }

    private async Task<MessageDto> DeliverOneAsync(Guid workspace, EmailServer.EmailChannel channel, HttpClient admin, byte[] raw, string messageId)
    {
        await MailServers.AppendAsync(channel.Mailbox, raw, cancellationToken: Ct);
        await WaitUntilDoneAsync(channel, 1);
        var conversationId = await ConversationOfAsync(server, channel.Id, messageId);
        return (await MessagesAsync(admin, workspace, conversationId)).Single(m => m.Email?.MessageId == messageId.Trim('<', '>'));
    }

    [Fact]
    public async Task Windows1256PersianSubjectAndBody_StoredAsPersian()
    {
        var (workspace, channel, admin) = await SetUpAsync();
        using var _ = admin;
        var id = NewMessageId();
        var message = await DeliverOneAsync(workspace, channel, admin, EmailCorpus.Windows1256Persian(channel.Address, id), id);
        // windows-1256 has no Persian yeh: old clients write the Arabic one, and so does the encoder here.
        Assert.Equal(EmailCorpus.AsWindows1256(EmailCorpus.PersianBody.Replace("ٔ", "", StringComparison.Ordinal)), message.Text);
        Assert.Equal(EmailCorpus.AsWindows1256(EmailCorpus.PersianSubject.Replace('ٔ', 'ه')), message.Email!.Subject);
        Assert.StartsWith("سلام، بسته من هنوز نرس", message.Text, StringComparison.Ordinal);
        var customer = await server.QueryAsync(db => db.Conversations.Where(c => c.ChannelId == channel.Id).Select(c => c.Customer!.DisplayName).SingleAsync(Ct));
        Assert.Equal("رضا", customer);
        await AssertMailboxGoesOnAsync(server, channel, 1);
    }

    [Fact]
    public async Task MisdeclaredCharset_ArabicLabelledLatin1_StoredAsArabic()
    {
        var (workspace, channel, admin) = await SetUpAsync();
        using var _ = admin;
        var id = NewMessageId();
        var message = await DeliverOneAsync(workspace, channel, admin, EmailCorpus.MisdeclaredCharset(channel.Address, id), id);
        Assert.Equal(EmailCorpus.ArabicBody, message.Text);
        await AssertMailboxGoesOnAsync(server, channel, 1);
    }

    [Fact]
    public async Task EncodedWordsSplitMidCharacter_SubjectJoinedWhole()
    {
        var (workspace, channel, admin) = await SetUpAsync();
        using var _ = admin;
        var id = NewMessageId();
        var message = await DeliverOneAsync(workspace, channel, admin, EmailCorpus.SplitEncodedWords(channel.Address, id), id);
        Assert.Equal(EmailCorpus.PersianSubject, message.Email!.Subject);
        await AssertMailboxGoesOnAsync(server, channel, 1);
    }

    [Fact]
    public async Task NestedAlternativeWithRelatedImage_TextHtmlSanitisedAndFilesKept()
    {
        var (workspace, channel, admin) = await SetUpAsync();
        using var _ = admin;
        var id = NewMessageId();
        var message = await DeliverOneAsync(workspace, channel, admin, EmailCorpus.NestedMultipart(channel.Address, id), id);
        Assert.Equal("The cup arrived broken, photo below.", message.Text);
        Assert.Contains("<i>broken</i>", message.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("steal", message.Html, StringComparison.Ordinal);
        Assert.Equal(["cup.png", "receipt.pdf"], message.Attachments.Select(a => a.FileName).Order(StringComparer.Ordinal));
        var png = message.Attachments.Single(a => a.FileName == "cup.png");
        var bytes = await (await admin.GetAsync($"/api/v1/workspaces/{workspace}/attachments/{png.Id}", Ct)).Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal(EmailCorpus.Png, bytes);
        await AssertMailboxGoesOnAsync(server, channel, 1);
    }

    [Fact]
    public async Task ThirtyMegabyteAttachment_OverTheLimit_RecordedAsSkipped_MessageStored()
    {
        var (workspace, channel, admin) = await SetUpAsync(new Dictionary<string, object?> { ["maxAttachmentMb"] = 10 });
        using var _ = admin;
        var id = NewMessageId();
        var message = await DeliverOneAsync(workspace, channel, admin, EmailCorpus.HugeAttachment(channel.Address, id), id);
        Assert.Equal("Catalogue attached.", message.Text);
        Assert.Empty(message.Attachments);
        var skipped = Assert.Single(message.Email!.SkippedAttachments);
        Assert.Equal(("catalogue.pdf", 30L * 1024 * 1024), (skipped.FileName, skipped.Size));
        Assert.Contains("10", skipped.Reason, StringComparison.Ordinal);
        await AssertMailboxGoesOnAsync(server, channel, 1);
    }

    [Fact]
    public async Task NoMessageId_StoredOnce_EvenWhenDeliveredTwice()
    {
        var (workspace, channel, admin) = await SetUpAsync();
        using var _ = admin;
        var raw = EmailCorpus.NoMessageId(channel.Address);
        await MailServers.AppendAsync(channel.Mailbox, raw, cancellationToken: Ct);
        await MailServers.AppendAsync(channel.Mailbox, raw, cancellationToken: Ct);
        await WaitUntilDoneAsync(channel, 2);
        var message = await server.QueryAsync(db => db.Messages.SingleAsync(m => m.ChannelId == channel.Id, Ct));
        Assert.Equal("My client sets no Message-ID.", message.Text);
        await AssertMailboxGoesOnAsync(server, channel, 2);
    }

    [Fact]
    public async Task DsnBounce_ForAMessageHamdelNeverSent_Quarantined()
    {
        var (_, channel, admin) = await SetUpAsync();
        using var _ = admin;
        await MailServers.AppendAsync(channel.Mailbox, EmailCorpus.Dsn(channel.Address, "ghost@nowhere.test", "<never-sent@hamdel.test>"), cancellationToken: Ct);
        await WaitUntilDoneAsync(channel, 1);
        var quarantined = await server.QueryAsync(db => db.EmailQuarantine.SingleAsync(q => q.ChannelId == channel.Id, Ct));
        Assert.Contains("did not send", quarantined.Reason, StringComparison.Ordinal);
        Assert.Equal(0, await StoredCountAsync(server, channel.Id));
        await AssertMailboxGoesOnAsync(server, channel, 1);
    }

    [Fact]
    public async Task OutOfOfficeReply_StoredAsAutomated()
    {
        var (workspace, channel, admin) = await SetUpAsync();
        using var _ = admin;
        var id = NewMessageId();
        var raw = Plain("away@client.test", channel.Address, "Out of office", "I am on leave until 1 Farvardin.", id, "Auto-Submitted: auto-replied");
        var message = await DeliverOneAsync(workspace, channel, admin, raw, id);
        Assert.True(message.Email!.Automated);
        var conversation = await server.QueryAsync(db => db.Conversations.SingleAsync(c => c.ChannelId == channel.Id, Ct));
        Assert.Null(conversation.WaitingSince); // nobody owes an automatic message an answer
        await AssertMailboxGoesOnAsync(server, channel, 1);
    }

    [Fact]
    public async Task ReplyQuotingTheWholeThread_KeptWhole_QuoteFolded()
    {
        var (workspace, channel, admin) = await SetUpAsync();
        using var _ = admin;
        var id = NewMessageId();
        var message = await DeliverOneAsync(workspace, channel, admin, EmailCorpus.QuotedThread(channel.Address, id, "<unknown@elsewhere.test>"), id);
        Assert.Contains(">> I want a cup.", message.Text, StringComparison.Ordinal);
        Assert.Equal("Yes, the second one please.", message.Text[..message.Email!.QuoteStart!.Value].Trim());
        Assert.Contains("<details class=\"email-quote\">", message.Html, StringComparison.Ordinal);
        Assert.StartsWith("<div dir=\"ltr\">Yes, the second one please.</div>", message.Html, StringComparison.Ordinal);
        Assert.Matches("(?s)<details class=\"email-quote\">.*Support wrote:.*I want a cup", message.Html);
        await AssertMailboxGoesOnAsync(server, channel, 1);
    }

    [Fact]
    public async Task TwoThousandCharacterHeaderLine_Stored()
    {
        var (workspace, channel, admin) = await SetUpAsync();
        using var _ = admin;
        var id = NewMessageId();
        var message = await DeliverOneAsync(workspace, channel, admin, EmailCorpus.LongHeaderLine(channel.Address, id), id);
        Assert.Equal("The header above is too long.", message.Text);
        Assert.StartsWith("Very long subject Very long subject", message.Email!.Subject, StringComparison.Ordinal);
        var subject = await server.QueryAsync(db => db.Conversations.Where(c => c.ChannelId == channel.Id).Select(c => c.Subject).SingleAsync(Ct));
        Assert.Equal(300, subject!.Length);
        await AssertMailboxGoesOnAsync(server, channel, 1);
    }

    [Fact]
    public async Task NulByteInBody_StoredWithoutIt()
    {
        var (workspace, channel, admin) = await SetUpAsync();
        using var _ = admin;
        var id = NewMessageId();
        var raw = EmailCorpus.NulByte(channel.Address, id);
        var message = await DeliverOneAsync(workspace, channel, admin, raw, id);
        // Dovecot stores a NUL as 0x80 (not UTF-8, so read as a replacement character); what Hamdel
        // itself does with a NUL is seen by parsing the bytes as sent.
        Assert.Matches("^before.?after$", message.Text);
        Assert.DoesNotContain('\0', message.Text);
        var parsed = Hamdel.Server.Features.Email.EmailParser.Parse(raw, 1024, _ => null);
        Assert.Equal("beforeafter", parsed.Text);
        await AssertMailboxGoesOnAsync(server, channel, 1);
    }

    [Fact]
    public async Task NotAMessageAtAll_Quarantined_WithItsRawSource()
    {
        var (_, channel, admin) = await SetUpAsync();
        using var _ = admin;
        var garbage = EmailCorpus.Garbage();
        await MailServers.AppendAsync(channel.Mailbox, garbage, cancellationToken: Ct);
        await WaitUntilDoneAsync(channel, 1);
        var quarantined = await server.QueryAsync(db => db.EmailQuarantine.SingleAsync(q => q.ChannelId == channel.Id, Ct));
        Assert.False(string.IsNullOrWhiteSpace(quarantined.Reason));
        await AssertMailboxGoesOnAsync(server, channel, 1);
    }
}

public sealed class EmailCorpusTestsOnSqlite(EmailSqliteServer server) : EmailCorpusTests<EmailSqliteServer>(server);

public sealed class EmailCorpusTestsOnPostgres(EmailPostgresServer server) : EmailCorpusTests<EmailPostgresServer>(server);
