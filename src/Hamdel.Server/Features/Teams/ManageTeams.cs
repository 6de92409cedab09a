using FluentValidation;
using Hamdel.Server.Features.Workspaces;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Features.Teams;

public sealed record TeamDto(Guid Id, string Name, Guid? LeadUserId, IReadOnlyList<Guid> MemberUserIds);

/// <summary>Teams of a workspace: name, lead and members (who must be active members of the workspace).</summary>
internal static class ManageTeams
{
    internal sealed record Request(string? Name, Guid? LeadUserId, List<Guid>? MemberUserIds);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Name).NotEmpty().MaximumLength(Limits.NameLength);
            RuleFor(r => r.MemberUserIds).Must(m => m is null || m.Count <= 500);
        }
    }

    internal sealed class Handler(HamdelDbContext db, TimeProvider time)
    {
        private static readonly Validator Validation = new();

        public Task<List<TeamDto>> ListAsync(CurrentMember actor, CancellationToken cancellationToken) =>
            db.Teams.AsNoTracking().Where(t => t.WorkspaceId == actor.WorkspaceId).OrderBy(t => t.Name)
                .Select(t => new TeamDto(t.Id, t.Name, t.LeadUserId, t.Members.Select(m => m.UserId).ToList()))
                .ToListAsync(cancellationToken);

        public async Task<Outcome<TeamDto>> SaveAsync(CurrentMember actor, Guid? teamId, Request request, CancellationToken cancellationToken)
        {
            var validation = await Validation.ValidateAsync(request, cancellationToken);
            if (!validation.IsValid)
            {
                return Failure.Invalid(validation);
            }
            var people = (request.MemberUserIds ?? []).Distinct().ToList();
            if (request.LeadUserId is { } lead && !people.Contains(lead))
            {
                people.Add(lead);
            }
            var members = await db.WorkspaceMembers.Where(m => m.WorkspaceId == actor.WorkspaceId && m.DeactivatedAt == null && people.Contains(m.UserId))
                .Select(m => m.UserId).ToListAsync(cancellationToken);
            if (people.Except(members).FirstOrDefault() is var stranger && stranger != Guid.Empty)
            {
                return Failure.Invalid(request.LeadUserId == stranger ? "leadUserId" : "memberUserIds", Strings.Format("Team.NotMember", stranger));
            }
            var name = request.Name!.Trim();
            if (await db.Teams.AnyAsync(t => t.WorkspaceId == actor.WorkspaceId && t.Name == name && t.Id != teamId, cancellationToken))
            {
                return Failure.Conflict(Strings.Format("Team.NameTaken", name));
            }

            Team team;
            if (teamId is null)
            {
                team = new Team { WorkspaceId = actor.WorkspaceId, Name = name, CreatedAt = time.GetUtcNow() };
                db.Teams.Add(team);
            }
            else
            {
                var existing = await db.Teams.Include(t => t.Members).SingleOrDefaultAsync(t => t.Id == teamId && t.WorkspaceId == actor.WorkspaceId, cancellationToken);
                if (existing is null)
                {
                    return Failure.NotFound(Strings.Get("Team.NotFound"));
                }
                team = existing;
                team.Name = name;
                db.TeamMembers.RemoveRange(team.Members.Where(m => !people.Contains(m.UserId)));
            }
            team.LeadUserId = request.LeadUserId;
            foreach (var userId in people.Where(p => team.Members.All(m => m.UserId != p)))
            {
                db.TeamMembers.Add(new TeamMember { TeamId = team.Id, UserId = userId });
            }
            await db.SaveChangesAsync(cancellationToken);
            return new TeamDto(team.Id, team.Name, team.LeadUserId, people);
        }

        public async Task<Outcome<Done>> DeleteAsync(CurrentMember actor, Guid teamId, CancellationToken cancellationToken)
        {
            var team = await db.Teams.Include(t => t.Members).SingleOrDefaultAsync(t => t.Id == teamId && t.WorkspaceId == actor.WorkspaceId, cancellationToken);
            if (team is null)
            {
                return Failure.NotFound(Strings.Get("Team.NotFound"));
            }
            // Conversations and channels keep working; they just no longer point to a team.
            await db.Conversations.Where(c => c.TeamId == teamId).ExecuteUpdateAsync(s => s.SetProperty(c => c.TeamId, (Guid?)null), cancellationToken);
            await db.Channels.Where(c => c.TeamId == teamId).ExecuteUpdateAsync(s => s.SetProperty(c => c.TeamId, (Guid?)null), cancellationToken);
            db.TeamMembers.RemoveRange(team.Members);
            db.Teams.Remove(team);
            await db.SaveChangesAsync(cancellationToken);
            return Done.Value;
        }
    }
}
