using System.Net;
using Hamdel.Server.Features.Channels;
using Hamdel.Server.Features.Conversations;
using Hamdel.Server.Infrastructure.Background;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Hamdel.Server.Features.Email;

/// <summary>Builds the e-mail for an agent's reply from what was recorded when it was queued.</summary>
internal static class OutgoingMail
{
    public static string MessageIdFor(Guid messageId, string fromAddress)
    {
        var domain = fromAddress.Split('@') is [_, var d] && d.Length > 0 ? d : "hamdel.local";
        return $"{messageId:N}@{domain}";
    }

    public static async Task<MimeMessage> ComposeAsync(Message message, EmailMessage email, EmailSettings settings, string workspaceName, AttachmentStore store, CancellationToken cancellationToken)
    {
        var mail = new MimeMessage();
        mail.From.Add(new MailboxAddress(string.IsNullOrWhiteSpace(settings.FromName) ? workspaceName : settings.FromName, settings.FromAddress));
        mail.To.Add(MailboxAddress.Parse(email.To!));
        foreach (var cc in (email.Cc ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            mail.Cc.Add(MailboxAddress.Parse(cc));
        }
        mail.Subject = email.Subject ?? "";
        mail.MessageId = email.InternetMessageId ?? MimeKit.Utils.MimeUtils.GenerateMessageId();
        mail.Date = message.SentAt;
        var references = (email.References ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (references.Length > 0)
        {
            mail.InReplyTo = references[^1];
            foreach (var reference in references)
            {
                mail.References.Add(reference);
            }
        }
        var body = new BodyBuilder
        {
            TextBody = message.Text,
            HtmlBody = message.Html ?? $"<div dir=\"auto\">{string.Join("<br>", message.Text.Split('\n').Select(WebUtility.HtmlEncode))}</div>",
        };
        foreach (var attachment in message.Attachments)
        {
            await using var content = store.Open(attachment);
            if (content is null)
            {
                continue;
            }
            using var buffer = new MemoryStream();
            await content.CopyToAsync(buffer, cancellationToken);
            body.Attachments.Add(attachment.FileName, buffer.ToArray(), ContentType.Parse(attachment.ContentType));
        }
        mail.Body = body.ToMessageBody();
        return mail;
    }
}

/// <summary>
/// Sends queued replies through their channel's SMTP server. Each row is claimed by moving its next
/// attempt forward (two instances never send it at once); a temporary failure is retried with
/// growing waits, a permanent one (5xx, or too many tries) is shown on the message.
/// </summary>
internal sealed partial class EmailSender(IServiceScopeFactory scopes, TimeProvider time, IOptions<EmailOptions> options, ILogger<EmailSender> logger)
    : PollingService(logger)
{
    private static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(5);
    protected override TimeSpan PollInterval => options.Value.SendPollInterval;

    protected override async Task<bool> RunPassAsync(CancellationToken cancellationToken) => await SendDueAsync(cancellationToken) > 0;

    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        List<(Guid Id, DateTimeOffset At)> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HamdelDbContext>();
            due = [.. (await db.OutgoingEmails.AsNoTracking()
                .Where(o => o.State == OutgoingEmailState.Pending && o.NextAttemptAt <= now)
                .OrderBy(o => o.NextAttemptAt).Take(50)
                .Select(o => new { o.Id, o.NextAttemptAt })
                .ToListAsync(cancellationToken)).Select(x => (x.Id, x.NextAttemptAt))];
        }
        await using var connection = new SmtpConnection();
        foreach (var (id, at) in due)
        {
            await SendOneAsync(connection, id, at, cancellationToken);
        }
        return due.Count;
    }

    private async Task SendOneAsync(SmtpConnection connection, Guid id, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<HamdelDbContext>();
        var now = time.GetUtcNow();
        var claimedUntil = now + ClaimFor;
        var claimed = await db.OutgoingEmails
            .Where(o => o.Id == id && o.State == OutgoingEmailState.Pending && o.NextAttemptAt == at)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.NextAttemptAt, claimedUntil).SetProperty(o => o.Attempts, o => o.Attempts + 1), cancellationToken);
        if (claimed == 0)
        {
            return;
        }
        var outgoing = await db.OutgoingEmails.SingleAsync(o => o.Id == id, cancellationToken);
        var message = await db.Messages.Include(m => m.Attachments).SingleAsync(m => m.Id == outgoing.MessageId, cancellationToken);
        var email = await db.EmailMessages.AsNoTracking().SingleAsync(e => e.MessageId == message.Id, cancellationToken);
        var channel = await db.Channels.AsNoTracking().SingleAsync(c => c.Id == outgoing.ChannelId, cancellationToken);
        var workspaceName = await db.Workspaces.Where(w => w.Id == outgoing.WorkspaceId).Select(w => w.Name).SingleAsync(cancellationToken);
        var settings = services.GetRequiredService<EmailChannelKind>().Settings(channel);

        string? error = null;
        var permanent = false;
        try
        {
            var mail = await OutgoingMail.ComposeAsync(message, email, settings, workspaceName, services.GetRequiredService<AttachmentStore>(), cancellationToken);
            await connection.SendAsync(settings.Smtp, mail, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogSendFailed(logger, e, outgoing.Id, settings.Smtp.ToString());
            error = e.Message.Length > 1000 ? e.Message[..1000] : e.Message;
            permanent = SmtpConnection.IsPermanent(e) || e is ParseException or FormatException;
        }

        var events = services.GetRequiredService<EventOutbox>();
        if (error is null)
        {
            outgoing.State = OutgoingEmailState.Sent;
            outgoing.SentAt = now;
            outgoing.LastError = null;
            message.DeliveryStatus = DeliveryStatus.Sent;
            message.DeliveredAt = now;
            message.DeliveryError = null;
            events.Publish(new MessageDelivery(message.WorkspaceId, message.ConversationId, message.Id, DeliveryStatus.Sent, null));
        }
        else if (permanent || outgoing.Attempts >= options.Value.MaxSendAttempts)
        {
            outgoing.State = OutgoingEmailState.Failed;
            outgoing.LastError = error;
            message.DeliveryStatus = DeliveryStatus.Failed;
            message.DeliveryError = Strings.Format("Email.SendFailed", error);
            events.Publish(new MessageDelivery(message.WorkspaceId, message.ConversationId, message.Id, DeliveryStatus.Failed, message.DeliveryError));
        }
        else
        {
            outgoing.LastError = error;
            outgoing.NextAttemptAt = now + options.Value.SendRetryBase * Math.Pow(4, outgoing.Attempts - 1);
            message.DeliveryError = Strings.Format("Email.SendRetrying", error);
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outgoing e-mail {OutgoingId} could not be handed to {Server}")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, Guid outgoingId, string server);
}
