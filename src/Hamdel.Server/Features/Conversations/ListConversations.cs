using System.Globalization;
using Hamdel.Server.Features.Search;
using Hamdel.Server.Features.Workspaces;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Errors;
using Hamdel.Server.Infrastructure.Paging;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Features.Conversations;

public enum InboxView
{
    All,
    /// <summary>Assigned to the caller.</summary>
    Mine,
    Unassigned,
    /// <summary>Routed to a team the caller belongs to.</summary>
    MyTeams,
}

public enum InboxSort
{
    /// <summary>Latest message first.</summary>
    Recent,
    /// <summary>Customers waiting for an answer, longest wait first (only conversations where someone is waiting).</summary>
    Waiting,
}

public sealed record NamedRef(Guid Id, string Name);

public sealed record ChannelRef(Guid Id, string Name, string Kind);

public sealed record ConversationSummary(
    Guid Id,
    long Number,
    ConversationStatus Status,
    ConversationPriority Priority,
    string? Subject,
    string? Language,
    NamedRef Customer,
    ChannelRef Channel,
    NamedRef? Assignee,
    NamedRef? Team,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastMessageAt,
    DateTimeOffset? WaitingSince,
    DateTimeOffset? SnoozedUntil,
    int MessageCount,
    string? Preview,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> Signals);

/// <summary>
/// The inbox and the conversations API. Each view and sort reads one index in order and stops at
/// the page size (keyset paging on the sort key and the id), so a page costs the same with a
/// million conversations as with a hundred.
/// </summary>
internal static class ListConversations
{
    internal sealed record Query(
        InboxView? View,
        ConversationStatus? Status,
        Guid? ChannelId,
        ConversationPriority? Priority,
        string? Tag,
        string? Language,
        Guid? CustomerId,
        Guid? AssigneeId,
        Guid? TeamId,
        string? Q,
        InboxSort? Sort,
        string? Cursor,
        int? Limit);

    internal sealed class Handler(HamdelDbContext db, SearchIndex search)
    {
        public async Task<Outcome<Page<ConversationSummary>>> ExecuteAsync(CurrentMember actor, Query query, CancellationToken cancellationToken)
        {
            var parsed = PageRequest.Parse(query.Cursor, query.Limit);
            if (!parsed.Succeeded)
            {
                return parsed.Failure!;
            }
            var page = parsed.Value;
            var sort = query.Sort ?? InboxSort.Recent;
            (long Ticks, Guid Id)? after = null;
            if (page.Text is { } cursorText)
            {
                var parts = cursorText.Split('|');
                if (parts.Length != 3 || parts[0] != sort.ToString() || !long.TryParse(parts[1], CultureInfo.InvariantCulture, out var ticks) || !Guid.TryParse(parts[2], out var id))
                {
                    return Failure.Invalid("cursor", Strings.Get("Error.Cursor"));
                }
                after = (ticks, id);
            }

            var conversations = db.Conversations.AsNoTracking().Where(c => c.WorkspaceId == actor.WorkspaceId);
            conversations = (query.View ?? InboxView.All) switch
            {
                InboxView.Mine => conversations.Where(c => c.AssigneeId == actor.UserId),
                InboxView.Unassigned => conversations.Where(c => c.AssigneeId == null),
                InboxView.MyTeams => conversations.Where(c => db.TeamMembers.Any(m => m.UserId == actor.UserId && m.TeamId == c.TeamId)),
                _ => conversations,
            };
            if (query.Status is { } status)
            {
                conversations = conversations.Where(c => c.Status == status);
            }
            if (query.ChannelId is { } channelId)
            {
                conversations = conversations.Where(c => c.ChannelId == channelId);
            }
            if (query.Priority is { } priority)
            {
                conversations = conversations.Where(c => c.Priority == priority);
            }
            if (!string.IsNullOrWhiteSpace(query.Tag))
            {
                var tag = query.Tag.Trim().ToLowerInvariant();
                conversations = conversations.Where(c => c.Tags.Any(t => t.Tag == tag));
            }
            if (!string.IsNullOrWhiteSpace(query.Language))
            {
                conversations = conversations.Where(c => c.Language == query.Language);
            }
            if (query.CustomerId is { } customerId)
            {
                conversations = conversations.Where(c => c.CustomerId == customerId);
            }
            if (query.AssigneeId is { } assigneeId)
            {
                conversations = conversations.Where(c => c.AssigneeId == assigneeId);
            }
            if (query.TeamId is { } teamId)
            {
                conversations = conversations.Where(c => c.TeamId == teamId);
            }
            if (!string.IsNullOrWhiteSpace(query.Q))
            {
                var matches = await search.FindAsync(actor.WorkspaceId, SearchKind.Message, query.Q, SearchIndex.MaxMatches, cancellationToken);
                conversations = conversations.Where(c => matches.Contains(c.Id));
            }

            if (sort == InboxSort.Waiting)
            {
                conversations = conversations.Where(c => c.WaitingSince != null);
                if (after is { } a)
                {
                    var since = new DateTimeOffset(a.Ticks, TimeSpan.Zero);
                    conversations = conversations.Where(c => c.WaitingSince > since || (c.WaitingSince == since && c.Id.CompareTo(a.Id) > 0));
                }
                conversations = conversations.OrderBy(c => c.WaitingSince).ThenBy(c => c.Id);
            }
            else
            {
                if (after is { } a)
                {
                    var last = new DateTimeOffset(a.Ticks, TimeSpan.Zero);
                    conversations = conversations.Where(c => c.LastMessageAt < last || (c.LastMessageAt == last && c.Id.CompareTo(a.Id) < 0));
                }
                conversations = conversations.OrderByDescending(c => c.LastMessageAt).ThenByDescending(c => c.Id);
            }

            var rows = await Project(db, conversations.Take(page.Limit + 1)).ToListAsync(cancellationToken);
            return page.ToPage(rows, r => $"{sort}|{(sort == InboxSort.Waiting ? r.WaitingSince!.Value.UtcTicks : r.LastMessageAt.UtcTicks)}|{r.Id}", r => r);
        }
    }

    /// <summary>The summary the inbox shows: names of customer, channel, assignee and team, and the latest message.</summary>
    internal static IQueryable<ConversationSummary> Project(HamdelDbContext db, IQueryable<Conversation> conversations) =>
        conversations
            .Select(c => new ConversationSummary(
                c.Id,
                c.Number,
                c.Status,
                c.Priority,
                c.Subject,
                c.Language,
                new NamedRef(c.CustomerId, c.Customer!.DisplayName),
                new ChannelRef(c.ChannelId, c.Channel!.Name, c.Channel.Kind),
                c.AssigneeId == null ? null : new NamedRef(c.AssigneeId.Value, db.Users.Where(u => u.Id == c.AssigneeId).Select(u => u.DisplayName).First()),
                c.TeamId == null ? null : new NamedRef(c.TeamId.Value, db.Teams.Where(t => t.Id == c.TeamId).Select(t => t.Name).First()),
                c.CreatedAt,
                c.LastMessageAt,
                c.WaitingSince,
                c.SnoozedUntil,
                c.MessageCount,
                db.Messages.Where(m => m.ConversationId == c.Id && m.Direction != MessageDirection.Note)
                    .OrderByDescending(m => m.CreatedAt)
                    .Select(m => m.Text.Length > 140 ? m.Text.Substring(0, 140) : m.Text)
                    .FirstOrDefault(),
                c.Tags.OrderBy(t => t.Tag).Select(t => t.Tag).ToList(),
                Insights.TextSignalRules.Names(c.Signals)))
            .AsSplitQuery();
}
