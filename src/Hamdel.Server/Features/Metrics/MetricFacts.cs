using Hamdel.Server.Features.Conversations;
using Hamdel.Server.Features.FollowUps;
using Hamdel.Server.Features.Insights;
using Hamdel.Server.Features.Surveys;
using Hamdel.Server.Infrastructure.Data;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Features.Metrics;

/// <summary>
/// Which source rows to read: the given ids (an update), or the next page in id order after a given
/// id (the rebuild, which walks a whole workspace without ever sending its ids back to the database).
/// </summary>
internal sealed record SourceRows(IReadOnlyCollection<Guid>? Ids, Guid? After, int Take, Guid? Until = null)
{
    public static SourceRows Of(IReadOnlyCollection<Guid> ids) => new(ids, null, 0);

    public static SourceRows Page(Guid? after, int take) => new(null, after, take);

    /// <summary>
    /// The page as read, up to its last id: what the lookups that follow (tags, readings) ask for.
    /// Running the page's LIMIT again could shift its window if a row started to count in between.
    /// </summary>
    public SourceRows Through(Guid last) => Ids is null ? this with { Until = last } : this;

    /// <summary>Narrows an entity set (whose key is <c>Id</c>) to these rows.</summary>
    public IQueryable<T> Pick<T>(IQueryable<T> rows) where T : class
    {
        if (Ids is { } ids)
        {
            return rows.Where(r => ids.Contains(EF.Property<Guid>(r, "Id")));
        }
        // Two shapes rather than "after is null or id > after": that form is not sargable, and every
        // page would scan and sort the whole workspace (quadratic in its size).
        if (After is { } after)
        {
            rows = rows.Where(r => EF.Property<Guid>(r, "Id").CompareTo(after) > 0);
        }
        if (Until is { } until)
        {
            return rows.Where(r => EF.Property<Guid>(r, "Id").CompareTo(until) <= 0);
        }
        return rows.OrderBy(r => EF.Property<Guid>(r, "Id")).Take(Take);
    }

    /// <summary>A page keeps its id order through the joins that follow <see cref="Pick"/>, so its last row says where the next begins.</summary>
    public IQueryable<T> Ordered<T>(IQueryable<T> rows, Expression<Func<T, Guid>> id) => Ids is null ? rows.OrderBy(id) : rows;
}

/// <summary>The facts of some source rows, and (for a page) the id of the last row read, or null when none was left.</summary>
internal sealed record FactPage(List<MetricFact> Facts, Guid? Last);

/// <summary>The settings a workspace's facts are computed with.</summary>
internal sealed record FactSettings(TimeZoneInfo TimeZone, int RepeatContactDays)
{
    public int DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, TimeZone).DateTime).DayNumber;
}

/// <summary>
/// Reads source rows and says what facts they count for now: the one definition of every family,
/// used alike by the incremental updates and by the rebuild.
/// </summary>
internal sealed class MetricFacts(HamdelDbContext db)
{
    private readonly Dictionary<(Guid Survey, int Version), QuestionType> _types = [];

    public async Task<FactPage> ForAnswersAsync(Guid workspaceId, SourceRows which, FactSettings settings, CancellationToken cancellationToken)
    {
        var answers = db.SurveyAnswers.AsNoTracking().Where(a => a.WorkspaceId == workspaceId && a.Score != null);
        var rows = await which.Ordered(which.Pick(answers)
            .Join(db.Surveys, a => a.SurveyId, s => s.Id, (a, s) => new
            {
                a.Id, a.SurveyId, a.SurveyVersion, a.TouchpointId, a.ChannelId, a.TeamId, a.AgentId, a.Group, a.Language, a.Score, a.AnsweredAt, a.CustomerId, s.Kind,
            }), r => r.Id)
            .ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            return new([], null);
        }
        await LoadTypesAsync(rows.Select(r => (r.SurveyId, r.SurveyVersion)), cancellationToken);
        var read = which.Through(rows[^1].Id).Pick(answers);
        var tags = rows.Any(r => r.CustomerId is not null) ? await TagsAsync(workspaceId, read.Select(a => a.CustomerId), cancellationToken) : [];
        var insights = await InsightsAsync(workspaceId, InsightSubject.SurveyComment, read.Select(a => a.Id), cancellationToken);
        var teams = rows.Any(r => r.Kind == SurveyKind.Pulse)
            ? await db.Teams.AsNoTracking().Where(t => t.WorkspaceId == workspaceId).ToDictionaryAsync(t => t.Name, t => t.Id, StringComparer.Ordinal, cancellationToken)
            : [];
        var facts = new List<MetricFact>(rows.Count);
        foreach (var r in rows)
        {
            var family = (r.Kind, _types[(r.SurveyId, r.SurveyVersion)]) switch
            {
                (SurveyKind.Customer, QuestionType.Nps) => MetricFamily.Nps,
                (SurveyKind.Customer, QuestionType.Csat) => MetricFamily.Csat,
                (SurveyKind.Customer, QuestionType.Ces) => MetricFamily.Ces,
                (SurveyKind.Pulse, QuestionType.Nps) => MetricFamily.Enps,
                _ => (MetricFamily?)null,
            };
            if (family is not { } f)
            {
                continue;
            }
            if (f == MetricFamily.Enps)
            {
                // A pulse answer knows only its survey, group (team) and day.
                facts.Add(new MetricFact
                {
                    WorkspaceId = workspaceId, Family = f, SourceId = r.Id, Day = settings.DayOf(r.AnsweredAt), SurveyId = r.SurveyId,
                    TeamId = r.Group is not null && teams.TryGetValue(r.Group, out var team) ? team : null, Value = r.Score!.Value,
                });
                continue;
            }
            var insight = insights.GetValueOrDefault(r.Id);
            facts.Add(new MetricFact
            {
                WorkspaceId = workspaceId, Family = f, SourceId = r.Id, Day = settings.DayOf(r.AnsweredAt),
                SurveyId = r.SurveyId, TouchpointId = r.TouchpointId, ChannelId = r.ChannelId, TeamId = r.TeamId, AgentId = r.AgentId,
                Language = r.Language, Sentiment = insight.Sentiment, Topics = insight.Topics ?? "",
                Tags = r.CustomerId is { } c ? tags.GetValueOrDefault(c, "") : "", Value = r.Score!.Value,
            });
        }
        return new(facts, rows[^1].Id);
    }

    public async Task<FactPage> ForInvitationsAsync(Guid workspaceId, SourceRows which, FactSettings settings, CancellationToken cancellationToken)
    {
        var invitations = db.SurveyInvitations.AsNoTracking().Where(i => i.WorkspaceId == workspaceId && i.SentAt != null);
        var rows = await which.Ordered(which.Pick(invitations)
            .Select(i => new { i.Id, i.SurveyId, i.TouchpointId, i.ChannelId, i.TeamId, i.AgentId, i.Language, i.CustomerId, i.SentAt, i.AnsweredAt }), r => r.Id)
            .ToListAsync(cancellationToken);
        var tags = rows.Any(r => r.CustomerId is not null) ? await TagsAsync(workspaceId, which.Through(rows[^1].Id).Pick(invitations).Select(i => i.CustomerId), cancellationToken) : [];
        return new([.. rows.Select(r => new MetricFact
        {
            WorkspaceId = workspaceId, Family = MetricFamily.Invitation, SourceId = r.Id, Day = settings.DayOf(r.SentAt!.Value),
            SurveyId = r.SurveyId, TouchpointId = r.TouchpointId, ChannelId = r.ChannelId, TeamId = r.TeamId, AgentId = r.AgentId,
            Language = r.Language, Tags = r.CustomerId is { } c ? tags.GetValueOrDefault(c, "") : "", Value = r.AnsweredAt is null ? 0 : 1,
        })], rows.Count == 0 ? null : rows[^1].Id);
    }

    public async Task<FactPage> ForConversationsAsync(Guid workspaceId, SourceRows which, FactSettings settings, CancellationToken cancellationToken)
    {
        var window = TimeSpan.FromDays(settings.RepeatContactDays);
        var conversations = db.Conversations.AsNoTracking().Where(c => c.WorkspaceId == workspaceId);
        var rows = await which.Ordered(Opening(which.Pick(conversations))
            .Select(x => new
            {
                x.Conversation.Id, x.Conversation.CustomerId, x.Conversation.ChannelId, x.Conversation.TeamId, x.Conversation.AssigneeId, x.Conversation.Language,
                x.Conversation.Status, x.Conversation.CreatedAt, x.Conversation.FirstResponseAt, x.Conversation.ResolvedAt, x.Conversation.ReopenCount,
                x.Conversation.ReassignmentCount, x.Conversation.TeamTransferCount, x.Conversation.AgentReplyCount, x.Opening,
            }), r => r.Id)
            .ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            return new([], null);
        }
        var read = which.Through(rows[^1].Id).Pick(conversations);
        var customers = read.Select(c => c.CustomerId);
        var tags = await TagsAsync(workspaceId, customers.Select(c => (Guid?)c), cancellationToken);
        var insights = await InsightsAsync(workspaceId, InsightSubject.Message, Opening(read).Where(x => x.Opening != null).Select(x => x.Opening!.Value), cancellationToken);
        // A repeat contact: the same customer started another conversation in the window before this one.
        var earliest = rows.Min(r => r.CreatedAt) - window;
        var latest = rows.Max(r => r.CreatedAt);
        var others = (await db.Conversations.AsNoTracking()
                .Where(c => c.WorkspaceId == workspaceId && customers.Contains(c.CustomerId) && c.CreatedAt >= earliest && c.CreatedAt <= latest)
                .Select(c => new { c.Id, c.CustomerId, c.CreatedAt })
                .ToListAsync(cancellationToken))
            .ToLookup(c => c.CustomerId);

        var facts = new List<MetricFact>(rows.Count * 6);
        foreach (var r in rows)
        {
            var insight = r.Opening is { } opening ? insights.GetValueOrDefault(opening) : default;
            MetricFact Fact(MetricFamily family, DateTimeOffset at, long value) => new()
            {
                WorkspaceId = workspaceId, Family = family, SourceId = r.Id, Day = settings.DayOf(at),
                ChannelId = r.ChannelId, TeamId = r.TeamId, AgentId = r.AssigneeId, Language = r.Language,
                Sentiment = insight.Sentiment, Topics = insight.Topics ?? "", Tags = tags.GetValueOrDefault(r.CustomerId, ""), Value = value,
            };
            facts.Add(Fact(MetricFamily.BacklogIn, r.CreatedAt, 1));
            var repeat = others[r.CustomerId].Any(o => o.Id != r.Id && o.CreatedAt >= r.CreatedAt - window
                && (o.CreatedAt < r.CreatedAt || (o.CreatedAt == r.CreatedAt && o.Id.CompareTo(r.Id) < 0)));
            facts.Add(Fact(MetricFamily.RepeatContact, r.CreatedAt, repeat ? 1 : 0));
            if (r.FirstResponseAt is { } first)
            {
                facts.Add(Fact(MetricFamily.FirstResponse, first, Seconds(r.CreatedAt, first)));
            }
            if (r.Status is ConversationStatus.Resolved or ConversationStatus.Closed && r.ResolvedAt is { } resolved)
            {
                facts.Add(Fact(MetricFamily.Resolution, resolved, Seconds(r.CreatedAt, resolved)));
                facts.Add(Fact(MetricFamily.Fcr, resolved, r.ReopenCount == 0 && r.ReassignmentCount == 0 && r.TeamTransferCount == 0 ? 1 : 0));
                facts.Add(Fact(MetricFamily.Reopen, resolved, r.ReopenCount > 0 ? 1 : 0));
                facts.Add(Fact(MetricFamily.Transfers, resolved, r.ReassignmentCount + r.TeamTransferCount));
                facts.Add(Fact(MetricFamily.Replies, resolved, r.AgentReplyCount));
                facts.Add(Fact(MetricFamily.BacklogOut, resolved, 1));
            }
            else
            {
                facts.Add(Fact(MetricFamily.OpenAge, r.CreatedAt, 1));
            }
        }
        return new(facts, rows[^1].Id);
    }

    /// <summary>Each conversation with its opening message: the first inbound one (whose reading gives the conversation's sentiment and topics).</summary>
    private IQueryable<ConversationWithOpening> Opening(IQueryable<Conversation> conversations) => conversations.Select(c => new ConversationWithOpening
    {
        Conversation = c,
        Opening = db.Messages.Where(m => m.ConversationId == c.Id && m.Direction == MessageDirection.Inbound).OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).Select(m => (Guid?)m.Id).FirstOrDefault(),
    });

    /// <summary>A member-initialised shape (not a constructor), so EF can compose queries over its members.</summary>
    private sealed class ConversationWithOpening
    {
        public required Conversation Conversation { get; init; }
        public Guid? Opening { get; init; }
    }

    public async Task<FactPage> ForFollowUpsAsync(Guid workspaceId, SourceRows which, FactSettings settings, CancellationToken cancellationToken)
    {
        var cases = db.FollowUpCases.AsNoTracking().Where(c => c.WorkspaceId == workspaceId);
        var rows = await which.Ordered(which.Pick(cases)
            .GroupJoin(db.SurveyAnswers, c => c.AnswerId, a => a.Id, (c, answers) => new { Case = c, answers })
            .SelectMany(x => x.answers.DefaultIfEmpty(), (x, a) => new
            {
                x.Case.Id, x.Case.AnswerId, x.Case.SurveyId, x.Case.TeamId, x.Case.OwnerUserId, x.Case.CustomerId, x.Case.Status, x.Case.CreatedAt, x.Case.ContactedAt,
                TouchpointId = a == null ? (Guid?)null : a.TouchpointId, ChannelId = a == null ? null : a.ChannelId, Language = a == null ? null : a.Language,
            }), r => r.Id)
            .ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            return new([], null);
        }
        var read = which.Through(rows[^1].Id).Pick(cases);
        var tags = rows.Any(r => r.CustomerId is not null) ? await TagsAsync(workspaceId, read.Select(c => c.CustomerId), cancellationToken) : [];
        var insights = await InsightsAsync(workspaceId, InsightSubject.SurveyComment, read.Select(c => c.AnswerId), cancellationToken);
        var facts = new List<MetricFact>(rows.Count * 2);
        foreach (var r in rows)
        {
            var insight = insights.GetValueOrDefault(r.AnswerId);
            MetricFact Fact(MetricFamily family, long value) => new()
            {
                WorkspaceId = workspaceId, Family = family, SourceId = r.Id, Day = settings.DayOf(r.CreatedAt),
                SurveyId = r.SurveyId, TouchpointId = r.TouchpointId, ChannelId = r.ChannelId, TeamId = r.TeamId, AgentId = r.OwnerUserId,
                Language = r.Language, Sentiment = insight.Sentiment, Topics = insight.Topics ?? "",
                Tags = r.CustomerId is { } c ? tags.GetValueOrDefault(c, "") : "", Value = value,
            };
            facts.Add(Fact(MetricFamily.LoopClosure, r.Status is FollowUpStatus.Resolved or FollowUpStatus.WontFix ? 1 : 0));
            if (r.ContactedAt is { } contacted)
            {
                facts.Add(Fact(MetricFamily.TimeToContact, Seconds(r.CreatedAt, contacted)));
            }
        }
        return new(facts, rows[^1].Id);
    }

    public Task<FactPage> ForAsync(MetricSource source, Guid workspaceId, SourceRows which, FactSettings settings, CancellationToken cancellationToken) => source switch
    {
        MetricSource.Answer => ForAnswersAsync(workspaceId, which, settings, cancellationToken),
        MetricSource.Invitation => ForInvitationsAsync(workspaceId, which, settings, cancellationToken),
        MetricSource.Conversation => ForConversationsAsync(workspaceId, which, settings, cancellationToken),
        _ => ForFollowUpsAsync(workspaceId, which, settings, cancellationToken),
    };

    private static long Seconds(DateTimeOffset from, DateTimeOffset to) => Math.Max(0, (long)Math.Floor((to - from).TotalSeconds));

    private async Task LoadTypesAsync(IEnumerable<(Guid Survey, int Version)> keys, CancellationToken cancellationToken)
    {
        var missing = keys.Distinct().Where(k => !_types.ContainsKey(k)).ToList();
        if (missing.Count == 0)
        {
            return;
        }
        var surveys = missing.Select(k => k.Survey).Distinct().ToList();
        foreach (var v in await db.SurveyVersions.AsNoTracking().Where(v => surveys.Contains(v.SurveyId)).Select(v => new { v.SurveyId, v.Number, v.Definition }).ToListAsync(cancellationToken))
        {
            _types[(v.SurveyId, v.Number)] = SurveyDefinition.Parse(v.Definition).Type;
        }
    }

    /// <summary>
    /// Each customer's tags in the fact form (" a b "), for the customers the query names. The ids
    /// stay in the database (a subquery), as thousands of them sent back as parameters cost more than the lookup.
    /// </summary>
    private async Task<Dictionary<Guid, string>> TagsAsync(Guid workspaceId, IQueryable<Guid?> customerIds, CancellationToken cancellationToken)
    {
        var rows = await db.CustomerTags.AsNoTracking().Where(t => t.WorkspaceId == workspaceId && customerIds.Contains(t.CustomerId))
            .Select(t => new { t.CustomerId, t.Tag }).ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.CustomerId).ToDictionary(g => g.Key, g => Join(g.Select(r => r.Tag)));
    }

    /// <summary>The sentiment and topics of the texts the query names (a subquery, as for <see cref="TagsAsync"/>).</summary>
    private async Task<Dictionary<Guid, (string? Sentiment, string? Topics)>> InsightsAsync(Guid workspaceId, InsightSubject subject, IQueryable<Guid> ids, CancellationToken cancellationToken)
    {
        var rows = await db.TextInsights.AsNoTracking()
            .Where(i => i.WorkspaceId == workspaceId && i.Subject == subject && ids.Contains(i.SubjectId))
            .Select(i => new { i.SubjectId, i.Sentiment, i.Topics })
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.SubjectId, r => ((string?)r.Sentiment.ToString().ToLowerInvariant(), (string?)Join(TextInsight.SplitTopics(r.Topics))));
    }

    /// <summary>Values in the fact form: sorted, space-separated, a space at each end; empty for none.</summary>
    public static string Join(IEnumerable<string> values)
    {
        var sorted = values.Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return sorted.Count == 0 ? "" : " " + string.Join(' ', sorted) + " ";
    }

    public static IEnumerable<string> Split(string values) => values.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
