using Hamdel.Server.Features.Audit;
using Hamdel.Server.Features.Workspaces;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Errors;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Features.Users;

/// <summary>
/// Deactivates or reactivates a membership. A deactivated member loses access at once (their
/// sign-in is re-checked within a minute) but everything they did stays attributed to them.
/// </summary>
internal static class SetMemberActive
{
    internal sealed class Handler(HamdelDbContext db, UserManager<User> users, TimeProvider time, AuditLog audit)
    {
        public async Task<Outcome<MemberDto>> ExecuteAsync(CurrentMember actor, Guid memberId, bool active, CancellationToken cancellationToken)
        {
            var member = await db.WorkspaceMembers.Include(m => m.User)
                .SingleOrDefaultAsync(m => m.Id == memberId && m.WorkspaceId == actor.WorkspaceId, cancellationToken);
            if (member is null)
            {
                return Failure.NotFound(Strings.Get("Member.NotFound"));
            }
            if (member.IsActive == active)
            {
                return ChangeMemberRole.ToDto(member);
            }
            if (!active && member.Role == WorkspaceRole.Admin && await MemberGuards.IsLastActiveAdminAsync(db, member, cancellationToken))
            {
                return Failure.Conflict(Strings.Get("Member.LastAdmin"));
            }

            member.DeactivatedAt = active ? null : time.GetUtcNow();
            audit.Record(active ? AuditActions.MemberReactivated : AuditActions.MemberDeactivated, actor.UserId, actor.WorkspaceId, "member", member.Id.ToString(), member.User!.Email);
            await db.SaveChangesAsync(cancellationToken);
            if (!active)
            {
                // Ends open UI sessions at their next security-stamp check.
                await users.UpdateSecurityStampAsync(member.User);
            }
            return ChangeMemberRole.ToDto(member);
        }
    }
}
