using Hamdel.Server.Features.Search;
using Hamdel.Server.Features.Workspaces;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Errors;
using Hamdel.Server.Infrastructure.Paging;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Features.Customers;

public sealed record IdentityDto(IdentityKind Kind, string Value, bool Verified);

public sealed record CustomerDto(Guid Id, string DisplayName, string? Language, string? TimeZone, DateTimeOffset CreatedAt, IReadOnlyList<IdentityDto> Identities);

internal static class ListCustomers
{
    internal sealed class Handler(HamdelDbContext db, SearchIndex search)
    {
        /// <summary>Customers newest first, optionally those whose name or identity contains <paramref name="q"/>.</summary>
        public async Task<Outcome<Page<CustomerDto>>> ExecuteAsync(CurrentMember actor, string? q, string? cursor, int? limit, CancellationToken cancellationToken)
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

            var query = db.Customers.AsNoTracking().Where(c => c.WorkspaceId == actor.WorkspaceId && c.MergedIntoId == null);
            if (!string.IsNullOrWhiteSpace(q))
            {
                // Names and identities, normalised the same way as the query (see SearchIndex).
                var matches = await search.FindAsync(actor.WorkspaceId, SearchKind.Customer, FoldPhone(q), SearchIndex.MaxMatches, cancellationToken);
                query = query.Where(c => matches.Contains(c.Id));
            }
            if (page.AfterId is { } after)
            {
                query = query.Where(c => c.Id.CompareTo(after) < 0);
            }
            var rows = await query.OrderByDescending(c => c.Id).Take(page.Limit + 1).AsSplitQuery()
                .Select(c => new CustomerDto(c.Id, c.DisplayName, c.Language, c.TimeZone, c.CreatedAt,
                    c.Identities.OrderBy(i => i.Kind).Select(i => new IdentityDto(i.Kind, i.Value, i.Verified)).ToList()))
                .ToListAsync(cancellationToken);
            return page.ToPage(rows, r => r.Id.ToString(), r => r);
        }

        /// <summary>A phone typed as "0912 123 4567" or "+98 912-123-4567" is searched without its separators, as stored.</summary>
        private static string FoldPhone(string q) =>
            q.Any(char.IsLetter) ? q : Identities.FoldDigits(q).TrimStart('0');

        public Task<CustomerDto?> GetAsync(CurrentMember actor, Guid customerId, CancellationToken cancellationToken) =>
            db.Customers.AsNoTracking()
                .Where(c => c.WorkspaceId == actor.WorkspaceId && c.Id == customerId)
                .AsSplitQuery()
                .Select(c => new CustomerDto(c.Id, c.DisplayName, c.Language, c.TimeZone, c.CreatedAt,
                    c.Identities.OrderBy(i => i.Kind).Select(i => new IdentityDto(i.Kind, i.Value, i.Verified)).ToList()))
                .SingleOrDefaultAsync(cancellationToken);
    }
}
