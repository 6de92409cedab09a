using System.Text.Json;
using Hamdel.Server.Features.Channels;
using Hamdel.Server.Features.Conversations;
using Hamdel.Server.Features.Customers;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Errors;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Features.Email;

/// <summary>
/// The e-mail channel: a mailbox fetched over IMAP (<see cref="MailboxFetcher"/>) and replies sent
/// over SMTP (<see cref="EmailSender"/>). A reply is queued durably with its Message-ID fixed, so the
/// customer's answer threads back to it even while it waits to be sent.
/// </summary>
internal sealed class EmailChannelKind(HamdelDbContext db, IDataProtectionProvider protection, TimeProvider time) : IChannelKind
{
    public const string Name = "email";
    public string Kind => Name;
    public bool AcceptsApiMessages => false;

    /// <summary>A reply is an e-mail: its links work.</summary>
    public bool CarriesLinks => true;

    private IDataProtector Protector => protection.CreateProtector(EmailSettings.ProtectorPurpose);

    public Outcome<ChannelSettings> ValidateSettings(JsonElement? settings, string? existing)
    {
        var stored = EmailSettings.Validate(settings, existing, Protector);
        return stored.Failure is { } failure ? failure : new ChannelSettings(stored.Value!);
    }

    public JsonElement PublicSettings(string stored) => EmailSettings.Public(stored);

    public EmailSettings Settings(Channel channel) => EmailSettings.Load(channel.Settings, Protector);

    public async Task<ChannelDelivery> DeliverAsync(OutboundMessage outbound, CancellationToken cancellationToken)
    {
        var message = outbound.Message;
        if (await db.OutgoingEmails.AnyAsync(o => o.MessageId == message.Id, cancellationToken))
        {
            return ChannelDelivery.Queued;
        }
        var settings = Settings(outbound.Channel);
        var conversation = outbound.Conversation;
        // The reply goes to whoever wrote last, with the others who were on copy.
        var last = await db.EmailMessages.AsNoTracking()
            .Join(db.Messages.Where(m => m.ConversationId == conversation.Id && m.Direction == MessageDirection.Inbound), e => e.MessageId, m => m.Id, (e, m) => new { Email = e, m.CreatedAt })
            .Where(x => !x.Email.Automated)
            .OrderByDescending(x => x.CreatedAt)
            .Select(x => x.Email)
            .FirstOrDefaultAsync(cancellationToken);
        var to = last?.From ?? outbound.Identities.Where(i => i.Kind == IdentityKind.Email).OrderByDescending(i => i.Verified).Select(i => i.Value).FirstOrDefault();
        if (to is null)
        {
            return ChannelDelivery.CannotSend(Strings.Get("Email.NoAddress"));
        }
        var cc = (last?.Cc ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(a => !a.Equals(settings.FromAddress, StringComparison.OrdinalIgnoreCase) && !a.Equals(to, StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var references = (last?.References ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Reverse().ToList();
        if (last?.InternetMessageId is { } parent)
        {
            references.Remove(parent);
            references.Add(parent);
        }
        var now = time.GetUtcNow();
        db.EmailMessages.Add(new EmailMessage
        {
            MessageId = message.Id,
            WorkspaceId = conversation.WorkspaceId,
            ChannelId = outbound.Channel.Id,
            InternetMessageId = OutgoingMail.MessageIdFor(message.Id, settings.FromAddress),
            // Oldest first, the parent last, as the References header lists them.
            References = string.Join(' ', references.TakeLast(20)),
            DedupeKey = "out-" + message.Id.ToString("N"),
            Subject = EmailThreads.ReplySubject(conversation),
            From = settings.FromAddress,
            To = to,
            Cc = cc.Count == 0 ? null : string.Join(", ", cc),
            CreatedAt = now,
        });
        db.OutgoingEmails.Add(new OutgoingEmail
        {
            WorkspaceId = conversation.WorkspaceId,
            ChannelId = outbound.Channel.Id,
            MessageId = message.Id,
            State = OutgoingEmailState.Pending,
            NextAttemptAt = now,
            CreatedAt = now,
        });
        return ChannelDelivery.Queued;
    }
}
