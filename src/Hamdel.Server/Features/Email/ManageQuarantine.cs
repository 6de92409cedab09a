using Hamdel.Server.Features.Audit;
using Hamdel.Server.Features.Conversations;
using Hamdel.Server.Features.Workspaces;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Features.Email;

public sealed record QuarantinedEmailDto(Guid Id, Guid ChannelId, string Reason, string? From, string? Subject, string? MessageId, long Size, DateTimeOffset CreatedAt);

public sealed record MailboxStatusDto(Guid ChannelId, DateTimeOffset? LastFetchAt, string? LastError, DateTimeOffset? LastErrorAt, int Quarantined);

/// <summary>The quarantine of an e-mail channel (messages kept aside with the reason and raw source) and how its mailbox is doing.</summary>
internal static class ManageQuarantine
{
    internal sealed class Handler(HamdelDbContext db, AttachmentStore store, AuditLog audit)
    {
        public async Task<Outcome<List<QuarantinedEmailDto>>> ListAsync(CurrentMember actor, Guid channelId, CancellationToken cancellationToken)
        {
            if (!await IsEmailChannelAsync(actor, channelId, cancellationToken))
            {
                return Failure.NotFound(Strings.Format("Channel.NotFound", channelId));
            }
            return await db.EmailQuarantine.AsNoTracking()
                .Where(q => q.WorkspaceId == actor.WorkspaceId && q.ChannelId == channelId)
                .OrderByDescending(q => q.CreatedAt)
                .Take(500)
                .Select(q => new QuarantinedEmailDto(q.Id, q.ChannelId, q.Reason, q.From, q.Subject, q.InternetMessageId, q.Size, q.CreatedAt))
                .ToListAsync(cancellationToken);
        }

        public async Task<Outcome<MailboxStatusDto>> StatusAsync(CurrentMember actor, Guid channelId, CancellationToken cancellationToken)
        {
            if (!await IsEmailChannelAsync(actor, channelId, cancellationToken))
            {
                return Failure.NotFound(Strings.Format("Channel.NotFound", channelId));
            }
            var state = await db.EmailMailboxStates.AsNoTracking().SingleOrDefaultAsync(s => s.ChannelId == channelId, cancellationToken);
            var count = await db.EmailQuarantine.CountAsync(q => q.ChannelId == channelId, cancellationToken);
            return new MailboxStatusDto(channelId, state?.LastFetchAt, state?.LastError, state?.LastErrorAt, count);
        }

        /// <summary>The raw source as received, to download.</summary>
        public async Task<Outcome<(Stream Content, string FileName)>> RawAsync(CurrentMember actor, Guid channelId, Guid id, CancellationToken cancellationToken)
        {
            var item = await db.EmailQuarantine.AsNoTracking().SingleOrDefaultAsync(q => q.Id == id && q.ChannelId == channelId && q.WorkspaceId == actor.WorkspaceId, cancellationToken);
            if (item is null || store.Open(item.StorageKey) is not { } stream)
            {
                return Failure.NotFound(Strings.Get("Email.Quarantine.NotFound"));
            }
            return (stream, $"quarantined-{item.Id:N}.eml");
        }

        /// <summary>Removes an item from the list (the admin has dealt with it); the raw file goes too.</summary>
        public async Task<Outcome<Done>> DismissAsync(CurrentMember actor, Guid channelId, Guid id, CancellationToken cancellationToken)
        {
            var item = await db.EmailQuarantine.SingleOrDefaultAsync(q => q.Id == id && q.ChannelId == channelId && q.WorkspaceId == actor.WorkspaceId, cancellationToken);
            if (item is null)
            {
                return Failure.NotFound(Strings.Get("Email.Quarantine.NotFound"));
            }
            db.EmailQuarantine.Remove(item);
            audit.Record("email.quarantine.dismissed", actor.UserId, actor.WorkspaceId, "channel", channelId.ToString(), item.Id.ToString());
            await db.SaveChangesAsync(cancellationToken);
            return Done.Value;
        }

        private Task<bool> IsEmailChannelAsync(CurrentMember actor, Guid channelId, CancellationToken cancellationToken) =>
            db.Channels.AnyAsync(c => c.Id == channelId && c.WorkspaceId == actor.WorkspaceId && c.Kind == EmailChannelKind.Name, cancellationToken);
    }
}
