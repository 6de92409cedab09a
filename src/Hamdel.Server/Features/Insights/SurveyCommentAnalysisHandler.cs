using Hamdel.Server.Features.Surveys;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Events;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Features.Insights;

/// <summary>
/// Reads the comment of every survey answer after it is stored (and again when the customer changes
/// it). A comment that asks to be contacted ("please call me") opens a follow-up case, as ticking
/// "contact me" on the page does.
/// </summary>
internal sealed class SurveyCommentAnalysisHandler(HamdelDbContext db, TextInsights insights, WorkspaceTaxonomies taxonomies, FollowUps.FollowUpOpener followUps, EventOutbox events) : IEventHandler
{
    public IReadOnlyCollection<string> EventTypes { get; } = [SurveyAnswered.Name];

    public async Task HandleAsync(OutboxEvent domainEvent, CancellationToken cancellationToken)
    {
        var answered = DomainEventJson.Deserialize<SurveyAnswered>(domainEvent);
        var comment = await db.SurveyAnswers.AsNoTracking()
            .Where(a => a.Id == answered.AnswerId && a.WorkspaceId == answered.WorkspaceId)
            .Select(a => a.Comment).SingleOrDefaultAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(comment))
        {
            return;
        }
        var (version, taxonomy) = await taxonomies.GetAsync(db, answered.WorkspaceId, cancellationToken);
        await Concurrency.RetryAsync(db, async () =>
        {
            var insight = await insights.RecordAsync(answered.WorkspaceId, InsightSubject.SurveyComment, answered.AnswerId, comment, version, taxonomy, cancellationToken);
            if (insight.Signals.HasFlag(TextSignals.WantsContact))
            {
                var answer = await db.SurveyAnswers.AsNoTracking().SingleAsync(a => a.Id == answered.AnswerId, cancellationToken);
                var survey = await db.Surveys.AsNoTracking().SingleAsync(s => s.Id == answer.SurveyId, cancellationToken);
                var definition = SurveyDefinition.Parse(await db.SurveyVersions.Where(v => v.SurveyId == survey.Id && v.Number == answer.SurveyVersion)
                    .Select(v => v.Definition).SingleAsync(cancellationToken));
                await followUps.OpenIfWantedAsync(survey, definition, answer, cancellationToken, commentAsksForContact: true);
            }
            events.Publish(new TextsAnalyzed(answered.WorkspaceId, InsightSubject.SurveyComment, [answered.AnswerId]));
            return await db.SaveChangesAsync(cancellationToken);
        });
    }
}
