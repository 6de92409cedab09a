using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hamdel.Server.Features.Audit;

/// <summary>One security-relevant action: who did what to what, when and from where.</summary>
internal sealed class AuditEntry
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    /// <summary>Null for actions outside any workspace, such as signing in.</summary>
    public Guid? WorkspaceId { get; init; }
    public Guid? ActorUserId { get; init; }
    /// <summary>Dotted name, e.g. <c>user.signed_in</c>; see <see cref="AuditActions"/>.</summary>
    public required string Action { get; init; }
    public string? TargetType { get; init; }
    public string? TargetId { get; init; }
    public string? Details { get; init; }
    public string? IpAddress { get; init; }
    public DateTimeOffset At { get; init; }
}

internal static class AuditActions
{
    public const string SignedIn = "user.signed_in";
    public const string SignInFailed = "user.sign_in_failed";
    public const string LockedOut = "user.locked_out";
    public const string SignedOut = "user.signed_out";
    public const string PasswordSet = "user.password_set";
    public const string ProfileChanged = "user.profile_changed";
    public const string MemberAdded = "member.added";
    public const string RoleChanged = "member.role_changed";
    public const string MemberDeactivated = "member.deactivated";
    public const string MemberReactivated = "member.reactivated";
    public const string TokenCreated = "token.created";
    public const string TokenRevoked = "token.revoked";
    public const string WorkspaceCreated = "workspace.created";
    public const string DataExported = "data.exported";
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.Property(a => a.Action).HasMaxLength(64);
        builder.Property(a => a.TargetType).HasMaxLength(64);
        builder.Property(a => a.TargetId).HasMaxLength(64);
        builder.Property(a => a.Details).HasMaxLength(2000);
        builder.Property(a => a.IpAddress).HasMaxLength(64);
        builder.HasIndex(a => new { a.WorkspaceId, a.Id });
        builder.HasIndex(a => new { a.ActorUserId, a.Id });
    }
}
