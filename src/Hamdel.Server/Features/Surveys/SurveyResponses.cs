using System.Globalization;
using Hamdel.Server.Features.Customers;
using Hamdel.Server.Features.FollowUps;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Errors;
using Hamdel.Server.Infrastructure.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hamdel.Server.Features.Surveys;

public enum ResponseState
{
    /// <summary>Not answered yet.</summary>
    Open,
    /// <summary>Answered; the score or comment may still change until <see cref="ResponseView.ChangeableUntil"/>.</summary>
    Answered,
    /// <summary>Answered, and the time to change it has passed.</summary>
    Closed,
    Expired,
    /// <summary>The link is not one Hamdel made (altered or truncated), or its survey is gone.</summary>
    Invalid,
    OptedOut,
}

/// <summary>What the public page shows.</summary>
public sealed record ResponseView(
    ResponseState State, string Language, string WorkspaceName, SurveyKind Kind, SurveyDefinition? Definition,
    Guid? AnswerId, int? Score, IReadOnlyList<string> Choices, string? Comment, bool WantsContact, DateTimeOffset? AnsweredAt, DateTimeOffset? ChangeableUntil)
{
    public static ResponseView Of(ResponseState state, string language) => new(state, language, "", SurveyKind.Customer, null, null, null, [], null, false, null, null);
}

/// <summary>
/// Answering a survey from the public page or the public API: through an invitation's token (one
/// answer per invitation, changeable for a while) or the survey's always-open public link (each
/// submission is one answer). Invalid input is refused and nothing is stored.
/// </summary>
internal sealed class SurveyResponses(
    HamdelDbContext db, SurveyTokens tokens, FollowUpOpener followUps, EventOutbox events, IOptions<SurveyOptions> options, TimeProvider time)
{
    /// <summary>The answer as typed: the score is text so that "abc" is a clear error, not a binding failure.</summary>
    internal sealed record Input(string? Score, IReadOnlyList<string>? Choices, string? Comment, bool WantsContact)
    {
        public static Input OneClick(string score) => new(score, null, null, false);
    }

    public async Task<ResponseView> OpenAsync(string token, string language, CancellationToken cancellationToken)
    {
        var (state, invitationId) = tokens.Read(token);
        if (state != TokenState.Valid)
        {
            return ResponseView.Of(state == TokenState.Expired ? ResponseState.Expired : ResponseState.Invalid, language);
        }
        var context = await LoadAsync(invitationId, cancellationToken);
        return context is null ? ResponseView.Of(ResponseState.Invalid, language) : await ViewAsync(context, cancellationToken);
    }

    /// <summary>Records or changes the answer of an invitation. <paramref name="keepRest"/>: a one-click score keeps an earlier comment.</summary>
    public Task<Outcome<ResponseView>> AnswerAsync(string token, Input input, bool keepRest, CancellationToken cancellationToken) =>
        Concurrency.RetryAsync(db, () => AnswerOnceAsync(token, input, keepRest, cancellationToken));

    private async Task<Outcome<ResponseView>> AnswerOnceAsync(string token, Input input, bool keepRest, CancellationToken cancellationToken)
    {
        var (state, invitationId) = tokens.Read(token);
        if (state == TokenState.Expired)
        {
            return Failure.Gone(Strings.Get("Survey.LinkExpired"));
        }
        var context = state == TokenState.Valid ? await LoadAsync(invitationId, cancellationToken) : null;
        if (context is null)
        {
            return Failure.Invalid("token", Strings.Get("Survey.LinkInvalid"));
        }
        var (invitation, survey, definition, _) = context;
        var now = time.GetUtcNow();
        if (invitation.ExpiresAt < now)
        {
            return Failure.Gone(Strings.Get("Survey.LinkExpired"));
        }
        var answer = await db.SurveyAnswers.SingleOrDefaultAsync(a => a.InvitationId == invitation.Id, cancellationToken);
        if (answer is null && await OptedOutAsync(invitation, cancellationToken))
        {
            return Failure.Gone(Strings.Get("Survey.OptedOut"));
        }
        if (answer is not null && now > ChangeableUntil(answer))
        {
            return Failure.Gone(Strings.Get("Survey.AlreadyAnswered"));
        }
        var parsed = Parse(definition, input, keepRest ? answer : null);
        if (parsed.Failure is { } invalid)
        {
            return invalid;
        }
        var (score, choices, comment) = parsed.Value;
        var changed = answer is not null;
        if (answer is null)
        {
            answer = new SurveyAnswer
            {
                WorkspaceId = invitation.WorkspaceId,
                SurveyId = invitation.SurveyId,
                SurveyVersion = invitation.SurveyVersion,
                InvitationId = invitation.Id,
                TouchpointId = invitation.TouchpointId,
                CustomerId = invitation.CustomerId,
                ChannelId = invitation.ChannelId,
                ConversationId = invitation.ConversationId,
                AgentId = invitation.AgentId,
                TeamId = invitation.TeamId,
                Group = invitation.Group,
                Language = invitation.Language,
                Source = AnswerSource.Invitation,
                // A pulse answer keeps only its day: an exact time could be matched to who was seen answering.
                AnsweredAt = survey.Kind == SurveyKind.Pulse ? new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero) : now,
            };
            db.SurveyAnswers.Add(answer);
            invitation.Status = InvitationStatus.Answered;
            invitation.AnsweredAt = answer.AnsweredAt;
        }
        answer.Score = score;
        answer.Choices = choices;
        answer.Comment = comment;
        answer.WantsContact = input.WantsContact || (keepRest && answer.WantsContact);
        answer.UpdatedAt = survey.Kind == SurveyKind.Pulse ? answer.AnsweredAt : now;
        await followUps.OpenIfWantedAsync(survey, definition, answer, cancellationToken);
        events.Publish(new SurveyAnswered(answer.WorkspaceId, answer.SurveyId, answer.Id, answer.TouchpointId, answer.CustomerId, answer.ConversationId, definition.Type, answer.Score, changed));
        await db.SaveChangesAsync(cancellationToken);
        return await ViewAsync(context, cancellationToken);
    }

    /// <summary>An answer through the always-open public link (no invitation, no customer).</summary>
    public async Task<Outcome<ResponseView>> AnswerPublicAsync(string publicKey, string language, Input input, CancellationToken cancellationToken)
    {
        var survey = await db.Surveys.AsNoTracking().SingleOrDefaultAsync(s => s.PublicKey == publicKey && s.PublicLinkEnabled && s.IsActive && s.Kind == SurveyKind.Customer, cancellationToken);
        if (survey is null)
        {
            return Failure.Invalid("publicKey", Strings.Get("Survey.LinkInvalid"));
        }
        var definition = await DefinitionAsync(survey.Id, survey.CurrentVersion, cancellationToken);
        var parsed = Parse(definition, input, null);
        if (parsed.Failure is { } invalid)
        {
            return invalid;
        }
        var now = time.GetUtcNow();
        var (score, choices, comment) = parsed.Value;
        var answer = new SurveyAnswer
        {
            WorkspaceId = survey.WorkspaceId,
            SurveyId = survey.Id,
            SurveyVersion = survey.CurrentVersion,
            TouchpointId = survey.TouchpointId,
            Language = language,
            Source = AnswerSource.PublicLink,
            Score = score,
            Choices = choices,
            Comment = comment,
            WantsContact = false,
            AnsweredAt = now,
            UpdatedAt = now,
        };
        db.SurveyAnswers.Add(answer);
        events.Publish(new SurveyAnswered(answer.WorkspaceId, answer.SurveyId, answer.Id, answer.TouchpointId, null, null, definition.Type, answer.Score, false));
        await db.SaveChangesAsync(cancellationToken);
        var workspaceName = await db.Workspaces.Where(w => w.Id == survey.WorkspaceId).Select(w => w.Name).SingleAsync(cancellationToken);
        return new ResponseView(ResponseState.Closed, language, workspaceName, survey.Kind, definition, answer.Id, score, Split(choices), comment, false, now, null);
    }

    /// <summary>The public link's page: the survey, or null when the link is unknown or closed.</summary>
    public async Task<ResponseView?> OpenPublicAsync(string publicKey, string language, CancellationToken cancellationToken)
    {
        var survey = await db.Surveys.AsNoTracking().SingleOrDefaultAsync(s => s.PublicKey == publicKey && s.PublicLinkEnabled && s.IsActive && s.Kind == SurveyKind.Customer, cancellationToken);
        if (survey is null)
        {
            return null;
        }
        var workspaceName = await db.Workspaces.Where(w => w.Id == survey.WorkspaceId).Select(w => w.Name).SingleAsync(cancellationToken);
        return new ResponseView(ResponseState.Open, language, workspaceName, survey.Kind, await DefinitionAsync(survey.Id, survey.CurrentVersion, cancellationToken), null, null, [], null, false, null, null);
    }

    /// <summary>The customer asks never to be surveyed again; pending invitations are cancelled.</summary>
    public async Task<Outcome<ResponseView>> OptOutAsync(string token, CancellationToken cancellationToken)
    {
        var (state, invitationId) = tokens.Read(token);
        var context = state == TokenState.Valid ? await LoadAsync(invitationId, cancellationToken) : null;
        // An expired link may still opt out: not wanting mail does not expire.
        if (state == TokenState.Expired)
        {
            context = await LoadAsync(invitationId, cancellationToken);
        }
        if (context?.Invitation.CustomerId is not { } customerId)
        {
            return Failure.NotFound(Strings.Get("Survey.LinkInvalid"));
        }
        var workspaceId = context.Invitation.WorkspaceId;
        if (!await db.SurveyOptOuts.AnyAsync(o => o.WorkspaceId == workspaceId && o.CustomerId == customerId, cancellationToken))
        {
            db.SurveyOptOuts.Add(new SurveyOptOut { WorkspaceId = workspaceId, CustomerId = customerId, At = time.GetUtcNow() });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException e) when (UniqueViolation.Is(e))
            {
                db.ChangeTracker.Clear(); // opted out twice at once: once is enough
            }
        }
        await db.SurveyInvitations.Where(i => i.WorkspaceId == workspaceId && i.CustomerId == customerId && i.Status == InvitationStatus.Scheduled)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, InvitationStatus.Skipped).SetProperty(i => i.LastError, SkipReasons.OptedOut), cancellationToken);
        return ResponseView.Of(ResponseState.OptedOut, context.Invitation.Language) with { WorkspaceName = context.WorkspaceName };
    }

    private sealed record Context(SurveyInvitation Invitation, Survey Survey, SurveyDefinition Definition, string WorkspaceName);

    private async Task<Context?> LoadAsync(Guid invitationId, CancellationToken cancellationToken)
    {
        var invitation = await db.SurveyInvitations.SingleOrDefaultAsync(i => i.Id == invitationId, cancellationToken);
        if (invitation is null)
        {
            return null;
        }
        var survey = await db.Surveys.AsNoTracking().SingleAsync(s => s.Id == invitation.SurveyId, cancellationToken);
        var workspaceName = await db.Workspaces.Where(w => w.Id == invitation.WorkspaceId).Select(w => w.Name).SingleAsync(cancellationToken);
        return new Context(invitation, survey, await DefinitionAsync(survey.Id, invitation.SurveyVersion, cancellationToken), workspaceName);
    }

    private async Task<SurveyDefinition> DefinitionAsync(Guid surveyId, int version, CancellationToken cancellationToken) =>
        SurveyDefinition.Parse(await db.SurveyVersions.Where(v => v.SurveyId == surveyId && v.Number == version).Select(v => v.Definition).SingleAsync(cancellationToken));

    private async Task<ResponseView> ViewAsync(Context context, CancellationToken cancellationToken)
    {
        var (invitation, survey, definition, workspaceName) = context;
        var answer = await db.SurveyAnswers.AsNoTracking().SingleOrDefaultAsync(a => a.InvitationId == invitation.Id, cancellationToken);
        var now = time.GetUtcNow();
        ResponseState state;
        if (answer is not null)
        {
            state = now <= ChangeableUntil(answer) && invitation.ExpiresAt >= now ? ResponseState.Answered : ResponseState.Closed;
        }
        else if (invitation.ExpiresAt < now)
        {
            state = ResponseState.Expired;
        }
        else
        {
            state = await OptedOutAsync(invitation, cancellationToken) ? ResponseState.OptedOut : ResponseState.Open;
        }
        return new ResponseView(state, invitation.Language, workspaceName, survey.Kind, definition, answer?.Id, answer?.Score, Split(answer?.Choices), answer?.Comment,
            answer?.WantsContact ?? false, answer?.AnsweredAt, answer is null ? null : ChangeableUntil(answer));
    }

    private DateTimeOffset ChangeableUntil(SurveyAnswer answer) => answer.AnsweredAt + options.Value.ChangeWindow;

    private Task<bool> OptedOutAsync(SurveyInvitation invitation, CancellationToken cancellationToken) =>
        invitation.CustomerId is { } customerId
            ? db.SurveyOptOuts.AnyAsync(o => o.WorkspaceId == invitation.WorkspaceId && o.CustomerId == customerId, cancellationToken)
            : Task.FromResult(false);

    private static string[] Split(string? choices) => string.IsNullOrEmpty(choices) ? [] : choices.Split(',');

    /// <summary>Checks an answer against its question; <paramref name="previous"/> fills what a one-click answer leaves out.</summary>
    internal static Outcome<(int? Score, string? Choices, string? Comment)> Parse(SurveyDefinition definition, Input input, SurveyAnswer? previous)
    {
        int? score = null;
        if (definition.IsScale)
        {
            var raw = input.Score?.Trim();
            if (string.IsNullOrEmpty(raw))
            {
                if (previous?.Score is null)
                {
                    return Failure.Invalid("score", Strings.Format("Survey.ScoreRange", definition.Min, definition.Max));
                }
                score = previous.Score;
            }
            else if (!int.TryParse(Identities.FoldDigitsOnly(raw), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed)
                || parsed < definition.Min || parsed > definition.Max)
            {
                return Failure.Invalid("score", Strings.Format("Survey.ScoreRange", definition.Min, definition.Max));
            }
            else
            {
                score = parsed;
            }
        }
        else if (!string.IsNullOrEmpty(input.Score))
        {
            return Failure.Invalid("score", Strings.Get("Survey.NoScore"));
        }

        string? choices = null;
        if (definition.Type is QuestionType.SingleChoice or QuestionType.MultipleChoice)
        {
            var picked = (input.Choices ?? []).Where(c => !string.IsNullOrEmpty(c)).Distinct(StringComparer.Ordinal).ToList();
            if (picked.Count == 0 && previous?.Choices is { } earlier)
            {
                picked = [.. earlier.Split(',')];
            }
            var known = definition.Options!.Select(o => o.Key).ToHashSet(StringComparer.Ordinal);
            if (picked.Count == 0 || picked.Any(c => !known.Contains(c)) || (definition.Type == QuestionType.SingleChoice && picked.Count > 1))
            {
                return Failure.Invalid("choices", Strings.Get(definition.Type == QuestionType.SingleChoice ? "Survey.ChooseOne" : "Survey.ChooseSome"));
            }
            choices = string.Join(',', picked);
        }

        var comment = input.Comment?.Trim();
        if (string.IsNullOrEmpty(comment))
        {
            comment = previous?.Comment;
        }
        if (comment is { Length: > SurveyRules.CommentLength })
        {
            return Failure.Invalid("comment", Strings.Format("Error.TooLong", Strings.Get("Survey.Comment"), SurveyRules.CommentLength));
        }
        if (definition.Type == QuestionType.Text && string.IsNullOrEmpty(comment))
        {
            return Failure.Invalid("comment", Strings.Get("Survey.CommentRequired"));
        }
        return (score, choices, comment);
    }
}
