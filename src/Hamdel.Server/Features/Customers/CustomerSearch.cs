using Hamdel.Server.Features.Search;
using Hamdel.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Features.Customers;

/// <summary>Keeps a customer's search entry (name and identities) in step with the profile.</summary>
internal static class CustomerSearch
{
    /// <summary>Rewrites the entry from the name and the given identity values (the caller's current view, which may include unsaved ones).</summary>
    public static async Task RefreshAsync(HamdelDbContext db, Customer customer, IEnumerable<string> identityValues, CancellationToken cancellationToken)
    {
        var text = SearchText.Of(customer.DisplayName + "\n" + string.Join("\n", identityValues.Distinct()));
        var entry = db.SearchEntries.Local.FirstOrDefault(e => e.Kind == SearchKind.Customer && e.OwnerId == customer.Id)
            ?? await db.SearchEntries.FirstOrDefaultAsync(e => e.WorkspaceId == customer.WorkspaceId && e.Kind == SearchKind.Customer && e.OwnerId == customer.Id, cancellationToken);
        if (entry is null)
        {
            db.SearchEntries.Add(new SearchEntry { WorkspaceId = customer.WorkspaceId, Kind = SearchKind.Customer, OwnerId = customer.Id, Text = text });
        }
        else
        {
            entry.Text = text;
        }
    }

    /// <summary>Rewrites the entry from what is stored (after merges and identity changes).</summary>
    public static async Task RefreshFromStoreAsync(HamdelDbContext db, Customer customer, CancellationToken cancellationToken)
    {
        var values = await db.CustomerIdentities.Where(i => i.CustomerId == customer.Id).Select(i => i.Value).ToListAsync(cancellationToken);
        values.AddRange(db.CustomerIdentities.Local.Where(i => i.CustomerId == customer.Id).Select(i => i.Value));
        await RefreshAsync(db, customer, values, cancellationToken);
    }
}
