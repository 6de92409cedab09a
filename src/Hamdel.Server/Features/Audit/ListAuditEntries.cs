using Hamdel.Server.Features.Workspaces;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Errors;
using Hamdel.Server.Infrastructure.Paging;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Features.Audit;

internal sealed record AuditEntryDto(Guid Id, DateTimeOffset At, string Action, Guid? ActorUserId, string? ActorEmail, string? TargetType, string? TargetId, string? Details, string? IpAddress);

/// <summary>
/// The audit trail an admin reads: everything recorded in the workspace, plus the sign-ins and
/// token changes of its members (recorded outside any workspace), newest first.
/// </summary>
internal static class ListAuditEntries
{
    internal sealed class Handler(HamdelDbContext db)
    {
        public async Task<Outcome<Page<AuditEntryDto>>> ExecuteAsync(CurrentMember actor, string? action, string? cursor, int? limit, CancellationToken cancellationToken)
        {
            var parsed = PageRequest.Parse(cursor, limit);
            if (!parsed.Succeeded)
            {
                return parsed.Failure!;
            }
            var page = parsed.Value;
            if (page.Cursor is not null && page.AfterId is null)
            {
                return Failure.Invalid("cursor", Strings.Get("Error.Cursor"));
            }

            var members = db.WorkspaceMembers.Where(m => m.WorkspaceId == actor.WorkspaceId).Select(m => (Guid?)m.UserId);
            var query = db.AuditEntries.AsNoTracking()
                .Where(a => a.WorkspaceId == actor.WorkspaceId || (a.WorkspaceId == null && members.Contains(a.ActorUserId)));
            if (!string.IsNullOrWhiteSpace(action))
            {
                query = query.Where(a => a.Action == action);
            }
            if (page.AfterId is { } after)
            {
                query = query.Where(a => a.Id.CompareTo(after) < 0);
            }
            var rows = await query
                .OrderByDescending(a => a.Id)
                .Take(page.Limit + 1)
                .Select(a => new AuditEntryDto(a.Id, a.At, a.Action, a.ActorUserId,
                    db.Users.Where(u => u.Id == a.ActorUserId).Select(u => u.Email).FirstOrDefault(),
                    a.TargetType, a.TargetId, a.Details, a.IpAddress))
                .ToListAsync(cancellationToken);
            return page.ToPage(rows, r => r.Id.ToString(), r => r);
        }
    }
}
