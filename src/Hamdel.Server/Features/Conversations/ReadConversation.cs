using System.Globalization;
using Hamdel.Server.Features.Workspaces;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Errors;
using Hamdel.Server.Infrastructure.Paging;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Features.Conversations;

public sealed record AttachmentDto(Guid Id, string FileName, string ContentType, long Size);

public sealed record MessageDto(
    Guid Id,
    MessageDirection Direction,
    MessageAuthor Author,
    NamedRef? Agent,
    Guid ChannelId,
    string Text,
    string? Html,
    string? ExternalId,
    DateTimeOffset SentAt,
    DateTimeOffset CreatedAt,
    DeliveryStatus DeliveryStatus,
    string? DeliveryError,
    IReadOnlyList<AttachmentDto> Attachments,
    MessageAnalysis? Analysis,
    Email.MessageEmail? Email = null);

/// <summary>How Hamdel read a customer message (null on a message until it is read).</summary>
/// <param name="Language">fa, ar, en, other or und.</param>
/// <param name="Sentiment">negative, neutral or positive.</param>
/// <param name="Score">From −1 to 1.</param>
/// <param name="Confidence">From 0 to 1.</param>
/// <param name="Topics">Ids from the workspace's topic list.</param>
/// <param name="Signals">angry, wantsHuman, wantsContact.</param>
/// <param name="ModelVersion">The Hamdel.Text model that read it.</param>
public sealed record MessageAnalysis(string Language, string Sentiment, double Score, double Confidence, IReadOnlyList<string> Topics, IReadOnlyList<string> Signals, string ModelVersion);

/// <summary>A conversation with what the metrics record about it.</summary>
public sealed record ConversationDetail(
    ConversationSummary Summary,
    DateTimeOffset? FirstResponseAt,
    DateTimeOffset? ResolvedAt,
    DateTimeOffset? ClosedAt,
    int AgentReplyCount,
    int ReassignmentCount,
    int TeamTransferCount,
    int ReopenCount);

internal static class ReadConversation
{
    internal sealed class Handler(HamdelDbContext db)
    {
        public async Task<ConversationDetail?> GetAsync(CurrentMember actor, Guid conversationId, CancellationToken cancellationToken)
        {
            var conversation = await db.Conversations.AsNoTracking()
                .Where(c => c.Id == conversationId && c.WorkspaceId == actor.WorkspaceId)
                .Select(c => new { c.FirstResponseAt, c.ResolvedAt, c.ClosedAt, c.AgentReplyCount, c.ReassignmentCount, c.TeamTransferCount, c.ReopenCount })
                .SingleOrDefaultAsync(cancellationToken);
            if (conversation is null)
            {
                return null;
            }
            var summary = await ListConversations.Project(db, db.Conversations.AsNoTracking().Where(c => c.Id == conversationId)).SingleAsync(cancellationToken);
            return new ConversationDetail(summary, conversation.FirstResponseAt, conversation.ResolvedAt, conversation.ClosedAt,
                conversation.AgentReplyCount, conversation.ReassignmentCount, conversation.TeamTransferCount, conversation.ReopenCount);
        }

        /// <summary>Messages in the order they arrived, oldest first.</summary>
        public async Task<Outcome<Page<MessageDto>>> MessagesAsync(CurrentMember actor, Guid conversationId, string? cursor, int? limit, CancellationToken cancellationToken)
        {
            var parsed = PageRequest.Parse(cursor, limit);
            if (!parsed.Succeeded)
            {
                return parsed.Failure!;
            }
            var page = parsed.Value;
            if (!await db.Conversations.AnyAsync(c => c.Id == conversationId && c.WorkspaceId == actor.WorkspaceId, cancellationToken))
            {
                return Failure.NotFound(Strings.Get("Conversation.NotFound"));
            }
            var messages = db.Messages.AsNoTracking().Where(m => m.ConversationId == conversationId);
            if (page.Text is { } text)
            {
                var parts = text.Split('|');
                if (parts.Length != 2 || !long.TryParse(parts[0], CultureInfo.InvariantCulture, out var ticks) || !Guid.TryParse(parts[1], out var id))
                {
                    return Failure.Invalid("cursor", Strings.Get("Error.Cursor"));
                }
                var at = new DateTimeOffset(ticks, TimeSpan.Zero);
                messages = messages.Where(m => m.CreatedAt > at || (m.CreatedAt == at && m.Id.CompareTo(id) > 0));
            }
            var rows = await Project(db, messages.OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).Take(page.Limit + 1)).ToListAsync(cancellationToken);
            rows = await Email.MessageEmail.AddToAsync(db, rows, cancellationToken);
            return page.ToPage(rows, r => $"{r.CreatedAt.UtcTicks}|{r.Id}", r => r);
        }

        internal static IQueryable<MessageDto> Project(HamdelDbContext db, IQueryable<Message> messages) =>
            messages.Select(m => new MessageDto(
                    m.Id,
                    m.Direction,
                    m.Author,
                    m.AuthorUserId == null ? null : new NamedRef(m.AuthorUserId.Value, db.Users.Where(u => u.Id == m.AuthorUserId).Select(u => u.DisplayName).First()),
                    m.ChannelId,
                    m.Text,
                    m.Html,
                    m.ExternalId,
                    m.SentAt,
                    m.CreatedAt,
                    m.DeliveryStatus,
                    m.DeliveryError,
                    m.Attachments.Select(a => new AttachmentDto(a.Id, a.FileName, a.ContentType, a.Size)).ToList(),
                    db.TextInsights.Where(i => i.Subject == Insights.InsightSubject.Message && i.SubjectId == m.Id)
                        .Select(Insights.TextInsight.ToAnalysis)
                        .FirstOrDefault(),
                    null))
                .AsSplitQuery();
    }
}
