using System.Text.Json;
using Hamdel.Server.Features.Channels;
using Hamdel.Server.Features.Conversations;
using Hamdel.Server.Features.Customers;
using Hamdel.Server.Features.Search;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Events;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Features.Email;

/// <summary>What became of one fetched e-mail.</summary>
internal enum IntakeResult
{
    Stored,
    /// <summary>Stored before (fetched again, or the same message in another mailbox of the workspace).</summary>
    Duplicate,
    /// <summary>A bounce, recorded on the outbound message that bounced.</summary>
    Bounce,
    Quarantined,
}

/// <summary>Where the message was on the server: recorded with it in the same transaction.</summary>
internal sealed record MailboxPosition(long UidValidity, long Uid);

/// <summary>
/// Stores one fetched e-mail through the same path as every channel's messages (<see cref="Inbound"/>:
/// customer by e-mail identity, conversation, attachments, search text, events), with its e-mail
/// record, and the mailbox position in the same transaction. Bounces go onto the outbound message
/// they are about; a sender over the channel's hourly cap (a mail loop) and messages that cannot be
/// stored go to quarantine with their raw source.
/// </summary>
internal sealed class EmailIntake(HamdelDbContext db, Inbound inbound, EventOutbox events, AttachmentStore attachments, TimeProvider time)
{
    public async Task<IntakeResult> StoreAsync(Channel channel, EmailSettings settings, byte[] raw, MailboxPosition? position, CancellationToken cancellationToken)
    {
        ParsedEmail email;
        try
        {
            email = EmailParser.Parse(raw, settings.MaxAttachmentBytes, file => attachments.Check(file, "attachment")?.Detail);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Whatever MimeKit or a broken charset throws, the message is kept for a person to look at.
            await QuarantineAsync(channel, raw, null, Strings.Format("Email.Quarantine.Unreadable", e.Message), position, cancellationToken);
            return IntakeResult.Quarantined;
        }

        if (await db.EmailMessages.AnyAsync(e => e.WorkspaceId == channel.WorkspaceId && e.DedupeKey == email.DedupeKey, cancellationToken))
        {
            await AdvanceAsync(channel, position, cancellationToken);
            return IntakeResult.Duplicate;
        }
        if (email.Bounce is { } bounce)
        {
            return await BounceAsync(channel, email, bounce, raw, position, cancellationToken);
        }
        if (email.FromAddress is null || Identities.Email(email.FromAddress, "from").Value is not { } from)
        {
            await QuarantineAsync(channel, raw, email, Strings.Get("Email.Quarantine.NoSender"), position, cancellationToken);
            return IntakeResult.Quarantined;
        }
        var since = time.GetUtcNow().AddHours(-1);
        var recent = await db.EmailMessages.CountAsync(e => e.ChannelId == channel.Id && e.From == from && e.CreatedAt >= since, cancellationToken);
        if (recent >= settings.SenderHourlyLimit)
        {
            await QuarantineAsync(channel, raw, email, Strings.Format("Email.Quarantine.RateCap", settings.SenderHourlyLimit), position, cancellationToken);
            return IntakeResult.Quarantined;
        }

        var threadId = await EmailThreads.FindAsync(db, channel.WorkspaceId, email, cancellationToken);
        var text = email.Text.Length > Limits.MessageTextLength ? email.Text[..Limits.MessageTextLength] : email.Text;
        if (text.Length == 0 && email.Files.Count == 0)
        {
            text = email.Subject ?? "";
        }
        var html = email.Html is { Length: <= Limits.MessageTextLength * 2 } ? email.Html : null;
        var subject = email.Subject is { Length: > 300 } long_ ? long_[..300] : email.Subject;
        var item = new InboundItem(
            new InboundSender(from, null, null, email.FromName is { Length: > Limits.NameLength } n ? n[..Limits.NameLength] : email.FromName, Verified: false),
            text, html, "email:" + email.DedupeKey, email.Date?.ToUniversalTime() is { } sent && sent <= time.GetUtcNow().AddDays(1) ? sent : null,
            subject, email.Files.Take(attachments.Options.MaxPerMessage).ToList())
        {
            Thread = new InboundThread(threadId),
            Automated = email.Automated,
        };
        var skipped = email.Skipped.Concat(email.Files.Skip(attachments.Options.MaxPerMessage)
            .Select(f => new SkippedAttachment(f.FileName, f.ContentType, f.Content.Length, Strings.Format("Attachment.TooMany", attachments.Options.MaxPerMessage)))).ToList();

        await inbound.ReceiveAsync(channel, [item], async stored =>
        {
            var messageId = stored[0].MessageId;
            if (!await db.EmailMessages.AnyAsync(e => e.MessageId == messageId, cancellationToken))
            {
                db.EmailMessages.Add(Record(channel, messageId, email, from, skipped));
            }
            await AdvanceAsync(channel, position, cancellationToken);
        }, cancellationToken);
        return IntakeResult.Stored;
    }

    private EmailMessage Record(Channel channel, Guid messageId, ParsedEmail email, string? from, List<SkippedAttachment> skipped) => new()
    {
        MessageId = messageId,
        WorkspaceId = channel.WorkspaceId,
        ChannelId = channel.Id,
        InternetMessageId = email.InternetMessageId,
        References = Clip(string.Join(' ', email.References), 8000),
        DedupeKey = email.DedupeKey,
        Subject = Clip(email.Subject, 1000),
        From = from,
        To = Clip(string.Join(", ", email.To), 4000),
        Cc = Clip(string.Join(", ", email.Cc), 4000),
        Automated = email.Automated,
        Bounce = email.Bounce is not null,
        QuoteStart = email.QuoteStart is { } q && q < Limits.MessageTextLength ? q : null,
        SkippedAttachments = skipped.Count == 0 ? null : Clip(JsonSerializer.Serialize(skipped, Json), 16000),
        CreatedAt = time.GetUtcNow(),
    };

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// A bounce of a message Hamdel sent: the outbound message is marked failed with the server's
    /// reason, and the report is kept as a note in its conversation for the agent.
    /// </summary>
    private async Task<IntakeResult> BounceAsync(Channel channel, ParsedEmail email, BounceReport bounce, byte[] raw, MailboxPosition? position, CancellationToken cancellationToken)
    {
        var bounced = bounce.OriginalMessageId is { } original
            ? await db.EmailMessages.Where(e => e.WorkspaceId == channel.WorkspaceId && e.InternetMessageId == original)
                .Join(db.Messages.Where(m => m.Direction == MessageDirection.Outbound), e => e.MessageId, m => m.Id, (e, m) => m)
                .FirstOrDefaultAsync(cancellationToken)
            : null;
        if (bounced is null)
        {
            await QuarantineAsync(channel, raw, email, Strings.Get("Email.Quarantine.UnknownBounce"), position, cancellationToken);
            return IntakeResult.Quarantined;
        }
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var reason = Clip(Strings.Format("Email.Bounced", string.Join(" ", new[] { bounce.Recipient, bounce.Status, bounce.Diagnostic }.Where(x => !string.IsNullOrWhiteSpace(x)))), 2000)!;
        bounced.DeliveryStatus = DeliveryStatus.Failed;
        bounced.DeliveryError = reason;
        var note = new Message
        {
            WorkspaceId = channel.WorkspaceId,
            ConversationId = bounced.ConversationId,
            ChannelId = channel.Id,
            Direction = MessageDirection.Note,
            Author = MessageAuthor.System,
            Text = Clip(bounce.Text, Limits.MessageTextLength) is { Length: > 0 } t ? t : reason,
            ExternalId = "email:" + email.DedupeKey,
            SentAt = email.Date?.ToUniversalTime() ?? now,
            CreatedAt = now,
            DeliveryStatus = DeliveryStatus.NotApplicable,
        };
        db.Messages.Add(note);
        db.EmailMessages.Add(Record(channel, note.Id, email, email.FromAddress, []));
        db.SearchEntries.Add(new SearchEntry { WorkspaceId = channel.WorkspaceId, Kind = SearchKind.Message, OwnerId = bounced.ConversationId, SourceId = note.Id, Text = SearchText.Of(note.Text) });
        var customerId = await db.Conversations.Where(c => c.Id == bounced.ConversationId).Select(c => c.CustomerId).SingleAsync(cancellationToken);
        events.Publish(new MessageDelivery(channel.WorkspaceId, bounced.ConversationId, bounced.Id, DeliveryStatus.Failed, reason));
        events.Publish(new MessageCreated(channel.WorkspaceId, bounced.ConversationId, note.Id, customerId, channel.Id,
            MessageDirection.Note, MessageAuthor.System, null, note.Text.Length > 4000 ? note.Text[..4000] : note.Text, note.SentAt));
        await db.SaveChangesAsync(cancellationToken);
        await AdvanceAsync(channel, position, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return IntakeResult.Bounce;
    }

    /// <summary>Keeps a message that cannot be stored, with its raw source and the reason; the mailbox goes on.</summary>
    public async Task QuarantineAsync(Channel channel, byte[] raw, ParsedEmail? email, string reason, MailboxPosition? position, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        if (position is not null && await db.EmailQuarantine.AnyAsync(q => q.ChannelId == channel.Id && q.UidValidity == position.UidValidity && q.Uid == position.Uid, cancellationToken))
        {
            await AdvanceAsync(channel, position, cancellationToken);
            return;
        }
        var now = time.GetUtcNow();
        var id = Guid.CreateVersion7();
        var key = await attachments.WriteAsync(channel.WorkspaceId, id, raw, now, cancellationToken);
        string? from = email?.FromAddress, subject = email?.Subject, messageId = email?.InternetMessageId;
        if (email is null)
        {
            // What can be read of the headers helps the admin find the message.
            try
            {
                using var stream = new MemoryStream(raw, writable: false);
                var headers = await MimeKit.HeaderList.LoadAsync(stream, cancellationToken);
                from = headers[MimeKit.HeaderId.From];
                subject = headers[MimeKit.HeaderId.Subject];
                messageId = headers[MimeKit.HeaderId.MessageId];
            }
            catch (FormatException)
            {
            }
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.EmailQuarantine.Add(new EmailQuarantine
        {
            Id = id,
            WorkspaceId = channel.WorkspaceId,
            ChannelId = channel.Id,
            Uid = position?.Uid ?? 0,
            UidValidity = position?.UidValidity ?? 0,
            Reason = Clip(reason, 2000)!,
            From = Clip(from is null ? null : EmailParser.Clean(from), 1000),
            Subject = Clip(subject is null ? null : EmailParser.Clean(subject), 1000),
            InternetMessageId = Clip(messageId is null ? null : EmailParser.Clean(messageId), 500),
            Size = raw.Length,
            StorageKey = key,
            CreatedAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);
        await AdvanceAsync(channel, position, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Records that the mailbox is done up to this UID (inside the caller's transaction when there is one).</summary>
    private async Task AdvanceAsync(Channel channel, MailboxPosition? position, CancellationToken cancellationToken)
    {
        if (position is null)
        {
            return;
        }
        var now = time.GetUtcNow();
        await db.EmailMailboxStates
            .Where(s => s.ChannelId == channel.Id && s.UidValidity == position.UidValidity && s.LastUid < position.Uid)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastUid, position.Uid).SetProperty(x => x.LastFetchAt, now), cancellationToken);
    }

    private static string? Clip(string? text, int length) => text is null ? null : text.Length > length ? text[..length] : text;
}
