using System.Security.Cryptography;
using System.Text.RegularExpressions;
using FluentValidation;
using Hamdel.Server.Features.Workspaces;
using Hamdel.Server.Infrastructure.Auth;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Features.Surveys;

public sealed record SurveyDto(
    Guid Id, string Name, SurveyKind Kind, Guid TouchpointId, bool IsActive, bool PublicLinkEnabled, string PublicKey,
    bool FollowUpEnabled, Guid? FollowUpOwnerUserId, int FollowUpDueHours, int Version, SurveyDefinition Definition,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record TouchpointDto(Guid Id, string Key, string Name);

public sealed record TriggerDto(Guid Id, Guid SurveyId, TriggerKind Kind, Guid? ChannelId, Guid? TeamId, string? EventName, Guid? TouchpointId, int DelayMinutes, int SamplePercent, bool IsActive);

public sealed record SurveySettingsDto(int MinDaysBetweenSurveys);

/// <summary>Survey definitions (versioned), touchpoints, triggers and the workspace's throttle.</summary>
internal static partial class ManageSurveys
{
    internal sealed record Request(
        string? Name, SurveyKind? Kind, Guid? TouchpointId, bool? IsActive, bool? PublicLinkEnabled,
        bool? FollowUpEnabled, Guid? FollowUpOwnerUserId, int? FollowUpDueHours, SurveyDefinition? Definition);

    internal sealed record TouchpointRequest(string? Key, string? Name);

    internal sealed record TriggerRequest(TriggerKind? Kind, Guid? ChannelId, Guid? TeamId, string? EventName, Guid? TouchpointId, int? DelayMinutes, int? SamplePercent, bool? IsActive);

    internal sealed record SettingsRequest(int? MinDaysBetweenSurveys);

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]*$")]
    internal static partial Regex KeyPattern();

    internal sealed class DefinitionValidator : AbstractValidator<SurveyDefinition>
    {
        public DefinitionValidator()
        {
            RuleFor(d => d.Question).Must(q => q is not null && !q.IsEmpty).WithMessage(_ => Strings.Get("Survey.QuestionRequired"));
            RuleFor(d => d.Scale).InclusiveBetween(3, 10).When(d => d.Type == QuestionType.Rating && d.Scale is not null);
            RuleFor(d => d.Options).Must(o => o is { Count: >= 2 and <= 20 }).When(d => d.Type is QuestionType.SingleChoice or QuestionType.MultipleChoice)
                .WithMessage(_ => Strings.Get("Survey.OptionsRequired"));
            RuleFor(d => d.Options).Must(o => o is null || o.Select(x => x.Key).Distinct(StringComparer.Ordinal).Count() == o.Count)
                .WithMessage(_ => Strings.Get("Survey.OptionsUnique"));
            RuleForEach(d => d.Options).ChildRules(option =>
            {
                option.RuleFor(o => o.Key).NotEmpty().MaximumLength(Limits.TagLength).Matches(KeyPattern());
                option.RuleFor(o => o.Text).Must(t => t is not null && !t.IsEmpty).WithMessage(_ => Strings.Get("Survey.QuestionRequired"));
            });
            foreach (var (name, pick) in Texts)
            {
                RuleFor(d => pick(d)).Must(t => t is null || t.All().All(x => x.Text is null || x.Text.Length <= SurveyRules.QuestionLength))
                    .OverridePropertyName(name)
                    .WithMessage(_ => Strings.Format("Error.TooLong", name, SurveyRules.QuestionLength));
            }
        }

        private static readonly (string Name, Func<SurveyDefinition, LocalizedText?> Pick)[] Texts =
        [
            ("question", d => d.Question), ("intro", d => d.Intro), ("lowLabel", d => d.LowLabel), ("highLabel", d => d.HighLabel),
            ("followUpNegative", d => d.FollowUpNegative), ("followUpPositive", d => d.FollowUpPositive),
        ];
    }

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Name).NotEmpty().MaximumLength(Limits.NameLength);
            RuleFor(r => r.TouchpointId).NotEmpty();
            RuleFor(r => r.FollowUpDueHours).InclusiveBetween(1, 24 * 90);
            RuleFor(r => r.Definition).NotNull().SetValidator(new DefinitionValidator()!);
        }
    }

    internal sealed class Handler(HamdelDbContext db, TimeProvider time)
    {
        private static readonly Validator Validation = new();

        public async Task<List<SurveyDto>> ListAsync(CurrentMember actor, CancellationToken cancellationToken)
        {
            var rows = await db.Surveys.AsNoTracking().Where(s => s.WorkspaceId == actor.WorkspaceId)
                .Join(db.SurveyVersions, s => new { SurveyId = s.Id, Number = s.CurrentVersion }, v => new { v.SurveyId, v.Number }, (s, v) => new { s, v.Definition })
                .ToListAsync(cancellationToken);
            return [.. rows.OrderBy(r => r.s.Name, StringComparer.CurrentCulture).Select(r => ToDto(r.s, r.Definition))];
        }

        public async Task<Outcome<SurveyDto>> GetAsync(CurrentMember actor, Guid surveyId, CancellationToken cancellationToken)
        {
            var survey = await db.Surveys.AsNoTracking().SingleOrDefaultAsync(s => s.Id == surveyId && s.WorkspaceId == actor.WorkspaceId, cancellationToken);
            if (survey is null)
            {
                return Failure.NotFound(Strings.Get("Survey.NotFound"));
            }
            var definition = await db.SurveyVersions.Where(v => v.SurveyId == survey.Id && v.Number == survey.CurrentVersion).Select(v => v.Definition).SingleAsync(cancellationToken);
            return ToDto(survey, definition);
        }

        public async Task<Outcome<SurveyDto>> SaveAsync(CurrentMember actor, Guid? surveyId, Request request, CancellationToken cancellationToken)
        {
            var validation = await Validation.ValidateAsync(request, cancellationToken);
            if (!validation.IsValid)
            {
                return Failure.Invalid(validation);
            }
            if (!await db.Touchpoints.AnyAsync(t => t.Id == request.TouchpointId && t.WorkspaceId == actor.WorkspaceId, cancellationToken))
            {
                return Failure.Invalid("touchpointId", Strings.Get("Touchpoint.NotFound"));
            }
            if (request.FollowUpOwnerUserId is { } owner
                && !await db.WorkspaceMembers.AnyAsync(m => m.WorkspaceId == actor.WorkspaceId && m.UserId == owner && m.DeactivatedAt == null, cancellationToken))
            {
                return Failure.Invalid("followUpOwnerUserId", Strings.Format("Team.NotMember", owner));
            }
            var now = time.GetUtcNow();
            var definition = Normalize(request.Definition!);
            var json = definition.Serialize();
            Survey survey;
            if (surveyId is null)
            {
                survey = new Survey
                {
                    WorkspaceId = actor.WorkspaceId,
                    Name = request.Name!.Trim(),
                    Kind = request.Kind ?? SurveyKind.Customer,
                    PublicKey = Secrets.Base64Url(RandomNumberGenerator.GetBytes(12)),
                    CreatedAt = now,
                };
                db.Surveys.Add(survey);
                db.SurveyVersions.Add(new SurveyVersion { WorkspaceId = actor.WorkspaceId, SurveyId = survey.Id, Number = 1, Definition = json, CreatedAt = now });
            }
            else
            {
                var found = await db.Surveys.SingleOrDefaultAsync(s => s.Id == surveyId && s.WorkspaceId == actor.WorkspaceId, cancellationToken);
                if (found is null)
                {
                    return Failure.NotFound(Strings.Get("Survey.NotFound"));
                }
                survey = found;
                if (request.Kind is { } kind && kind != survey.Kind)
                {
                    return Failure.Invalid("kind", Strings.Get("Survey.KindFixed"));
                }
                var current = await db.SurveyVersions.SingleAsync(v => v.SurveyId == survey.Id && v.Number == survey.CurrentVersion, cancellationToken);
                if (current.Definition != json)
                {
                    // Answers keep the wording they answered: once a version has answers, a change is a new version.
                    var answered = await db.SurveyAnswers.AnyAsync(a => a.SurveyId == survey.Id && a.SurveyVersion == current.Number, cancellationToken);
                    if (answered)
                    {
                        survey.CurrentVersion++;
                        db.SurveyVersions.Add(new SurveyVersion { WorkspaceId = actor.WorkspaceId, SurveyId = survey.Id, Number = survey.CurrentVersion, Definition = json, CreatedAt = now });
                    }
                    else
                    {
                        current.Definition = json;
                    }
                }
                survey.Name = request.Name!.Trim();
            }
            survey.TouchpointId = request.TouchpointId!.Value;
            survey.IsActive = request.IsActive ?? survey.IsActive;
            survey.PublicLinkEnabled = request.PublicLinkEnabled ?? survey.PublicLinkEnabled;
            survey.FollowUpEnabled = request.FollowUpEnabled ?? survey.FollowUpEnabled;
            survey.FollowUpOwnerUserId = request.FollowUpOwnerUserId;
            survey.FollowUpDueHours = request.FollowUpDueHours ?? survey.FollowUpDueHours;
            survey.UpdatedAt = now;
            await db.SaveChangesAsync(cancellationToken);
            return ToDto(survey, json);
        }

        public Task<List<TouchpointDto>> ListTouchpointsAsync(CurrentMember actor, CancellationToken cancellationToken) =>
            db.Touchpoints.AsNoTracking().Where(t => t.WorkspaceId == actor.WorkspaceId).OrderBy(t => t.Name)
                .Select(t => new TouchpointDto(t.Id, t.Key, t.Name)).ToListAsync(cancellationToken);

        public async Task<Outcome<TouchpointDto>> CreateTouchpointAsync(CurrentMember actor, TouchpointRequest request, CancellationToken cancellationToken)
        {
            var key = request.Key?.Trim().ToLowerInvariant();
            if (string.IsNullOrEmpty(key) || key.Length > Limits.TagLength || !KeyPattern().IsMatch(key))
            {
                return Failure.Invalid("key", Strings.Get("Touchpoint.KeyFormat"));
            }
            if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > Limits.NameLength)
            {
                return Failure.Invalid("name", Strings.Format("Error.Required", "name"));
            }
            if (await db.Touchpoints.AnyAsync(t => t.WorkspaceId == actor.WorkspaceId && t.Key == key, cancellationToken))
            {
                return Failure.Conflict(Strings.Format("Touchpoint.KeyTaken", key));
            }
            var touchpoint = new Touchpoint { WorkspaceId = actor.WorkspaceId, Key = key, Name = request.Name.Trim(), CreatedAt = time.GetUtcNow() };
            db.Touchpoints.Add(touchpoint);
            await db.SaveChangesAsync(cancellationToken);
            return new TouchpointDto(touchpoint.Id, touchpoint.Key, touchpoint.Name);
        }

        public async Task<Outcome<List<TriggerDto>>> ListTriggersAsync(CurrentMember actor, Guid surveyId, CancellationToken cancellationToken)
        {
            if (!await db.Surveys.AnyAsync(s => s.Id == surveyId && s.WorkspaceId == actor.WorkspaceId, cancellationToken))
            {
                return Failure.NotFound(Strings.Get("Survey.NotFound"));
            }
            return await db.SurveyTriggers.AsNoTracking().Where(t => t.SurveyId == surveyId).OrderBy(t => t.CreatedAt)
                .Select(t => new TriggerDto(t.Id, t.SurveyId, t.Kind, t.ChannelId, t.TeamId, t.EventName, t.TouchpointId, t.DelayMinutes, t.SamplePercent, t.IsActive))
                .ToListAsync(cancellationToken);
        }

        public async Task<Outcome<TriggerDto>> SaveTriggerAsync(CurrentMember actor, Guid surveyId, Guid? triggerId, TriggerRequest request, CancellationToken cancellationToken)
        {
            var survey = await db.Surveys.AsNoTracking().SingleOrDefaultAsync(s => s.Id == surveyId && s.WorkspaceId == actor.WorkspaceId, cancellationToken);
            if (survey is null)
            {
                return Failure.NotFound(Strings.Get("Survey.NotFound"));
            }
            if (survey.Kind == SurveyKind.Pulse)
            {
                return Failure.Invalid("kind", Strings.Get("Survey.PulseNoTriggers"));
            }
            if (request.Kind is not { } kind)
            {
                return Failure.Invalid("kind", Strings.Format("Error.EnumValue", "kind", string.Join(", ", Enum.GetNames<TriggerKind>())));
            }
            var eventName = request.EventName?.Trim();
            if (kind == TriggerKind.Event && (string.IsNullOrEmpty(eventName) || eventName.Length > Limits.TagLength))
            {
                return Failure.Invalid("eventName", Strings.Get("Trigger.EventNameRequired"));
            }
            if (request.DelayMinutes is < 0 or > 60 * 24 * 60)
            {
                return Failure.Invalid("delayMinutes", Strings.Format("Error.Range", "delayMinutes", 0, 60 * 24 * 60));
            }
            if (request.SamplePercent is < 1 or > 100)
            {
                return Failure.Invalid("samplePercent", Strings.Format("Error.Range", "samplePercent", 1, 100));
            }
            if (request.ChannelId is { } channel && !await db.Channels.AnyAsync(c => c.Id == channel && c.WorkspaceId == actor.WorkspaceId, cancellationToken))
            {
                return Failure.Invalid("channelId", Strings.Format("Channel.NotFound", channel));
            }
            if (request.TeamId is { } team && !await db.Teams.AnyAsync(t => t.Id == team && t.WorkspaceId == actor.WorkspaceId, cancellationToken))
            {
                return Failure.Invalid("teamId", Strings.Get("Team.NotFound"));
            }
            if (request.TouchpointId is { } touchpoint && !await db.Touchpoints.AnyAsync(t => t.Id == touchpoint && t.WorkspaceId == actor.WorkspaceId, cancellationToken))
            {
                return Failure.Invalid("touchpointId", Strings.Get("Touchpoint.NotFound"));
            }
            SurveyTrigger trigger;
            if (triggerId is null)
            {
                trigger = new SurveyTrigger { WorkspaceId = actor.WorkspaceId, SurveyId = surveyId, CreatedAt = time.GetUtcNow() };
                db.SurveyTriggers.Add(trigger);
            }
            else
            {
                var found = await db.SurveyTriggers.SingleOrDefaultAsync(t => t.Id == triggerId && t.SurveyId == surveyId, cancellationToken);
                if (found is null)
                {
                    return Failure.NotFound(Strings.Get("Trigger.NotFound"));
                }
                trigger = found;
            }
            trigger.Kind = kind;
            trigger.ChannelId = request.ChannelId;
            trigger.TeamId = request.TeamId;
            trigger.EventName = kind == TriggerKind.Event ? eventName : null;
            trigger.TouchpointId = request.TouchpointId;
            trigger.DelayMinutes = request.DelayMinutes ?? 0;
            trigger.SamplePercent = request.SamplePercent ?? 100;
            trigger.IsActive = request.IsActive ?? true;
            await db.SaveChangesAsync(cancellationToken);
            return new TriggerDto(trigger.Id, trigger.SurveyId, trigger.Kind, trigger.ChannelId, trigger.TeamId, trigger.EventName, trigger.TouchpointId, trigger.DelayMinutes, trigger.SamplePercent, trigger.IsActive);
        }

        public async Task<Outcome<Done>> DeleteTriggerAsync(CurrentMember actor, Guid surveyId, Guid triggerId, CancellationToken cancellationToken)
        {
            var deleted = await db.SurveyTriggers.Where(t => t.Id == triggerId && t.SurveyId == surveyId && t.WorkspaceId == actor.WorkspaceId).ExecuteDeleteAsync(cancellationToken);
            return deleted == 0 ? Failure.NotFound(Strings.Get("Trigger.NotFound")) : Done.Value;
        }

        public async Task<SurveySettingsDto> GetSettingsAsync(Guid workspaceId, CancellationToken cancellationToken) =>
            new((await db.SurveySettings.AsNoTracking().SingleOrDefaultAsync(s => s.WorkspaceId == workspaceId, cancellationToken) ?? new SurveySettings { WorkspaceId = workspaceId }).MinDaysBetweenSurveys);

        public async Task<Outcome<SurveySettingsDto>> SaveSettingsAsync(CurrentMember actor, SettingsRequest request, CancellationToken cancellationToken)
        {
            if (request.MinDaysBetweenSurveys is not (>= 0 and <= 365) and var days)
            {
                return Failure.Invalid("minDaysBetweenSurveys", Strings.Format("Error.Range", "minDaysBetweenSurveys", 0, 365));
            }
            var settings = await db.SurveySettings.SingleOrDefaultAsync(s => s.WorkspaceId == actor.WorkspaceId, cancellationToken);
            if (settings is null)
            {
                settings = new SurveySettings { WorkspaceId = actor.WorkspaceId };
                db.SurveySettings.Add(settings);
            }
            settings.MinDaysBetweenSurveys = request.MinDaysBetweenSurveys!.Value;
            await db.SaveChangesAsync(cancellationToken);
            return new SurveySettingsDto(settings.MinDaysBetweenSurveys);
        }

        private static SurveyDefinition Normalize(SurveyDefinition d) => d with
        {
            Scale = d.Type == QuestionType.Rating ? d.Scale ?? 5 : null,
            Options = d.Type is QuestionType.SingleChoice or QuestionType.MultipleChoice ? d.Options : null,
            LowLabel = d.IsScale ? Clean(d.LowLabel) : null,
            HighLabel = d.IsScale ? Clean(d.HighLabel) : null,
            Intro = Clean(d.Intro),
            Question = Clean(d.Question)!,
            FollowUpNegative = Clean(d.FollowUpNegative),
            FollowUpPositive = Clean(d.FollowUpPositive),
        };

        private static LocalizedText? Clean(LocalizedText? text) =>
            text is null || text.IsEmpty ? null : new LocalizedText(Trim(text.En), Trim(text.Fa), Trim(text.Ar));

        private static string? Trim(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

        internal static SurveyDto ToDto(Survey s, string definition) => new(
            s.Id, s.Name, s.Kind, s.TouchpointId, s.IsActive, s.PublicLinkEnabled, s.PublicKey, s.FollowUpEnabled, s.FollowUpOwnerUserId,
            s.FollowUpDueHours, s.CurrentVersion, SurveyDefinition.Parse(definition), s.CreatedAt, s.UpdatedAt);
    }
}
