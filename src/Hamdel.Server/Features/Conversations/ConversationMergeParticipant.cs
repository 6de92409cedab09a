using Hamdel.Server.Features.Customers;
using Hamdel.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Features.Conversations;

/// <summary>A merged customer's conversations become the survivor's, so one timeline shows them all.</summary>
internal sealed class ConversationMergeParticipant : ICustomerMergeParticipant
{
    public async Task<string?> MoveAsync(HamdelDbContext db, Guid workspaceId, Guid mergedId, Guid survivorId, CancellationToken cancellationToken)
    {
        var moved = await db.Conversations.Where(c => c.WorkspaceId == workspaceId && c.CustomerId == mergedId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.CustomerId, survivorId), cancellationToken);
        // Conversations already loaded in this unit of work must not write the old customer back.
        foreach (var tracked in db.Conversations.Local.Where(c => c.CustomerId == mergedId))
        {
            tracked.CustomerId = survivorId;
        }
        return moved == 0 ? null : Strings.Format("Merge.Conversations", moved);
    }
}
