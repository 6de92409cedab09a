using Hamdel.Server.Features.Users;

namespace Hamdel.Server.Features.Workspaces;

/// <summary>A user's membership of a workspace. Deactivated members keep their history.</summary>
internal sealed class WorkspaceMember
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; init; }
    public Guid UserId { get; init; }
    public WorkspaceRole Role { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? DeactivatedAt { get; set; }

    public bool IsActive => DeactivatedAt is null;

    public Workspace? Workspace { get; init; }
    public User? User { get; init; }
}
