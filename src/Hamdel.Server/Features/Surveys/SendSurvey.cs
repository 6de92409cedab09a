using Hamdel.Server.Features.Customers;
using Hamdel.Server.Features.Workspaces;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hamdel.Server.Features.Surveys;

/// <summary>
/// Manual sends: a customer survey to a list of customers or a segment (a tag), with the throttle
/// applied to each; a pulse survey to the workspace's people (or one team's), anonymously.
/// </summary>
internal static class SendSurvey
{
    /// <summary>Customers by id or e-mail address, and/or everyone with a tag; or, for a pulse, one team (everyone when null).</summary>
    internal sealed record Request(List<Guid>? CustomerIds, string? Tag, Guid? TeamId, List<string>? Emails = null);

    public sealed record Skipped(Guid? CustomerId, string Reason);

    public sealed record Response(int Scheduled, IReadOnlyList<Skipped> Skipped);

    public const int MaxRecipients = 10_000;

    internal sealed class Handler(HamdelDbContext db, SurveyScheduler scheduler, InvitationSender sender, IOptions<SurveyOptions> options, TimeProvider time)
    {
        public async Task<Outcome<Response>> ExecuteAsync(CurrentMember actor, Guid surveyId, Request request, CancellationToken cancellationToken)
        {
            var survey = await db.Surveys.AsNoTracking().SingleOrDefaultAsync(s => s.Id == surveyId && s.WorkspaceId == actor.WorkspaceId, cancellationToken);
            if (survey is null)
            {
                return Failure.NotFound(Strings.Get("Survey.NotFound"));
            }
            if (!survey.IsActive)
            {
                return Failure.Conflict(Strings.Get("Survey.Inactive"));
            }
            var outcome = survey.Kind == SurveyKind.Pulse
                ? await PulseAsync(actor, survey, request, cancellationToken)
                : await CustomersAsync(actor, survey, request, cancellationToken);
            if (outcome.Succeeded)
            {
                await db.SaveChangesAsync(cancellationToken);
                sender.Wake();
            }
            return outcome;
        }

        private async Task<Outcome<Response>> CustomersAsync(CurrentMember actor, Survey survey, Request request, CancellationToken cancellationToken)
        {
            var ids = (request.CustomerIds ?? []).Distinct().ToList();
            // Every address checked first, then all looked up in one query; the first bad or unknown one is named.
            var emails = new List<string>();
            for (var i = 0; i < (request.Emails?.Count ?? 0); i++)
            {
                var email = Identities.Email(request.Emails![i], $"emails[{i}]");
                if (email.Failure is { } invalid)
                {
                    return invalid;
                }
                emails.Add(email.Value!);
            }
            var byEmail = new Dictionary<string, Guid>(StringComparer.Ordinal);
            if (emails.Count > 0)
            {
                foreach (var found in await db.CustomerIdentities
                    .Where(x => x.WorkspaceId == actor.WorkspaceId && x.Kind == IdentityKind.Email && emails.Contains(x.Value))
                    .Select(x => new { x.Value, x.CustomerId }).ToListAsync(cancellationToken))
                {
                    byEmail.TryAdd(found.Value, found.CustomerId);
                }
            }
            for (var i = 0; i < emails.Count; i++)
            {
                if (!byEmail.TryGetValue(emails[i], out var customerId))
                {
                    return Failure.Invalid($"emails[{i}]", Strings.Format("Survey.NoCustomerWithEmail", emails[i]));
                }
                ids.Add(customerId);
            }
            if (!string.IsNullOrWhiteSpace(request.Tag))
            {
                var tag = request.Tag.Trim();
                ids.AddRange(await db.CustomerTags.Where(t => t.WorkspaceId == actor.WorkspaceId && t.Tag == tag).Select(t => t.CustomerId).ToListAsync(cancellationToken));
                ids = [.. ids.Distinct()];
            }
            if (ids.Count is 0 or > MaxRecipients)
            {
                return Failure.Invalid("customerIds", Strings.Format("Survey.Recipients", MaxRecipients));
            }
            var known = await db.Customers.Where(c => c.WorkspaceId == actor.WorkspaceId && c.MergedIntoId == null && ids.Contains(c.Id)).Select(c => c.Id).ToListAsync(cancellationToken);
            if (ids.Except(known).FirstOrDefault() is var unknown && unknown != Guid.Empty)
            {
                return Failure.Invalid("customerIds", Strings.Format("Customer.NotFound", unknown));
            }
            var skipped = new List<Skipped>();
            var scheduled = 0;
            foreach (var id in known)
            {
                var invitation = await scheduler.ScheduleAsync(survey, null, null, new SurveyScheduler.Target(id, null, null, null, null, null), cancellationToken);
                if (invitation.Status == InvitationStatus.Skipped)
                {
                    skipped.Add(new Skipped(id, invitation.LastError!));
                }
                else
                {
                    scheduled++;
                    // The next customer's throttle check must see this one's pending invitation; one save at the end.
                    await db.SaveChangesAsync(cancellationToken);
                }
            }
            return new Response(scheduled, skipped);
        }

        private async Task<Outcome<Response>> PulseAsync(CurrentMember actor, Survey survey, Request request, CancellationToken cancellationToken)
        {
            if (request.TeamId is { } teamId && !await db.Teams.AnyAsync(t => t.Id == teamId && t.WorkspaceId == actor.WorkspaceId, cancellationToken))
            {
                return Failure.Invalid("teamId", Strings.Get("Team.NotFound"));
            }
            var people = await db.WorkspaceMembers.AsNoTracking()
                .Where(m => m.WorkspaceId == actor.WorkspaceId && m.DeactivatedAt == null)
                .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Id, u.Email, u.Language })
                .ToListAsync(cancellationToken);
            var teams = await db.TeamMembers.AsNoTracking()
                .Join(db.Teams.Where(t => t.WorkspaceId == actor.WorkspaceId), m => m.TeamId, t => t.Id, (m, t) => new { t.Id, t.Name, m.UserId })
                .ToListAsync(cancellationToken);
            var now = time.GetUtcNow();
            var workspaceLanguage = await db.Workspaces.Where(w => w.Id == actor.WorkspaceId).Select(w => w.DefaultLanguage).SingleAsync(cancellationToken);
            var scheduled = 0;
            foreach (var person in people.Where(p => p.Email is not null))
            {
                var personTeams = teams.Where(t => t.UserId == person.Id).OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
                if (request.TeamId is { } only && personTeams.All(t => t.Id != only))
                {
                    continue;
                }
                var group = request.TeamId is { } chosen ? personTeams.First(t => t.Id == chosen).Name : personTeams.FirstOrDefault()?.Name;
                db.SurveyInvitations.Add(new SurveyInvitation
                {
                    WorkspaceId = actor.WorkspaceId,
                    SurveyId = survey.Id,
                    SurveyVersion = survey.CurrentVersion,
                    TouchpointId = survey.TouchpointId,
                    Email = person.Email,
                    Language = SurveyRules.Language(person.Language, workspaceLanguage),
                    Group = group,
                    Status = InvitationStatus.Scheduled,
                    SendAt = now,
                    ExpiresAt = now + options.Value.InvitationLifetime,
                    CreatedAt = now,
                });
                scheduled++;
            }
            return new Response(scheduled, []);
        }
    }
}
