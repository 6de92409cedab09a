using Hamdel.Server.Features.Workspaces;

namespace Hamdel.Server.Features.Users;

/// <summary>A member of a workspace as the API and the UI show them.</summary>
public sealed record MemberDto(Guid Id, Guid UserId, string Email, string DisplayName, WorkspaceRole Role, bool Active, DateTimeOffset CreatedAt)
{
    internal static readonly System.Linq.Expressions.Expression<Func<WorkspaceMember, MemberDto>> Projection = m =>
        new MemberDto(m.Id, m.UserId, m.User!.Email!, m.User.DisplayName, m.Role, m.DeactivatedAt == null, m.CreatedAt);
}
