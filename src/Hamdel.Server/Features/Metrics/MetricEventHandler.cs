using Hamdel.Server.Features.Conversations;
using Hamdel.Server.Features.Customers;
using Hamdel.Server.Features.FollowUps;
using Hamdel.Server.Features.Insights;
using Hamdel.Server.Features.Surveys;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Events;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Features.Metrics;

/// <summary>
/// Keeps the rollups current as events arrive (after commit, through the outbox): each event names
/// the source rows it touched, and those rows' facts are recomputed. Redelivery is harmless: a fact
/// that has not changed changes nothing.
/// </summary>
internal sealed class MetricEventHandler(HamdelDbContext db, MetricRollups rollups) : IEventHandler
{
    public IReadOnlyCollection<string> EventTypes { get; } =
    [
        ConversationCreated.Name, ConversationAssigned.Name, ConversationStatusChanged.Name, ConversationResolved.Name, ConversationReopened.Name,
        MessageCreated.Name, MessageAnalyzed.Name, SurveyAnswered.Name, SurveyInvitationSent.Name, SurveyAnswersImported.Name,
        FollowUpOpened.Name, FollowUpChanged.Name, CustomerUpdated.Name, CustomerMerged.Name, TextsAnalyzed.Name,
    ];

    public async Task HandleAsync(OutboxEvent domainEvent, CancellationToken cancellationToken)
    {
        var workspace = domainEvent.WorkspaceId;
        switch (domainEvent.Type)
        {
            case ConversationCreated.Name:
                await ConversationAsync(workspace, DomainEventJson.Deserialize<ConversationCreated>(domainEvent).ConversationId, cancellationToken);
                break;
            case ConversationAssigned.Name:
                await ConversationAsync(workspace, DomainEventJson.Deserialize<ConversationAssigned>(domainEvent).ConversationId, cancellationToken);
                break;
            case ConversationStatusChanged.Name:
                await ConversationAsync(workspace, DomainEventJson.Deserialize<ConversationStatusChanged>(domainEvent).ConversationId, cancellationToken);
                break;
            case ConversationResolved.Name:
                await ConversationAsync(workspace, DomainEventJson.Deserialize<ConversationResolved>(domainEvent).ConversationId, cancellationToken);
                break;
            case ConversationReopened.Name:
                await ConversationAsync(workspace, DomainEventJson.Deserialize<ConversationReopened>(domainEvent).ConversationId, cancellationToken);
                break;
            case MessageCreated.Name:
                await ConversationAsync(workspace, DomainEventJson.Deserialize<MessageCreated>(domainEvent).ConversationId, cancellationToken);
                break;
            case MessageAnalyzed.Name:
                await ConversationAsync(workspace, DomainEventJson.Deserialize<MessageAnalyzed>(domainEvent).ConversationId, cancellationToken);
                break;
            case SurveyAnswered.Name:
                await AnswersAsync(workspace, [DomainEventJson.Deserialize<SurveyAnswered>(domainEvent).AnswerId], cancellationToken);
                break;
            case SurveyAnswersImported.Name:
                await AnswersAsync(workspace, DomainEventJson.Deserialize<SurveyAnswersImported>(domainEvent).AnswerIds, cancellationToken);
                break;
            case SurveyInvitationSent.Name:
                await rollups.ReconcileAsync(workspace, MetricSource.Invitation, [DomainEventJson.Deserialize<SurveyInvitationSent>(domainEvent).InvitationId], cancellationToken);
                break;
            case FollowUpOpened.Name:
                await rollups.ReconcileAsync(workspace, MetricSource.FollowUp, [DomainEventJson.Deserialize<FollowUpOpened>(domainEvent).CaseId], cancellationToken);
                break;
            case FollowUpChanged.Name:
                await rollups.ReconcileAsync(workspace, MetricSource.FollowUp, [DomainEventJson.Deserialize<FollowUpChanged>(domainEvent).CaseId], cancellationToken);
                break;
            case CustomerUpdated.Name:
                await CustomerAsync(workspace, DomainEventJson.Deserialize<CustomerUpdated>(domainEvent).CustomerId, cancellationToken);
                break;
            case CustomerMerged.Name:
                await CustomerAsync(workspace, DomainEventJson.Deserialize<CustomerMerged>(domainEvent).SurvivorId, cancellationToken);
                break;
            case TextsAnalyzed.Name:
                var analyzed = DomainEventJson.Deserialize<TextsAnalyzed>(domainEvent);
                if (analyzed.Subject == InsightSubject.SurveyComment)
                {
                    await AnswersAsync(workspace, analyzed.SubjectIds, cancellationToken);
                }
                else
                {
                    var ids = analyzed.SubjectIds.ToList();
                    var conversations = await db.Messages.AsNoTracking().Where(m => m.WorkspaceId == workspace && ids.Contains(m.Id))
                        .Select(m => m.ConversationId).Distinct().ToListAsync(cancellationToken);
                    await rollups.ReconcileAsync(workspace, MetricSource.Conversation, conversations, cancellationToken);
                }
                break;
        }
    }

    private Task ConversationAsync(Guid workspace, Guid conversationId, CancellationToken cancellationToken) =>
        rollups.ReconcileAsync(workspace, MetricSource.Conversation, [conversationId], cancellationToken);

    /// <summary>Answers, and what hangs on them: their invitation (answered now) and follow-up case (the comment's reading).</summary>
    private async Task AnswersAsync(Guid workspace, IReadOnlyList<Guid> answerIds, CancellationToken cancellationToken)
    {
        var ids = answerIds.ToList();
        await rollups.ReconcileAsync(workspace, MetricSource.Answer, ids, cancellationToken);
        var invitations = await db.SurveyAnswers.AsNoTracking().Where(a => a.WorkspaceId == workspace && ids.Contains(a.Id) && a.InvitationId != null)
            .Select(a => a.InvitationId!.Value).ToListAsync(cancellationToken);
        await rollups.ReconcileAsync(workspace, MetricSource.Invitation, invitations, cancellationToken);
        var cases = await db.FollowUpCases.AsNoTracking().Where(c => c.WorkspaceId == workspace && ids.Contains(c.AnswerId)).Select(c => c.Id).ToListAsync(cancellationToken);
        await rollups.ReconcileAsync(workspace, MetricSource.FollowUp, cases, cancellationToken);
    }

    /// <summary>Everything of a customer (tags changed, or another customer merged in).</summary>
    private async Task CustomerAsync(Guid workspace, Guid customerId, CancellationToken cancellationToken)
    {
        await rollups.ReconcileAsync(workspace, MetricSource.Answer,
            await db.SurveyAnswers.AsNoTracking().Where(a => a.WorkspaceId == workspace && a.CustomerId == customerId).Select(a => a.Id).ToListAsync(cancellationToken), cancellationToken);
        await rollups.ReconcileAsync(workspace, MetricSource.Invitation,
            await db.SurveyInvitations.AsNoTracking().Where(i => i.WorkspaceId == workspace && i.CustomerId == customerId).Select(i => i.Id).ToListAsync(cancellationToken), cancellationToken);
        await rollups.ReconcileAsync(workspace, MetricSource.Conversation,
            await db.Conversations.AsNoTracking().Where(c => c.WorkspaceId == workspace && c.CustomerId == customerId).Select(c => c.Id).ToListAsync(cancellationToken), cancellationToken);
        await rollups.ReconcileAsync(workspace, MetricSource.FollowUp,
            await db.FollowUpCases.AsNoTracking().Where(c => c.WorkspaceId == workspace && c.CustomerId == customerId).Select(c => c.Id).ToListAsync(cancellationToken), cancellationToken);
    }
}
