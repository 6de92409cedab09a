using Hamdel.Server.Features.Conversations;
using Hamdel.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Features.Email;

/// <summary>Keeps mail loops shut: what Hamdel does on its own must not answer an automatic message.</summary>
internal static class EmailLoops
{
    /// <summary>
    /// True when everything the "customer" sent in the conversation was automatic (out-of-office
    /// replies, bounces, bulk mail): such a conversation gets no survey or other automatic mail.
    /// </summary>
    public static async Task<bool> OnlyAutomatedAsync(HamdelDbContext db, Guid conversationId, CancellationToken cancellationToken)
    {
        var inbound = db.Messages.Where(m => m.ConversationId == conversationId && m.Direction == MessageDirection.Inbound);
        var automated = inbound.Where(m => db.EmailMessages.Any(e => e.MessageId == m.Id && e.Automated));
        return await automated.AnyAsync(cancellationToken) && !await inbound.Except(automated).AnyAsync(cancellationToken);
    }
}
