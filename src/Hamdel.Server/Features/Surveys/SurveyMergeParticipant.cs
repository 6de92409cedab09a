using Hamdel.Server.Features.Customers;
using Hamdel.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Features.Surveys;

/// <summary>A merged customer's survey answers, invitations, follow-ups, tracked events and opt-out become the survivor's.</summary>
internal sealed class SurveyMergeParticipant : ICustomerMergeParticipant
{
    public async Task<string?> MoveAsync(HamdelDbContext db, Guid workspaceId, Guid mergedId, Guid survivorId, CancellationToken cancellationToken)
    {
        var answers = await db.SurveyAnswers.Where(a => a.WorkspaceId == workspaceId && a.CustomerId == mergedId)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.CustomerId, survivorId), cancellationToken);
        await db.SurveyInvitations.Where(i => i.WorkspaceId == workspaceId && i.CustomerId == mergedId)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.CustomerId, survivorId), cancellationToken);
        await db.FollowUpCases.Where(c => c.WorkspaceId == workspaceId && c.CustomerId == mergedId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.CustomerId, survivorId), cancellationToken);
        await db.TrackedEvents.Where(e => e.WorkspaceId == workspaceId && e.CustomerId == mergedId)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.CustomerId, survivorId), cancellationToken);
        // Either of them not wanting surveys means the person does not.
        if (await db.SurveyOptOuts.AnyAsync(o => o.WorkspaceId == workspaceId && o.CustomerId == survivorId, cancellationToken))
        {
            await db.SurveyOptOuts.Where(o => o.WorkspaceId == workspaceId && o.CustomerId == mergedId).ExecuteDeleteAsync(cancellationToken);
        }
        else
        {
            await db.SurveyOptOuts.Where(o => o.WorkspaceId == workspaceId && o.CustomerId == mergedId)
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.CustomerId, survivorId), cancellationToken);
        }
        return answers == 0 ? null : Strings.Format("Merge.SurveyAnswers", answers);
    }
}

/// <summary>Survey answers on the customer's timeline, with their follow-up case when one was opened.</summary>
internal sealed class SurveyTimelineSource : ITimelineSource
{
    public async Task<IReadOnlyList<TimelineItem>> ItemsAsync(HamdelDbContext db, Guid workspaceId, Guid customerId, int limit, CancellationToken cancellationToken)
    {
        var rows = await db.SurveyAnswers.AsNoTracking()
            .Where(a => a.WorkspaceId == workspaceId && a.CustomerId == customerId)
            .OrderByDescending(a => a.AnsweredAt).Take(limit)
            .Select(a => new
            {
                a.Id,
                a.AnsweredAt,
                a.Score,
                a.Comment,
                a.Source,
                a.ConversationId,
                Survey = db.Surveys.Where(s => s.Id == a.SurveyId).Select(s => s.Name).First(),
                Definition = db.SurveyVersions.Where(v => v.SurveyId == a.SurveyId && v.Number == a.SurveyVersion).Select(v => v.Definition).First(),
                Touchpoint = db.Touchpoints.Where(t => t.Id == a.TouchpointId).Select(t => t.Name).First(),
                Case = db.FollowUpCases.Where(c => c.AnswerId == a.Id).Select(c => new { c.Id, c.Status }).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        var ids = rows.Select(a => a.Id).ToList();
        var readings = await db.TextInsights.AsNoTracking()
            .Where(i => i.WorkspaceId == workspaceId && i.Subject == Insights.InsightSubject.SurveyComment && ids.Contains(i.SubjectId))
            .ToDictionaryAsync(i => i.SubjectId, cancellationToken);
        return [.. rows.Select(a =>
        {
            var definition = SurveyDefinition.Parse(a.Definition);
            return new TimelineItem(a.AnsweredAt, "survey", a.Id, a.Survey, a.Comment, new Dictionary<string, string?>(Insights.TextInsight.TimelineData(readings.GetValueOrDefault(a.Id)))
            {
                ["type"] = definition.Type.ToString(),
                ["score"] = a.Score?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["max"] = definition.IsScale ? definition.Max.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
                ["negative"] = a.Score is { } s && definition.IsNegative(s) ? "true" : null,
                ["touchpoint"] = a.Touchpoint,
                ["source"] = a.Source.ToString(),
                ["conversationId"] = a.ConversationId?.ToString(),
                ["followUpId"] = a.Case?.Id.ToString(),
                ["followUpStatus"] = a.Case?.Status.ToString(),
            });
        })];
    }
}
