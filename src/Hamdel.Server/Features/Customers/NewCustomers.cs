using Hamdel.Server.Features.Search;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Events;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Features.Customers;

/// <summary>
/// A customer first known from an address outside a conversation (a tracked event, an imported
/// survey answer): the profile, its searchable entry and the <c>customer.created</c> event, added
/// to the caller's unit of work.
/// </summary>
internal static class NewCustomers
{
    public static Customer Add(HamdelDbContext db, EventOutbox events, Guid workspaceId, string? name, string? language,
        IReadOnlyList<(IdentityKind Kind, string Value)> identities, DateTimeOffset now)
    {
        var customer = new Customer
        {
            WorkspaceId = workspaceId,
            DisplayName = string.IsNullOrWhiteSpace(name) ? identities[0].Value : name.Trim(),
            Language = language,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Customers.Add(customer);
        db.SearchEntries.Add(new SearchEntry
        {
            WorkspaceId = workspaceId,
            Kind = SearchKind.Customer,
            OwnerId = customer.Id,
            Text = SearchText.Of(customer.DisplayName + "\n" + string.Join("\n", identities.Select(i => i.Value))),
        });
        events.Publish(new CustomerCreated(workspaceId, customer.Id, customer.DisplayName));
        return customer;
    }

    /// <summary>The owners of the given addresses, looked up in chunks.</summary>
    public static async Task<Dictionary<(IdentityKind, string), Guid>> OwnersAsync(HamdelDbContext db, Guid workspaceId, IEnumerable<string> values, CancellationToken cancellationToken)
    {
        var owners = new Dictionary<(IdentityKind, string), Guid>();
        foreach (var chunk in values.Distinct().Chunk(500))
        {
            var found = await db.CustomerIdentities.Where(i => i.WorkspaceId == workspaceId && chunk.Contains(i.Value))
                .Select(i => new { i.Kind, i.Value, i.CustomerId }).ToListAsync(cancellationToken);
            foreach (var identity in found)
            {
                owners[(identity.Kind, identity.Value)] = identity.CustomerId;
            }
        }
        return owners;
    }
}
