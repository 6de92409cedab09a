using Hamdel.Server.Features.Workspaces;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Features.Customers;

public sealed record IdentityDetail(Guid Id, IdentityKind Kind, string Value, bool Verified, DateTimeOffset CreatedAt);

public sealed record AttributeDto(string Key, AttributeType Type, string Value);

public sealed record CustomerProfile(
    Guid Id,
    string DisplayName,
    string? Language,
    string? TimeZone,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<IdentityDetail> Identities,
    IReadOnlyList<AttributeDto> Attributes,
    IReadOnlyList<string> Tags);

/// <summary>One thing on a customer's timeline: a conversation, a merge, later a survey answer or a tracked event.</summary>
public sealed record TimelineItem(DateTimeOffset At, string Kind, Guid RefId, string Title, string? Detail, IReadOnlyDictionary<string, string?> Data);

/// <summary>A feature that puts items on the customer timeline (registered in DI; the timeline asks them all).</summary>
internal interface ITimelineSource
{
    Task<IReadOnlyList<TimelineItem>> ItemsAsync(HamdelDbContext db, Guid workspaceId, Guid customerId, int limit, CancellationToken cancellationToken);
}

internal static class CustomerDetail
{
    internal sealed class Handler(HamdelDbContext db, IEnumerable<ITimelineSource> sources)
    {
        /// <summary>The profile; a merged customer's id answers "not found" with a pointer to the survivor.</summary>
        public async Task<Outcome<CustomerProfile>> GetAsync(CurrentMember actor, Guid customerId, CancellationToken cancellationToken)
        {
            var customer = await db.Customers.AsNoTracking()
                .Where(c => c.Id == customerId && c.WorkspaceId == actor.WorkspaceId)
                .Select(c => new { c.Id, c.DisplayName, c.Language, c.TimeZone, c.CreatedAt, c.UpdatedAt, c.MergedIntoId })
                .SingleOrDefaultAsync(cancellationToken);
            if (customer is null)
            {
                return Failure.NotFound(Strings.Get("Customer.NotFound"));
            }
            if (customer.MergedIntoId is { } survivor)
            {
                return MergedInto(actor.WorkspaceId, survivor);
            }
            var identities = await db.CustomerIdentities.AsNoTracking().Where(i => i.CustomerId == customerId)
                .OrderBy(i => i.Kind).ThenBy(i => i.Value)
                .Select(i => new IdentityDetail(i.Id, i.Kind, i.Value, i.Verified, i.CreatedAt)).ToListAsync(cancellationToken);
            var attributes = await db.CustomerAttributes.AsNoTracking().Where(a => a.CustomerId == customerId)
                .OrderBy(a => a.Key).Select(a => new AttributeDto(a.Key, a.Type, a.Value)).ToListAsync(cancellationToken);
            var tags = await db.CustomerTags.AsNoTracking().Where(t => t.CustomerId == customerId)
                .OrderBy(t => t.Tag).Select(t => t.Tag).ToListAsync(cancellationToken);
            return new CustomerProfile(customer.Id, customer.DisplayName, customer.Language, customer.TimeZone, customer.CreatedAt, customer.UpdatedAt, identities, attributes, tags);
        }

        /// <summary>Everything that happened with the customer, on every channel, newest first.</summary>
        public async Task<Outcome<IReadOnlyList<TimelineItem>>> TimelineAsync(CurrentMember actor, Guid customerId, int? limit, CancellationToken cancellationToken)
        {
            var take = Math.Clamp(limit ?? 100, 1, 500);
            var customer = await db.Customers.AsNoTracking().Where(c => c.Id == customerId && c.WorkspaceId == actor.WorkspaceId)
                .Select(c => new { c.MergedIntoId }).SingleOrDefaultAsync(cancellationToken);
            if (customer is null)
            {
                return Failure.NotFound(Strings.Get("Customer.NotFound"));
            }
            if (customer.MergedIntoId is { } survivor)
            {
                return MergedInto(actor.WorkspaceId, survivor);
            }
            var items = new List<TimelineItem>();
            foreach (var source in sources)
            {
                items.AddRange(await source.ItemsAsync(db, actor.WorkspaceId, customerId, take, cancellationToken));
            }
            return items.OrderByDescending(i => i.At).Take(take).ToList();
        }

        public static Failure MergedInto(Guid workspaceId, Guid survivorId) =>
            Failure.NotFound(Strings.Format("Customer.Merged", survivorId)) with
            {
                Extensions = new Dictionary<string, object?>
                {
                    ["mergedInto"] = survivorId,
                    ["location"] = $"/api/v1/workspaces/{workspaceId}/customers/{survivorId}",
                },
            };
    }
}

/// <summary>Merges into this customer appear on its timeline.</summary>
internal sealed class MergeTimelineSource : ITimelineSource
{
    public async Task<IReadOnlyList<TimelineItem>> ItemsAsync(HamdelDbContext db, Guid workspaceId, Guid customerId, int limit, CancellationToken cancellationToken)
    {
        var merges = await db.CustomerMerges.AsNoTracking()
            .Where(m => m.WorkspaceId == workspaceId && m.SurvivorId == customerId)
            .OrderByDescending(m => m.At).Take(limit).ToListAsync(cancellationToken);
        return [.. merges.Select(m => new TimelineItem(m.At, "merge", m.MergedId, m.MergedDisplayName, m.Details,
            new Dictionary<string, string?> { ["reason"] = m.Reason, ["byUserId"] = m.ByUserId?.ToString() }))];
    }
}
