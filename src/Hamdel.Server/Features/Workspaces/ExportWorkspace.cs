using Hamdel.Server.Features.Audit;
using Hamdel.Server.Features.Customers;
using Hamdel.Server.Features.Users;
using Hamdel.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Features.Workspaces;

/// <summary>
/// The whole workspace as one JSON document, streamed row by row so a large workspace does not
/// have to fit in memory. Every export is recorded in the audit log before the first byte is sent.
/// </summary>
internal static class ExportWorkspace
{
    internal sealed record Export(
        string Format,
        DateTimeOffset ExportedAt,
        WorkspaceDto Workspace,
        IAsyncEnumerable<MemberDto> Members,
        IAsyncEnumerable<CustomerDto> Customers);

    internal sealed class Handler(HamdelDbContext db, TimeProvider time, AuditLog audit)
    {
        public async Task<Export> ExecuteAsync(CurrentMember actor, CancellationToken cancellationToken)
        {
            audit.Record(AuditActions.DataExported, actor.UserId, actor.WorkspaceId, "workspace", actor.WorkspaceId.ToString());
            await db.SaveChangesAsync(cancellationToken);

            var workspace = await db.Workspaces.AsNoTracking()
                .Where(w => w.Id == actor.WorkspaceId)
                .Select(w => new WorkspaceDto(w.Id, w.Name, w.TimeZone, w.DefaultLanguage, w.IsDemo, actor.Role))
                .SingleAsync(cancellationToken);

            var members = db.WorkspaceMembers.AsNoTracking()
                .Where(m => m.WorkspaceId == actor.WorkspaceId)
                .OrderBy(m => m.Id)
                .Select(MemberDto.Projection)
                .AsAsyncEnumerable();
            var customers = db.Customers.AsNoTracking()
                .Where(c => c.WorkspaceId == actor.WorkspaceId)
                .OrderBy(c => c.Id)
                .Select(c => new CustomerDto(c.Id, c.DisplayName, c.Language, c.TimeZone, c.CreatedAt,
                    c.Identities.OrderBy(i => i.Kind).Select(i => new IdentityDto(i.Kind, i.Value, i.Verified)).ToList()))
                .AsAsyncEnumerable();
            return new Export("hamdel-export/1", time.GetUtcNow(), workspace, members, customers);
        }
    }
}
