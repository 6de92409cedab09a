using Hamdel.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Features.Users;

internal static class ListMembers
{
    /// <summary>Every member of a workspace, active first, by name. Workspaces have tens of members, not thousands: no paging.</summary>
    public static async Task<List<MemberDto>> ExecuteAsync(HamdelDbContext db, Guid workspaceId, CancellationToken cancellationToken)
    {
        var members = await db.WorkspaceMembers.AsNoTracking()
            .Where(m => m.WorkspaceId == workspaceId)
            .Select(MemberDto.Projection)
            .ToListAsync(cancellationToken);
        return [.. members.OrderByDescending(m => m.Active).ThenBy(m => m.DisplayName, StringComparer.CurrentCulture)];
    }
}
