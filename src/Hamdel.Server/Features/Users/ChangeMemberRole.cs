using FluentValidation;
using Hamdel.Server.Features.Audit;
using Hamdel.Server.Features.Workspaces;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Features.Users;

/// <summary>Changes a member's role; the last active admin of a workspace cannot be demoted.</summary>
internal static class ChangeMemberRole
{
    internal sealed record Request(WorkspaceRole? Role);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator() => RuleFor(r => r.Role).NotNull();
    }

    internal sealed class Handler(HamdelDbContext db, AuditLog audit)
    {
        private static readonly Validator Validation = new();

        public async Task<Outcome<MemberDto>> ExecuteAsync(CurrentMember actor, Guid memberId, Request request, CancellationToken cancellationToken)
        {
            var validation = await Validation.ValidateAsync(request, cancellationToken);
            if (!validation.IsValid)
            {
                return Failure.Invalid(validation);
            }

            var member = await db.WorkspaceMembers.Include(m => m.User)
                .SingleOrDefaultAsync(m => m.Id == memberId && m.WorkspaceId == actor.WorkspaceId, cancellationToken);
            if (member is null)
            {
                return Failure.NotFound(Strings.Get("Member.NotFound"));
            }
            var role = request.Role!.Value;
            if (member.Role == role)
            {
                return ToDto(member);
            }
            if (member.Role == WorkspaceRole.Admin && member.IsActive && await MemberGuards.IsLastActiveAdminAsync(db, member, cancellationToken))
            {
                return Failure.Conflict(Strings.Get("Member.LastAdmin"));
            }

            var previous = member.Role;
            member.Role = role;
            audit.Record(AuditActions.RoleChanged, actor.UserId, actor.WorkspaceId, "member", member.Id.ToString(), $"{member.User!.Email}: {previous} → {role}");
            await db.SaveChangesAsync(cancellationToken);
            return ToDto(member);
        }
    }

    internal static MemberDto ToDto(WorkspaceMember m) =>
        new(m.Id, m.UserId, m.User!.Email!, m.User.DisplayName, m.Role, m.IsActive, m.CreatedAt);
}

internal static class MemberGuards
{
    public static async Task<bool> IsLastActiveAdminAsync(HamdelDbContext db, WorkspaceMember member, CancellationToken cancellationToken) =>
        !await db.WorkspaceMembers.AnyAsync(
            m => m.WorkspaceId == member.WorkspaceId && m.Id != member.Id && m.Role == WorkspaceRole.Admin && m.DeactivatedAt == null,
            cancellationToken);
}
