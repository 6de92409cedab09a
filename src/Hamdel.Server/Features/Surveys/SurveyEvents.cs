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

/// <summary>Answers were imported from a file (history: no <c>survey.answered</c>, no webhooks; the metrics count them).</summary>
internal sealed record SurveyAnswersImported(Guid WorkspaceId, Guid SurveyId, IReadOnlyList<Guid> AnswerIds) : IDomainEvent
{
    public const string Name = DomainEventJson.InternalPrefix + "survey.answers_imported";
    public string Type => Name;

    /// <summary>How many answer ids one event carries.</summary>
    public const int BatchSize = 1000;
}
