using Hamdel.Server.Features.Surveys;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Events;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Features.Insights;

/// <summary>Reads the comment of every survey answer after it is stored (and again when the customer changes it).</summary>
internal sealed class SurveyCommentAnalysisHandler(HamdelDbContext db, TextInsights insights, WorkspaceTaxonomies taxonomies, EventOutbox events) : IEventHandler
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
            await insights.RecordAsync(answered.WorkspaceId, InsightSubject.SurveyComment, answered.AnswerId, comment, version, taxonomy, cancellationToken);
            events.Publish(new TextsAnalyzed(answered.WorkspaceId, InsightSubject.SurveyComment, [answered.AnswerId]));
            return await db.SaveChangesAsync(cancellationToken);
        });
    }
}
