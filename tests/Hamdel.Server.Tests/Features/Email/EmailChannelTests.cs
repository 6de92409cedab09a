using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hamdel.Server.Features.Conversations;
using Hamdel.Server.Features.Email;
using Hamdel.Server.Features.Surveys;
using Hamdel.Testing;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using static Hamdel.Server.Tests.Features.Email.EmailTestKit;

namespace Hamdel.Server.Tests.Features.Email;

/// <summary>
/// The e-mail channel against real mail servers (Dovecot for IMAP, an SMTP server delivering into
/// Dovecot; started by test.sh): mail delivered into the mailbox is stored once and marked done,
/// an agent's reply arrives in the customer's mailbox threaded, the customer's answer joins the
/// conversation, bounces and loops are handled, secrets never come back.
/// </summary>
public abstract class EmailChannelTests<TServer>(TServer server) : IClassFixture<TServer>
    where TServer : EmailServer
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CustomerMail_StoredOnceAndMarkedDone_ReplyArrivesThreaded_AndTheAnswerJoinsTheConversation()
    {
        var workspace = await server.NewWorkspaceAsync();
        var channel = await server.NewEmailChannelAsync(workspace);
        var customer = MailServers.NewMailbox("customer");
        var colleague = MailServers.NewMailbox("colleague");
        var first = new MimeMessage();
        first.From.Add(new MailboxAddress("Sara Karimi", MailServers.Address(customer)));
        first.To.Add(MailboxAddress.Parse(channel.Address));
        first.Cc.Add(MailboxAddress.Parse(MailServers.Address(colleague)));
        first.Subject = "سفارش ۱۲۳ نرسیده";
        first.Body = new BodyBuilder { TextBody = "سلام، سفارش من هنوز نرسیده است.", HtmlBody = "<p>سلام، سفارش من <b>هنوز</b> نرسیده است.</p><script>alert(1)</script>" }.ToMessageBody();
        await MailServers.SendAsync(first, Ct);
        await WaitUntilDoneAsync(channel, 1);

        using var admin = await server.AdminAsync();
        var conversationId = await ConversationOfAsync(server, channel.Id, first.MessageId!);
        var stored = Assert.Single(await MessagesAsync(admin, workspace, conversationId));
        Assert.Equal("سلام، سفارش من هنوز نرسیده است.", stored.Text);
        Assert.Contains("<b>هنوز</b>", stored.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("script", stored.Html, StringComparison.Ordinal);
        Assert.Equal(MailServers.Address(colleague), stored.Email!.Cc);
        var conversation = await server.QueryAsync(db => db.Conversations.Include(c => c.Customer).SingleAsync(c => c.Id == conversationId, Ct));
        Assert.Equal(("سفارش ۱۲۳ نرسیده", "Sara Karimi"), (conversation.Subject, conversation.Customer!.DisplayName));

        // The same message delivered again (a second copy in the mailbox) is not stored again.
        await MailServers.SendAsync(first, Ct);
        await WaitUntilDoneAsync(channel, 2);
        Assert.Equal(1, await StoredCountAsync(server, channel.Id));

        var replyId = await ReplyAsync(admin, workspace, conversationId, "Sorry! It ships today.\nTracking: 42.");
        var received = Assert.Single(await MailServers.WaitForAsync(customer));
        Assert.Equal(channel.Address, ((MailboxAddress)received.From[0]).Address);
        Assert.Equal(first.MessageId, received.InReplyTo);
        Assert.Contains(first.MessageId, received.References);
        Assert.Matches(@"^Re: سفارش ۱۲۳ نرسیده \[#\d+-[0-9a-f]{6}\]$", received.Subject);
        Assert.Contains("It ships today.", received.TextBody, StringComparison.Ordinal);
        Assert.Contains("It ships today.", received.HtmlBody, StringComparison.Ordinal);
        Assert.Equal(MailServers.Address(colleague), Assert.Single(received.Cc.Mailboxes).Address);
        // Reply-all reached the CC'd person's mailbox too (beside the customer's two copies of the first mail).
        var copies = await MailServers.WaitForAsync(colleague, 3);
        Assert.Single(copies, m => m.MessageId == received.MessageId);
        await HamdelServer.EventuallyAsync(() => server.QueryAsync(db => db.Messages.AnyAsync(m => m.Id == replyId && m.DeliveryStatus == DeliveryStatus.Sent, Ct)), "the reply is marked sent");

        // The customer's mail client answers: another subject, but In-Reply-To names the reply.
        var answer = new MimeMessage();
        answer.From.Add(new MailboxAddress("Sara Karimi", MailServers.Address(customer)));
        answer.To.Add(MailboxAddress.Parse(channel.Address));
        answer.Subject = "something else entirely";
        answer.InReplyTo = received.MessageId;
        answer.References.Add(first.MessageId!);
        answer.References.Add(received.MessageId!);
        answer.Body = new TextPart("plain") { Text = "Thanks, got the tracking number.\n\nOn Mon, Support wrote:\n> Sorry! It ships today." };
        await MailServers.SendAsync(answer, Ct);
        await WaitUntilDoneAsync(channel, 3);
        Assert.Equal(conversationId, await ConversationOfAsync(server, channel.Id, answer.MessageId!));
        var thread = await MessagesAsync(admin, workspace, conversationId);
        Assert.Equal([MessageDirection.Inbound, MessageDirection.Outbound, MessageDirection.Inbound], thread.Select(m => m.Direction));
        Assert.Equal("Thanks, got the tracking number.\n\n".Length, thread[2].Email!.QuoteStart);

        // A new mail without a reference starts its own conversation, even with the same subject.
        var fresh = Plain(MailServers.Address(customer), channel.Address, "سفارش ۱۲۳ نرسیده", "Another question.");
        await MailServers.AppendAsync(channel.Mailbox, fresh, cancellationToken: Ct);
        await WaitUntilDoneAsync(channel, 4);
        Assert.Equal(2, await server.QueryAsync(db => db.Conversations.CountAsync(c => c.ChannelId == channel.Id, Ct)));
    }

    [Fact]
    public async Task ReplyWithToken_InSubjectOnly_JoinsTheConversation_ButSubjectAloneDoesNot()
    {
        var workspace = await server.NewWorkspaceAsync();
        var channel = await server.NewEmailChannelAsync(workspace);
        var customer = MailServers.NewMailbox("customer");
        var firstId = NewMessageId();
        await MailServers.AppendAsync(channel.Mailbox, Plain(MailServers.Address(customer), channel.Address, "Refund", "I want a refund.", firstId), cancellationToken: Ct);
        await WaitUntilDoneAsync(channel, 1);
        var conversationId = await ConversationOfAsync(server, channel.Id, firstId);
        using var admin = await server.AdminAsync();
        await ReplyAsync(admin, workspace, conversationId, "Which order?");
        var reply = Assert.Single(await MailServers.WaitForAsync(customer));

        // A client that drops In-Reply-To and References but keeps the subject's token.
        var tokenOnly = NewMessageId();
        await MailServers.AppendAsync(channel.Mailbox, Plain(MailServers.Address(customer), channel.Address, reply.Subject!, "Order 77.", tokenOnly), cancellationToken: Ct);
        // A token whose check code is wrong is not trusted.
        var forged = NewMessageId();
        var wrongCode = System.Text.RegularExpressions.Regex.Replace(reply.Subject!, @"-[0-9a-f]{6}\]", "-000000]");
        await MailServers.AppendAsync(channel.Mailbox, Plain(MailServers.Address(customer), channel.Address, wrongCode, "Forged.", forged), cancellationToken: Ct);
        await WaitUntilDoneAsync(channel, 3);
        Assert.Equal(conversationId, await ConversationOfAsync(server, channel.Id, tokenOnly));
        Assert.NotEqual(conversationId, await ConversationOfAsync(server, channel.Id, forged));
    }

    [Fact]
    public async Task DoneActionMove_StoredMessageMovedToTheFolder_AfterCommit()
    {
        var workspace = await server.NewWorkspaceAsync();
        var channel = await server.NewEmailChannelAsync(workspace, new Dictionary<string, object?> { ["doneAction"] = "Move", ["doneFolder"] = "Hamdel" });
        var id = NewMessageId();
        await MailServers.AppendAsync(channel.Mailbox, Plain("mover@customer.test", channel.Address, "Move me", "Please.", id), cancellationToken: Ct);
        await HamdelServer.EventuallyAsync(async () =>
        {
            try
            {
                return (await MailServers.FlagsAsync(channel.Mailbox, "Hamdel", Ct)).Count == 1;
            }
            catch (MailKit.FolderNotFoundException)
            {
                return false; // not made yet
            }
        }, "the message is moved to Hamdel", TimeSpan.FromSeconds(60));
        Assert.Empty(await MailServers.FlagsAsync(channel.Mailbox, cancellationToken: Ct));
        await ConversationOfAsync(server, channel.Id, id);
    }

    [Fact]
    public async Task WrongPassword_ShownAsTheMailboxError_ThenFetchedOnceCorrected()
    {
        var workspace = await server.NewWorkspaceAsync();
        var channel = await server.NewEmailChannelAsync(workspace, new Dictionary<string, object?> { ["imapPassword"] = "not-it" });
        var id = NewMessageId();
        await MailServers.AppendAsync(channel.Mailbox, Plain("patient@customer.test", channel.Address, "Waiting", "Hello?", id), cancellationToken: Ct);
        using var admin = await server.AdminAsync();
        MailboxStatusDto? status = null;
        await HamdelServer.EventuallyAsync(async () => (status = await (await admin.GetAsync($"/api/v1/workspaces/{workspace}/channels/{channel.Id}/mailbox", Ct)).ReadAsync<MailboxStatusDto>()).LastError is not null,
            "the login failure is recorded", TimeSpan.FromSeconds(30));
        Assert.DoesNotContain("not-it", status!.LastError, StringComparison.Ordinal);
        Assert.Equal(0, await StoredCountAsync(server, channel.Id));

        var fixedPassword = await admin.PutAsJsonAsync($"/api/v1/workspaces/{workspace}/channels/{channel.Id}", new { name = "Fixed", settings = new { imapPassword = MailServers.Password } }, Ct);
        fixedPassword.EnsureSuccessStatusCode();
        await WaitUntilDoneAsync(channel, 1);
        await ConversationOfAsync(server, channel.Id, id);
        await HamdelServer.EventuallyAsync(async () => (await (await admin.GetAsync($"/api/v1/workspaces/{workspace}/channels/{channel.Id}/mailbox", Ct)).ReadAsync<MailboxStatusDto>()).LastError is null,
            "the error is cleared", TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task SameMessageInTwoMailboxes_OfOneWorkspace_IsStoredOnce()
    {
        var workspace = await server.NewWorkspaceAsync();
        var support = await server.NewEmailChannelAsync(workspace);
        var sales = await server.NewEmailChannelAsync(workspace);
        var raw = Plain("both@customer.test", $"{support.Address}, {sales.Address}", "Hello both", "Same message to two addresses.");
        await MailServers.AppendAsync(support.Mailbox, raw, cancellationToken: Ct);
        await WaitUntilDoneAsync(support, 1);
        await MailServers.AppendAsync(sales.Mailbox, raw, cancellationToken: Ct);
        await WaitUntilDoneAsync(sales, 1);
        Assert.Equal(1, await server.QueryAsync(db => db.Messages.CountAsync(m => m.WorkspaceId == workspace && m.Direction == MessageDirection.Inbound, Ct)));
    }

    [Fact]
    public async Task CreateChannel_PasswordsNeverComeBack_StoredProtected_BadInputNamesTheField()
    {
        var workspace = await server.NewWorkspaceAsync();
        var channel = await server.NewEmailChannelAsync(workspace);
        using var admin = await server.AdminAsync();
        var shown = await admin.GetStringAsync($"/api/v1/workspaces/{workspace}/channels/{channel.Id}", Ct);
        Assert.DoesNotContain(MailServers.Password, shown, StringComparison.Ordinal);
        using (var body = JsonDocument.Parse(shown))
        {
            var settings = body.RootElement.GetProperty("settings");
            Assert.True(settings.GetProperty("imapPasswordSet").GetBoolean());
            Assert.False(settings.TryGetProperty("imapPassword", out _));
        }
        var stored = await server.QueryAsync(db => db.Channels.Where(c => c.Id == channel.Id).Select(c => c.Settings).SingleAsync(Ct));
        Assert.DoesNotContain(MailServers.Password, stored, StringComparison.Ordinal);

        // Renaming without the password keeps it: the mailbox is still fetched.
        var rename = await admin.PutAsJsonAsync($"/api/v1/workspaces/{workspace}/channels/{channel.Id}", new { name = "Support mail", settings = new { fromName = "Hamdel Support" } }, Ct);
        Assert.Equal(HttpStatusCode.OK, rename.StatusCode);
        var id = NewMessageId();
        await MailServers.AppendAsync(channel.Mailbox, Plain("after@customer.test", channel.Address, "After rename", "Still fetched?", id), cancellationToken: Ct);
        await WaitUntilDoneAsync(channel, 1);

        var bad = await admin.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/channels", new
        {
            kind = "email",
            name = "Broken",
            settings = new { imapHost = "imap.example.com", imapPort = 70000, imapUser = "a", imapPassword = "b", smtpHost = "smtp example", fromAddress = "not-an-address" },
        }, Ct);
        var problem = await bad.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["settings.fromAddress", "settings.imapPort", "settings.smtpHost"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Equal(1, await server.QueryAsync(db => db.Channels.CountAsync(c => c.WorkspaceId == workspace, Ct)));
    }

    [Fact]
    public async Task TestConnection_SaysWhichStepFailed()
    {
        var workspace = await server.NewWorkspaceAsync();
        var channel = await server.NewEmailChannelAsync(workspace);
        using var admin = await server.AdminAsync();

        var ok = await (await admin.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/channels/email/test", new { channelId = channel.Id, settings = new { } }, Ct)).ReadAsync<TestEmailConnection.Response>();
        Assert.True(ok.Ok, JsonSerializer.Serialize(ok));

        var settings = MailServers.ChannelSettings(channel.Mailbox);
        settings["imapPassword"] = "wrong-password";
        settings["smtpPort"] = ServerProcess.FreePort();
        var failed = await (await admin.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/channels/email/test", new { settings }, Ct)).ReadAsync<TestEmailConnection.Response>();
        Assert.False(failed.Ok);
        Assert.Equal(("login", "connect"), (failed.Imap.Step, failed.Smtp.Step));
        Assert.Contains(channel.Mailbox, failed.Imap.Error, StringComparison.Ordinal);
        Assert.Contains(settings["smtpPort"]!.ToString()!, failed.Smtp.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password", failed.Imap.Error, StringComparison.Ordinal);

        settings["imapPassword"] = MailServers.Password;
        settings["imapFolder"] = "NoSuchFolder";
        var folder = await (await admin.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/channels/email/test", new { settings }, Ct)).ReadAsync<TestEmailConnection.Response>();
        Assert.Equal("folder", folder.Imap.Step);
        Assert.Contains("NoSuchFolder", folder.Imap.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bounce_MarksTheReplyFailed_AndShowsTheReportInTheConversation()
    {
        var workspace = await server.NewWorkspaceAsync();
        var channel = await server.NewEmailChannelAsync(workspace);
        var customer = MailServers.NewMailbox("customer");
        var firstId = NewMessageId();
        await MailServers.AppendAsync(channel.Mailbox, Plain(MailServers.Address(customer), channel.Address, "Help", "Help me.", firstId), cancellationToken: Ct);
        await WaitUntilDoneAsync(channel, 1);
        var conversationId = await ConversationOfAsync(server, channel.Id, firstId);
        using var admin = await server.AdminAsync();
        var replyId = await ReplyAsync(admin, workspace, conversationId, "Here is help.");
        var sent = Assert.Single(await MailServers.WaitForAsync(customer));

        await MailServers.AppendAsync(channel.Mailbox, EmailCorpus.Dsn(channel.Address, MailServers.Address(customer), sent.MessageId!), cancellationToken: Ct);
        await WaitUntilDoneAsync(channel, 2);
        var messages = await MessagesAsync(admin, workspace, conversationId);
        var reply = messages.Single(m => m.Id == replyId);
        Assert.Equal(DeliveryStatus.Failed, reply.DeliveryStatus);
        Assert.Contains("5.1.1", reply.DeliveryError, StringComparison.Ordinal);
        var note = messages.Single(m => m.Direction == MessageDirection.Note);
        Assert.True(note.Email!.Bounce);
        Assert.Contains("could not be delivered", note.Text, StringComparison.Ordinal);
        Assert.Equal(1, await StoredCountAsync(server, channel.Id)); // the report is no customer message
    }

    [Fact]
    public async Task MailLoop_SenderOverTheHourlyCap_IsQuarantined_AndTheSourceCanBeDownloaded()
    {
        var workspace = await server.NewWorkspaceAsync();
        var channel = await server.NewEmailChannelAsync(workspace, new Dictionary<string, object?> { ["senderHourlyLimit"] = 2 });
        for (var i = 0; i < 3; i++)
        {
            await MailServers.AppendAsync(channel.Mailbox, Plain("robot@loop.test", channel.Address, $"Ticket {i}", "Your ticket was received."), cancellationToken: Ct);
        }
        await WaitUntilDoneAsync(channel, 3);
        Assert.Equal(2, await StoredCountAsync(server, channel.Id));
        using var admin = await server.AdminAsync();
        var list = await (await admin.GetAsync($"/api/v1/workspaces/{workspace}/channels/{channel.Id}/quarantine", Ct)).ReadAsync<List<QuarantinedEmailDto>>();
        var item = Assert.Single(list);
        Assert.Contains("2", item.Reason, StringComparison.Ordinal);
        Assert.Equal("Ticket 2", item.Subject);
        var raw = await admin.GetAsync($"/api/v1/workspaces/{workspace}/channels/{channel.Id}/quarantine/{item.Id}/raw", Ct);
        Assert.Equal("message/rfc822", raw.Content.Headers.ContentType!.MediaType);
        Assert.Contains("Subject: Ticket 2", await raw.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var status = await (await admin.GetAsync($"/api/v1/workspaces/{workspace}/channels/{channel.Id}/mailbox", Ct)).ReadAsync<MailboxStatusDto>();
        Assert.Equal((1, (string?)null), (status.Quarantined, status.LastError));

        using var agent = await server.NewMemberAsync(workspace, Hamdel.Server.Features.Workspaces.WorkspaceRole.Agent);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.Client.GetAsync($"/api/v1/workspaces/{workspace}/channels/{channel.Id}/quarantine/{item.Id}/raw", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/workspaces/{workspace}/channels/{channel.Id}/quarantine/{item.Id}", Ct)).StatusCode);
    }

    [Fact]
    public async Task UnreachableSmtpServer_ReplyRetried_ThenShownFailedOnTheMessage()
    {
        var workspace = await server.NewWorkspaceAsync();
        var channel = await server.NewEmailChannelAsync(workspace, new Dictionary<string, object?> { ["smtpPort"] = ServerProcess.FreePort() });
        var firstId = NewMessageId();
        await MailServers.AppendAsync(channel.Mailbox, Plain("someone@customer.test", channel.Address, "Hi", "Hello?", firstId), cancellationToken: Ct);
        await WaitUntilDoneAsync(channel, 1);
        var conversationId = await ConversationOfAsync(server, channel.Id, firstId);
        using var admin = await server.AdminAsync();
        var replyId = await ReplyAsync(admin, workspace, conversationId, "Hello!");
        await HamdelServer.EventuallyAsync(() => server.QueryAsync(db => db.Messages.AnyAsync(m => m.Id == replyId && m.DeliveryStatus == DeliveryStatus.Failed, Ct)),
            "the reply is given up on", TimeSpan.FromSeconds(60));
        var outgoing = await server.QueryAsync(db => db.OutgoingEmails.SingleAsync(o => o.MessageId == replyId, Ct));
        Assert.Equal((OutgoingEmailState.Failed, 3), (outgoing.State, outgoing.Attempts));
        var reply = (await MessagesAsync(admin, workspace, conversationId)).Single(m => m.Id == replyId);
        Assert.False(string.IsNullOrEmpty(reply.DeliveryError));
    }

    [Fact]
    public async Task SurveyInvitation_GoesOutThroughTheEmailChannel_FromItsAddress()
    {
        var workspace = await server.NewWorkspaceAsync();
        var channel = await server.NewEmailChannelAsync(workspace);
        var customer = MailServers.NewMailbox("customer");
        var firstId = NewMessageId();
        await MailServers.AppendAsync(channel.Mailbox, Plain(MailServers.Address(customer), channel.Address, "Thanks", "All good now.", firstId), cancellationToken: Ct);
        await WaitUntilDoneAsync(channel, 1);
        var conversationId = await ConversationOfAsync(server, channel.Id, firstId);
        var customerId = await server.QueryAsync(db => db.Conversations.Where(c => c.Id == conversationId).Select(c => c.CustomerId).SingleAsync(Ct));
        using var admin = await server.AdminAsync();
        var touchpoint = await Surveys.SurveyTestData.TouchpointAsync(admin, workspace);
        var survey = await Surveys.SurveyTestData.NpsAsync(admin, workspace, touchpoint.Id);
        (await admin.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/surveys/{survey.Id}/send", new { customerIds = new[] { customerId } }, Ct)).EnsureSuccessStatusCode();
        await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<InvitationSender>(server.Services).SendDueAsync(Ct);
        var invitation = Assert.Single(await MailServers.WaitForAsync(customer));
        Assert.Equal(channel.Address, ((MailboxAddress)invitation.From[0]).Address);
        Assert.Equal("auto-generated", invitation.Headers["Auto-Submitted"]);
    }

    [Fact]
    public async Task OutOfOfficeReply_JoinsWithoutReopening_AndAnAutoReplyOnlyConversationIsNeverSurveyed()
    {
        var workspace = await server.NewWorkspaceAsync();
        var channel = await server.NewEmailChannelAsync(workspace);
        using var admin = await server.AdminAsync();
        var touchpoint = await Surveys.SurveyTestData.TouchpointAsync(admin, workspace);
        var survey = await Surveys.SurveyTestData.NpsAsync(admin, workspace, touchpoint.Id);
        (await admin.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/surveys/{survey.Id}/triggers", new { kind = "ConversationResolved", delayMinutes = 0 }, Ct)).EnsureSuccessStatusCode();

        var customer = MailServers.NewMailbox("customer");
        var firstId = NewMessageId();
        await MailServers.AppendAsync(channel.Mailbox, Plain(MailServers.Address(customer), channel.Address, "Question", "Do you ship to Shiraz?", firstId), cancellationToken: Ct);
        await WaitUntilDoneAsync(channel, 1);
        var conversationId = await ConversationOfAsync(server, channel.Id, firstId);
        (await admin.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/conversations/{conversationId}/messages", new { text = "Yes, we do.", status = "Resolved" }, Ct)).EnsureSuccessStatusCode();
        // The survey invitation for the resolved conversation may arrive first.
        var reply = await MailServers.WaitForAsync(customer, m => m.Subject?.StartsWith("Re:", StringComparison.Ordinal) == true, "the reply");

        // The customer's vacation responder answers the reply.
        var vacationId = NewMessageId();
        await MailServers.AppendAsync(channel.Mailbox, Plain(MailServers.Address(customer), channel.Address, "Automatic reply: " + reply.Subject, "I am away until Saturday.", vacationId,
            $"In-Reply-To: {reply.MessageId}\nAuto-Submitted: auto-replied\nX-Autoreply: yes"), cancellationToken: Ct);
        // An out-of-office from someone else, with nothing to thread to: a conversation of its own.
        var strangerId = NewMessageId();
        await MailServers.AppendAsync(channel.Mailbox, Plain("away@other.test", channel.Address, "Out of Office: Re: offer", "Away.", strangerId, "Precedence: auto_reply"), cancellationToken: Ct);
        await WaitUntilDoneAsync(channel, 3);

        Assert.Equal(conversationId, await ConversationOfAsync(server, channel.Id, vacationId));
        var conversation = await server.QueryAsync(db => db.Conversations.SingleAsync(c => c.Id == conversationId, Ct));
        Assert.Equal(ConversationStatus.Resolved, conversation.Status);
        var stranger = await ConversationOfAsync(server, channel.Id, strangerId);
        (await admin.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/conversations/{stranger}/status", new { status = "Resolved" }, Ct)).EnsureSuccessStatusCode();
        await server.PumpAsync();
        await HamdelServer.EventuallyAsync(() => server.QueryAsync(db => db.SurveyInvitations.AnyAsync(i => i.ConversationId == conversationId, Ct)), "the real conversation is surveyed");
        await server.PumpAsync();
        Assert.False(await server.QueryAsync(db => db.SurveyInvitations.AnyAsync(i => i.ConversationId == stranger, Ct)));
        Assert.True(await server.QueryAsync(db => db.EmailMessages.Where(e => e.ChannelId == channel.Id && e.Automated).CountAsync(Ct)) == 2);
    }
}

public sealed class EmailChannelTestsOnSqlite(EmailSqliteServer server) : EmailChannelTests<EmailSqliteServer>(server);

public sealed class EmailChannelTestsOnPostgres(EmailPostgresServer server) : EmailChannelTests<EmailPostgresServer>(server);
