using System.Globalization;
using Hamdel.Server.Features.Workspaces;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Errors;
using Hamdel.Server.Infrastructure.Paging;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Features.Surveys;

public sealed record AnswerDto(
    Guid Id, Guid SurveyId, string SurveyName, int SurveyVersion, QuestionType QuestionType, Guid TouchpointId, string Touchpoint,
    Guid? CustomerId, string? CustomerName, Guid? ChannelId, Guid? ConversationId, Guid? AgentId, Guid? TeamId,
    string Language, AnswerSource Source, int? Score, string? Choices, string? Comment, bool WantsContact,
    DateTimeOffset AnsweredAt, Guid? FollowUpCaseId, Conversations.MessageAnalysis? Analysis);

public sealed record InvitationDto(
    Guid Id, Guid SurveyId, string SurveyName, Guid? CustomerId, string? CustomerName, string? Email, string Language, Guid? ConversationId,
    InvitationStatus Status, string? Reason, DateTimeOffset SendAt, DateTimeOffset? SentAt, DateTimeOffset ExpiresAt, DateTimeOffset? AnsweredAt, DateTimeOffset CreatedAt);

/// <summary>A group's result; <see cref="Score"/> is null when <see cref="Hidden"/> (too few answers to show without identifying anyone).</summary>
public sealed record ResultGroup(string Name, int Answers, double? Score, bool Hidden);

/// <summary>
/// A survey's result: NPS (promoters − detractors, in points) for NPS questions, the mean score
/// otherwise. For a pulse survey every group under <see cref="SurveyReports.MinimumGroup"/> answers is
/// hidden, the total too, and comments are shown only for the whole survey when it is large enough.
/// </summary>
public sealed record SurveyResults(Guid SurveyId, SurveyKind Kind, QuestionType QuestionType, int Answers, double? Score, bool Hidden, IReadOnlyList<ResultGroup> Groups, IReadOnlyList<string> Comments);

/// <summary>Lists of answers and invitations with filters, and results. Pulse answers are only ever aggregated.</summary>
internal sealed class SurveyReports(HamdelDbContext db)
{
    /// <summary>The anonymity threshold of pulse surveys (docs/adr/0008).</summary>
    public const int MinimumGroup = 5;

    internal sealed record AnswerFilter(
        Guid? SurveyId = null, Guid? TouchpointId = null, Guid? ChannelId = null, Guid? TeamId = null, Guid? AgentId = null, Guid? CustomerId = null,
        int? MinScore = null, int? MaxScore = null, DateTimeOffset? From = null, DateTimeOffset? To = null, bool? HasComment = null, AnswerSource? Source = null);

    public async Task<Outcome<Page<AnswerDto>>> AnswersAsync(CurrentMember actor, AnswerFilter filter, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var parsed = PageRequest.Parse(cursor, limit);
        if (parsed.Failure is { } invalid)
        {
            return invalid;
        }
        var page = parsed.Value;
        var query = db.SurveyAnswers.AsNoTracking()
            .Where(a => a.WorkspaceId == actor.WorkspaceId)
            // Pulse answers never leave as rows: only results, which hide small groups.
            .Join(db.Surveys.Where(s => s.Kind == SurveyKind.Customer), a => a.SurveyId, s => s.Id, (a, s) => a);
        if (filter.SurveyId is { } survey) { query = query.Where(a => a.SurveyId == survey); }
        if (filter.TouchpointId is { } touchpoint) { query = query.Where(a => a.TouchpointId == touchpoint); }
        if (filter.ChannelId is { } channel) { query = query.Where(a => a.ChannelId == channel); }
        if (filter.TeamId is { } team) { query = query.Where(a => a.TeamId == team); }
        if (filter.AgentId is { } agent) { query = query.Where(a => a.AgentId == agent); }
        if (filter.CustomerId is { } customer) { query = query.Where(a => a.CustomerId == customer); }
        if (filter.MinScore is { } min) { query = query.Where(a => a.Score >= min); }
        if (filter.MaxScore is { } max) { query = query.Where(a => a.Score <= max); }
        if (filter.From is { } from) { query = query.Where(a => a.AnsweredAt >= from); }
        if (filter.To is { } to) { query = query.Where(a => a.AnsweredAt < to); }
        if (filter.HasComment is { } hasComment) { query = hasComment ? query.Where(a => a.Comment != null) : query.Where(a => a.Comment == null); }
        if (filter.Source is { } source) { query = query.Where(a => a.Source == source); }
        if (page.Text is { } text)
        {
            var parts = text.Split('|');
            if (parts.Length != 2 || !long.TryParse(parts[0], CultureInfo.InvariantCulture, out var ticks) || !Guid.TryParse(parts[1], out var afterId))
            {
                return Failure.Invalid("cursor", Strings.Get("Error.Cursor"));
            }
            var at = new DateTimeOffset(ticks, TimeSpan.Zero);
            query = query.Where(a => a.AnsweredAt < at || (a.AnsweredAt == at && a.Id.CompareTo(afterId) < 0));
        }
        var rows = await query.OrderByDescending(a => a.AnsweredAt).ThenByDescending(a => a.Id).Take(page.Limit + 1)
            .Select(a => new
            {
                Answer = a,
                Survey = db.Surveys.Where(s => s.Id == a.SurveyId).Select(s => s.Name).First(),
                Definition = db.SurveyVersions.Where(v => v.SurveyId == a.SurveyId && v.Number == a.SurveyVersion).Select(v => v.Definition).First(),
                Touchpoint = db.Touchpoints.Where(t => t.Id == a.TouchpointId).Select(t => t.Name).First(),
                Customer = db.Customers.Where(c => c.Id == a.CustomerId).Select(c => c.DisplayName).FirstOrDefault(),
                Case = db.FollowUpCases.Where(c => c.AnswerId == a.Id).Select(c => (Guid?)c.Id).FirstOrDefault(),
                Analysis = db.TextInsights.Where(i => i.Subject == Insights.InsightSubject.SurveyComment && i.SubjectId == a.Id)
                    .Select(Insights.TextInsight.ToAnalysis)
                    .FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        return page.ToPage(rows, r => $"{r.Answer.AnsweredAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}|{r.Answer.Id}", r => new AnswerDto(
            r.Answer.Id, r.Answer.SurveyId, r.Survey, r.Answer.SurveyVersion, SurveyDefinition.Parse(r.Definition).Type, r.Answer.TouchpointId, r.Touchpoint,
            r.Answer.CustomerId, r.Customer, r.Answer.ChannelId, r.Answer.ConversationId, r.Answer.AgentId, r.Answer.TeamId, r.Answer.Language, r.Answer.Source,
            r.Answer.Score, r.Answer.Choices, r.Answer.Comment, r.Answer.WantsContact, r.Answer.AnsweredAt, r.Case, r.Analysis));
    }

    public async Task<Outcome<Page<InvitationDto>>> InvitationsAsync(CurrentMember actor, Guid? surveyId, InvitationStatus? status, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var parsed = PageRequest.Parse(cursor, limit);
        if (parsed.Failure is { } invalid)
        {
            return invalid;
        }
        var page = parsed.Value;
        if (page.Cursor is not null && page.AfterId is null)
        {
            return Failure.Invalid("cursor", Strings.Get("Error.Cursor"));
        }
        var query = db.SurveyInvitations.AsNoTracking().Where(i => i.WorkspaceId == actor.WorkspaceId)
            .Join(db.Surveys, i => i.SurveyId, s => s.Id, (i, s) => new { Invitation = i, Survey = s });
        if (surveyId is { } id) { query = query.Where(x => x.Invitation.SurveyId == id); }
        if (status is { } st) { query = query.Where(x => x.Invitation.Status == st); }
        if (page.AfterId is { } after) { query = query.Where(x => x.Invitation.CreatedAt < db.SurveyInvitations.Where(i => i.Id == after).Select(i => i.CreatedAt).First()); }
        var rows = await query.OrderByDescending(x => x.Invitation.CreatedAt).ThenBy(x => x.Invitation.Id).Take(page.Limit + 1)
            .Select(x => new { x.Invitation, x.Survey.Name, x.Survey.Kind, Customer = db.Customers.Where(c => c.Id == x.Invitation.CustomerId).Select(c => c.DisplayName).FirstOrDefault() })
            .ToListAsync(cancellationToken);
        return page.ToPage(rows, r => r.Invitation.Id.ToString(), r =>
        {
            var i = r.Invitation;
            // A pulse invitation names no one, not even while it waits to be sent.
            var pulse = r.Kind == SurveyKind.Pulse;
            return new InvitationDto(i.Id, i.SurveyId, r.Name, i.CustomerId, r.Customer, pulse ? null : i.Email, i.Language, i.ConversationId, i.Status,
                i.LastError, i.SendAt, i.SentAt, i.ExpiresAt, pulse ? null : i.AnsweredAt, i.CreatedAt);
        });
    }

    public async Task<Outcome<SurveyResults>> ResultsAsync(CurrentMember actor, Guid surveyId, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken)
    {
        var survey = await db.Surveys.AsNoTracking().SingleOrDefaultAsync(s => s.Id == surveyId && s.WorkspaceId == actor.WorkspaceId, cancellationToken);
        if (survey is null)
        {
            return Failure.NotFound(Strings.Get("Survey.NotFound"));
        }
        var definition = SurveyDefinition.Parse(await db.SurveyVersions.Where(v => v.SurveyId == surveyId && v.Number == survey.CurrentVersion).Select(v => v.Definition).SingleAsync(cancellationToken));
        var query = db.SurveyAnswers.AsNoTracking().Where(a => a.SurveyId == surveyId);
        if (from is { } f) { query = query.Where(a => a.AnsweredAt >= f); }
        if (to is { } t) { query = query.Where(a => a.AnsweredAt < t); }
        var pulse = survey.Kind == SurveyKind.Pulse;
        var touchpoints = await db.Touchpoints.Where(tp => tp.WorkspaceId == actor.WorkspaceId).ToDictionaryAsync(tp => tp.Id, tp => tp.Name, cancellationToken);
        var rows = (await query.Select(a => new { a.Score, a.Comment, a.Group, a.TouchpointId }).ToListAsync(cancellationToken))
            .Select(a => new { a.Score, a.Comment, Group = pulse ? a.Group : touchpoints.GetValueOrDefault(a.TouchpointId) })
            .ToList();
        var scores = rows.Where(r => r.Score is not null).Select(r => r.Score!.Value).ToList();
        var hiddenTotal = pulse && rows.Count < MinimumGroup;
        var groups = rows.GroupBy(r => r.Group ?? "—")
            .Select(g =>
            {
                var hidden = pulse && g.Count() < MinimumGroup;
                return new ResultGroup(g.Key, g.Count(), hidden ? null : Score(definition, [.. g.Where(r => r.Score is not null).Select(r => r.Score!.Value)]), hidden);
            })
            .OrderByDescending(g => g.Answers).ToList();
        IReadOnlyList<string> comments = hiddenTotal ? [] : [.. rows.Select(r => r.Comment).OfType<string>().Order(StringComparer.Ordinal).Take(200)];
        return new SurveyResults(survey.Id, survey.Kind, definition.Type, rows.Count, hiddenTotal ? null : Score(definition, scores), hiddenTotal, groups, comments);
    }

    internal static double? Score(SurveyDefinition definition, IReadOnlyList<int> scores)
    {
        if (scores.Count == 0 || !definition.IsScale)
        {
            return null;
        }
        if (definition.Type == QuestionType.Nps)
        {
            var promoters = scores.Count(s => s >= 9);
            var detractors = scores.Count(s => s <= 6);
            return Math.Round(100.0 * (promoters - detractors) / scores.Count, 1);
        }
        return Math.Round(scores.Average(), 2);
    }
}
