using Hamdel.Server.Infrastructure.Data;

namespace Hamdel.Server.Features.Audit;

/// <summary>
/// Adds audit entries to the current unit of work, so an entry is committed in the same
/// transaction as the action it records (no action without its entry, and no entry for an
/// action that was rolled back).
/// </summary>
internal sealed class AuditLog(HamdelDbContext db, TimeProvider time, IHttpContextAccessor http)
{
    public void Record(string action, Guid? actorUserId, Guid? workspaceId = null, string? targetType = null, string? targetId = null, string? details = null)
    {
        db.AuditEntries.Add(new AuditEntry
        {
            Action = action,
            ActorUserId = actorUserId,
            WorkspaceId = workspaceId,
            TargetType = targetType,
            TargetId = targetId,
            Details = details is { Length: > 2000 } ? details[..2000] : details,
            IpAddress = http.HttpContext?.Connection.RemoteIpAddress?.ToString(),
            At = time.GetUtcNow(),
        });
    }
}
