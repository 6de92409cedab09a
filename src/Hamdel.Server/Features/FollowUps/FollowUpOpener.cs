using System.Globalization;
using Hamdel.Server.Features.Surveys;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Events;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Features.FollowUps;

internal sealed record FollowUpOpened(Guid WorkspaceId, Guid CaseId, Guid AnswerId, Guid? CustomerId, Guid? ConversationId, Guid? OwnerUserId, DateTimeOffset DueAt) : IDomainEvent
{
    public const string Name = "followup.opened";
    public string Type => Name;
}

internal sealed record FollowUpChanged(Guid WorkspaceId, Guid CaseId, FollowUpStatus Status, Guid? OwnerUserId) : IDomainEvent
{
    public const string Name = "followup.changed";
    public string Type => Name;
}

/// <summary>
/// The closed-loop rule: an unhappy answer (see <see cref="SurveyDefinition.IsNegative"/>) or a
/// request to be contacted (the page's "contact me", or a comment that asks for it, as the text
/// analysis reads it) opens one case, owned by the lead of the conversation's team (or of the
/// agent's team), else by the survey's configured person, due after the survey's hours.
/// </summary>
internal sealed class FollowUpOpener(HamdelDbContext db, EventOutbox events, TimeProvider time)
{
    public static bool Wanted(Survey survey, SurveyDefinition definition, SurveyAnswer answer, bool commentAsksForContact = false) =>
        survey.FollowUpEnabled && survey.Kind == SurveyKind.Customer && answer.CustomerId is not null
        && (answer.WantsContact || commentAsksForContact || (definition.IsScale && answer.Score is { } score && definition.IsNegative(score)));

    /// <summary>Adds a case for the answer to the unit of work when the rule asks for one and none exists.</summary>
    public async Task<FollowUpCase?> OpenIfWantedAsync(Survey survey, SurveyDefinition definition, SurveyAnswer answer, CancellationToken cancellationToken, bool commentAsksForContact = false)
    {
        if (!Wanted(survey, definition, answer, commentAsksForContact) || await db.FollowUpCases.AnyAsync(c => c.AnswerId == answer.Id, cancellationToken))
        {
            return null;
        }
        var owner = await OwnerAsync(answer, cancellationToken) ?? survey.FollowUpOwnerUserId;
        var now = time.GetUtcNow();
        var reasons = new List<string>();
        if (answer.Score is { } score && definition.IsNegative(score))
        {
            reasons.Add($"{definition.Type.ToString().ToUpperInvariant()} {score.ToString(CultureInfo.InvariantCulture)}");
        }
        if (answer.WantsContact)
        {
            reasons.Add("contact requested");
        }
        else if (commentAsksForContact)
        {
            reasons.Add("comment asks for contact");
        }
        var followUp = new FollowUpCase
        {
            WorkspaceId = answer.WorkspaceId,
            AnswerId = answer.Id,
            SurveyId = answer.SurveyId,
            CustomerId = answer.CustomerId,
            ConversationId = answer.ConversationId,
            TeamId = answer.TeamId,
            OwnerUserId = owner,
            Status = FollowUpStatus.New,
            Reason = string.Join(", ", reasons),
            DueAt = now.AddHours(survey.FollowUpDueHours),
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.FollowUpCases.Add(followUp);
        events.Publish(new FollowUpOpened(followUp.WorkspaceId, followUp.Id, answer.Id, answer.CustomerId, answer.ConversationId, owner, followUp.DueAt));
        return followUp;
    }

    private async Task<Guid?> OwnerAsync(SurveyAnswer answer, CancellationToken cancellationToken)
    {
        if (answer.TeamId is { } teamId
            && await db.Teams.Where(t => t.Id == teamId && t.WorkspaceId == answer.WorkspaceId).Select(t => t.LeadUserId).SingleOrDefaultAsync(cancellationToken) is { } lead)
        {
            return lead;
        }
        if (answer.AgentId is { } agentId)
        {
            return await db.TeamMembers.Where(m => m.UserId == agentId)
                .Join(db.Teams.Where(t => t.WorkspaceId == answer.WorkspaceId && t.LeadUserId != null), m => m.TeamId, t => t.Id, (m, t) => t)
                .OrderBy(t => t.Name).Select(t => t.LeadUserId).FirstOrDefaultAsync(cancellationToken);
        }
        return null;
    }
}
