using Hamdel.Server.Features.Customers;
using Hamdel.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Features.Conversations;

/// <summary>A customer's conversations, on every channel, on their timeline.</summary>
internal sealed class ConversationTimelineSource : ITimelineSource
{
    public async Task<IReadOnlyList<TimelineItem>> ItemsAsync(HamdelDbContext db, Guid workspaceId, Guid customerId, int limit, CancellationToken cancellationToken)
    {
        var conversations = await db.Conversations.AsNoTracking()
            .Where(c => c.WorkspaceId == workspaceId && c.CustomerId == customerId)
            .OrderByDescending(c => c.LastMessageAt)
            .Take(limit)
            .Select(c => new
            {
                c.Id,
                c.Number,
                c.Subject,
                c.Status,
                c.CreatedAt,
                c.LastMessageAt,
                c.MessageCount,
                Channel = c.Channel!.Name,
                c.Channel.Kind,
                First = db.Messages.Where(m => m.ConversationId == c.Id && m.Direction == MessageDirection.Inbound)
                    .OrderBy(m => m.CreatedAt).Select(m => m.Text.Length > 200 ? m.Text.Substring(0, 200) : m.Text).FirstOrDefault(),
                FirstId = db.Messages.Where(m => m.ConversationId == c.Id && m.Direction == MessageDirection.Inbound)
                    .OrderBy(m => m.CreatedAt).Select(m => (Guid?)m.Id).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        // How each customer's opening message was read (a second query: SQLite cannot nest it).
        var firstIds = conversations.Where(c => c.FirstId is not null).Select(c => c.FirstId!.Value).ToList();
        var readings = await db.TextInsights.AsNoTracking()
            .Where(i => i.WorkspaceId == workspaceId && i.Subject == Insights.InsightSubject.Message && firstIds.Contains(i.SubjectId))
            .ToDictionaryAsync(i => i.SubjectId, cancellationToken);
        return [.. conversations.Select(c => new TimelineItem(c.LastMessageAt, "conversation", c.Id, c.Subject ?? $"#{c.Number}", c.First,
            new Dictionary<string, string?>(Insights.TextInsight.TimelineData(c.FirstId is { } first ? readings.GetValueOrDefault(first) : null))
            {
                ["number"] = c.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["status"] = c.Status.ToString(),
                ["channel"] = c.Channel,
                ["channelKind"] = c.Kind,
                ["messages"] = c.MessageCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["startedAt"] = c.CreatedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            }))];
    }
}
