using System.Security.Cryptography;
using System.Text;
using Hamdel.Server.Features.Channels;
using Hamdel.Server.Features.Conversations;
using Hamdel.Server.Features.Customers;
using Hamdel.Server.Features.Tracking;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hamdel.Server.Features.Surveys;

/// <summary>Why an invitation was not sent (stored in <see cref="SurveyInvitation.LastError"/>).</summary>
internal static class SkipReasons
{
    public const string OptedOut = "opted-out";
    public const string Throttled = "throttled";
    public const string SampledOut = "sampled-out";
    public const string NoEmail = "no-email";
    public const string Inactive = "survey-inactive";
}

/// <summary>
/// Decides who is asked, and when: creates invitations for triggers and manual sends, applying
/// sampling and the throttle (one survey per customer per interval, across all surveys; never
/// twice per conversation; never after opting out). See docs/adr/0008.
/// </summary>
internal sealed class SurveyScheduler(HamdelDbContext db, ChannelKinds kinds, IOptions<SurveyOptions> options, TimeProvider time)
{
    /// <summary>Who the invitation is for and where it comes from.</summary>
    internal sealed record Target(Guid CustomerId, Guid? ChannelId, Guid? ConversationId, Guid? AgentId, Guid? TeamId, string? ConversationLanguage);

    /// <summary>The reason the customer must not be asked now, or null.</summary>
    public async Task<string?> ThrottleAsync(Guid workspaceId, Guid customerId, Guid? exceptInvitationId, CancellationToken cancellationToken)
    {
        if (await db.SurveyOptOuts.AnyAsync(o => o.WorkspaceId == workspaceId && o.CustomerId == customerId, cancellationToken))
        {
            return SkipReasons.OptedOut;
        }
        var days = await db.SurveySettings.Where(s => s.WorkspaceId == workspaceId).Select(s => (int?)s.MinDaysBetweenSurveys).SingleOrDefaultAsync(cancellationToken) ?? new SurveySettings().MinDaysBetweenSurveys;
        if (days == 0)
        {
            return null;
        }
        var since = time.GetUtcNow().AddDays(-days);
        var invited = await db.SurveyInvitations.AnyAsync(i => i.WorkspaceId == workspaceId && i.CustomerId == customerId && i.Id != exceptInvitationId
            && (i.Status == InvitationStatus.Scheduled || ((i.Status == InvitationStatus.Sent || i.Status == InvitationStatus.Answered) && i.SentAt >= since)), cancellationToken);
        if (invited)
        {
            return SkipReasons.Throttled;
        }
        var answered = await db.SurveyAnswers.AnyAsync(a => a.WorkspaceId == workspaceId && a.CustomerId == customerId && a.AnsweredAt >= since, cancellationToken);
        return answered ? SkipReasons.Throttled : null;
    }

    /// <summary>
    /// Whether an invitation can go out as a message in the conversation (for a customer with no
    /// e-mail address): the conversation's channel is on and carries links.
    /// </summary>
    public async Task<bool> ReachableInConversationAsync(Guid? conversationId, CancellationToken cancellationToken)
    {
        if (conversationId is null)
        {
            return false;
        }
        var channel = await db.Conversations.Where(c => c.Id == conversationId)
            .Join(db.Channels, c => c.ChannelId, ch => ch.Id, (c, ch) => new { ch.Kind, ch.IsActive })
            .SingleOrDefaultAsync(cancellationToken);
        return channel is { IsActive: true } && kinds.Find(channel.Kind)?.CarriesLinks == true;
    }

    /// <summary>Adds an invitation (scheduled, or skipped with the reason) to the unit of work; the caller saves.</summary>
    public async Task<SurveyInvitation> ScheduleAsync(Survey survey, SurveyTrigger? trigger, Guid? sourceEventId, Target target, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var sendAt = now.AddMinutes(trigger?.DelayMinutes ?? 0);
        var customer = await db.Customers.AsNoTracking().Where(c => c.Id == target.CustomerId)
            .Select(c => new
            {
                c.Language,
                Email = c.Identities.Where(i => i.Kind == IdentityKind.Email).OrderByDescending(i => i.Verified).ThenBy(i => i.CreatedAt).Select(i => i.Value).FirstOrDefault(),
            })
            .SingleAsync(cancellationToken);
        var workspaceLanguage = await db.Workspaces.Where(w => w.Id == survey.WorkspaceId).Select(w => w.DefaultLanguage).SingleAsync(cancellationToken);

        string? skip = null;
        if (!survey.IsActive)
        {
            skip = SkipReasons.Inactive;
        }
        else if (trigger is not null && sourceEventId is { } source && !Sampled(source, trigger))
        {
            skip = SkipReasons.SampledOut;
        }
        else if (customer.Email is null && !await ReachableInConversationAsync(target.ConversationId, cancellationToken))
        {
            skip = SkipReasons.NoEmail;
        }
        else
        {
            skip = await ThrottleAsync(survey.WorkspaceId, target.CustomerId, null, cancellationToken);
        }

        var invitation = new SurveyInvitation
        {
            WorkspaceId = survey.WorkspaceId,
            SurveyId = survey.Id,
            SurveyVersion = survey.CurrentVersion,
            TouchpointId = trigger?.TouchpointId ?? survey.TouchpointId,
            TriggerId = trigger?.Id,
            SourceEventId = sourceEventId,
            CustomerId = target.CustomerId,
            Email = customer.Email,
            Language = SurveyRules.Language(customer.Language, target.ConversationLanguage, workspaceLanguage),
            ChannelId = target.ChannelId,
            ConversationId = target.ConversationId,
            AgentId = target.AgentId,
            TeamId = target.TeamId,
            Status = skip is null ? InvitationStatus.Scheduled : InvitationStatus.Skipped,
            LastError = skip,
            SendAt = sendAt,
            ExpiresAt = sendAt + options.Value.InvitationLifetime,
            CreatedAt = now,
        };
        db.SurveyInvitations.Add(invitation);
        return invitation;
    }

    /// <summary>The same event and trigger always decide the same way, so a re-delivered event cannot change its mind.</summary>
    private static bool Sampled(Guid sourceEventId, SurveyTrigger trigger)
    {
        if (trigger.SamplePercent >= 100)
        {
            return true;
        }
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{sourceEventId:N}{trigger.Id:N}"));
        return BitConverter.ToUInt32(hash, 0) % 100 < (uint)trigger.SamplePercent;
    }
}

/// <summary>Turns resolved conversations and tracked events into invitations, per the workspace's triggers.</summary>
internal sealed class SurveyTriggerHandler(HamdelDbContext db, SurveyScheduler scheduler, InvitationSender sender) : IEventHandler
{
    public IReadOnlyCollection<string> EventTypes { get; } = [ConversationResolved.Name, EventTracked.Name];

    public async Task HandleAsync(OutboxEvent domainEvent, CancellationToken cancellationToken)
    {
        var (kind, target, eventName) = domainEvent.Type switch
        {
            ConversationResolved.Name => Resolved(DomainEventJson.Deserialize<ConversationResolved>(domainEvent)),
            _ => Tracked(DomainEventJson.Deserialize<EventTracked>(domainEvent)),
        };
        if (target.ConversationId is { } conversationId)
        {
            if (await db.SurveyInvitations.AnyAsync(i => i.ConversationId == conversationId, cancellationToken))
            {
                return; // never twice for one conversation (and a re-delivered event changes nothing)
            }
            if (await Email.EmailLoops.OnlyAutomatedAsync(db, conversationId, cancellationToken))
            {
                return; // an out-of-office reply or a bounce is not a customer to ask
            }
            target = target with { ConversationLanguage = await ConversationLanguageAsync(conversationId, cancellationToken) };
        }
        var triggers = await db.SurveyTriggers.AsNoTracking()
            .Where(t => t.WorkspaceId == domainEvent.WorkspaceId && t.Kind == kind && t.IsActive)
            .Join(db.Surveys.Where(s => s.IsActive && s.Kind == SurveyKind.Customer), t => t.SurveyId, s => s.Id, (t, s) => new { Trigger = t, Survey = s })
            .OrderBy(x => x.Trigger.CreatedAt)
            .ToListAsync(cancellationToken);
        var matching = triggers.Where(x =>
            (x.Trigger.ChannelId is null || x.Trigger.ChannelId == target.ChannelId)
            && (x.Trigger.TeamId is null || x.Trigger.TeamId == target.TeamId)
            && (kind != TriggerKind.Event || string.Equals(x.Trigger.EventName, eventName, StringComparison.OrdinalIgnoreCase))).ToList();
        if (matching.Count == 0)
        {
            return;
        }
        var sourceEventId = domainEvent.EventId;
        if (await db.SurveyInvitations.AnyAsync(i => i.SourceEventId == sourceEventId, cancellationToken))
        {
            return; // handled before (delivery is at least once)
        }
        // One customer, one event: the first matching trigger asks; the throttle would stop the others anyway.
        var first = matching[0];
        var invitation = await scheduler.ScheduleAsync(first.Survey, first.Trigger, sourceEventId, target, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            return; // another instance handled the same event or conversation first
        }
        if (invitation.Status == InvitationStatus.Scheduled && invitation.SendAt <= invitation.CreatedAt)
        {
            sender.Wake();
        }
    }

    /// <summary>The conversation's language; when nobody set one, the language its customer writes in.</summary>
    private async Task<string?> ConversationLanguageAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        var set = await db.Conversations.Where(c => c.Id == conversationId).Select(c => c.Language).SingleOrDefaultAsync(cancellationToken);
        if (set is not null)
        {
            return set;
        }
        var latest = await db.Messages.AsNoTracking()
            .Where(m => m.ConversationId == conversationId && m.Direction == MessageDirection.Inbound)
            .OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).Take(3).Select(m => m.Text)
            .ToListAsync(cancellationToken);
        var guess = Hamdel.Text.Languages.LanguageDetector.Detect(string.Join('\n', latest));
        return Infrastructure.Localization.Intl.IsSupportedLanguage(guess.Language) ? guess.Language : null;
    }

    private static (TriggerKind, SurveyScheduler.Target, string?) Resolved(ConversationResolved e) =>
        (TriggerKind.ConversationResolved, new SurveyScheduler.Target(e.CustomerId, e.ChannelId, e.ConversationId, e.AssigneeId, e.TeamId, null), null);

    private static (TriggerKind, SurveyScheduler.Target, string?) Tracked(EventTracked e) =>
        (TriggerKind.Event, new SurveyScheduler.Target(e.CustomerId, null, null, null, null, null), e.EventName);
}
