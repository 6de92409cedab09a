using Hamdel.Server.Infrastructure.Events;

namespace Hamdel.Server.Features.Surveys;

/// <summary>
/// A survey was answered (or the answer changed). A pulse answer carries no customer, and there is
/// never a person: webhooks must not be a way around anonymity.
/// </summary>
internal sealed record SurveyAnswered(
    Guid WorkspaceId, Guid SurveyId, Guid AnswerId, Guid TouchpointId, Guid? CustomerId, Guid? ConversationId,
    QuestionType QuestionType, int? Score, bool Changed) : IDomainEvent
{
    public const string Name = "survey.answered";
    public string Type => Name;
}

internal sealed record SurveyInvitationSent(Guid WorkspaceId, Guid SurveyId, Guid InvitationId, Guid? CustomerId, Guid? ConversationId) : IDomainEvent
{
    public const string Name = "survey.invitation_sent";
    public string Type => Name;
}
