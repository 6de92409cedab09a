using FluentValidation;
using Hamdel.Server.Features.Audit;
using Hamdel.Server.Features.Search;
using Hamdel.Server.Features.Workspaces;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Errors;
using Hamdel.Server.Infrastructure.Events;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Features.Customers;

/// <summary>
/// Something a customer owns that moves to the survivor when two customers are merged. Each
/// feature that stores customer data registers one, so merging never forgets a feature added later.
/// </summary>
internal interface ICustomerMergeParticipant
{
    /// <summary>Moves the merged customer's rows to the survivor; returns a short summary ("3 conversations") or null if there were none.</summary>
    Task<string?> MoveAsync(HamdelDbContext db, Guid workspaceId, Guid mergedId, Guid survivorId, CancellationToken cancellationToken);
}

/// <summary>
/// Merges one customer into another: identities, attributes (the survivor's win), tags and every
/// participant's data move to the survivor; the merged profile stays as a pointer to it; the merge
/// is recorded for the survivor's timeline and published as <c>customer.merged</c>.
/// </summary>
internal static class MergeCustomers
{
    public const string Manual = "manual";
    public const string VerifiedIdentity = "verified-identity";

    internal sealed record Request(Guid? CustomerId);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator() => RuleFor(r => r.CustomerId).NotEmpty();
    }

    internal sealed class Handler(HamdelDbContext db, EventOutbox events, TimeProvider time, AuditLog audit, IEnumerable<ICustomerMergeParticipant> participants)
    {
        private static readonly Validator Validation = new();

        /// <summary>A person merges <c>request.CustomerId</c> into <paramref name="survivorId"/>.</summary>
        public async Task<Outcome<Guid>> ExecuteAsync(CurrentMember actor, Guid survivorId, Request request, CancellationToken cancellationToken)
        {
            var validation = await Validation.ValidateAsync(request, cancellationToken);
            if (!validation.IsValid)
            {
                return Failure.Invalid(validation);
            }
            var otherId = request.CustomerId!.Value;
            if (otherId == survivorId)
            {
                return Failure.Invalid("customerId", Strings.Get("Merge.Same"));
            }
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var found = await db.Customers.AsNoTracking()
                .Where(c => c.WorkspaceId == actor.WorkspaceId && (c.Id == survivorId || c.Id == otherId))
                .Select(c => new { c.Id, c.MergedIntoId })
                .ToListAsync(cancellationToken);
            if (found.FirstOrDefault(c => c.Id == survivorId) is not { MergedIntoId: null })
            {
                return Failure.NotFound(Strings.Get("Customer.NotFound"));
            }
            if (found.FirstOrDefault(c => c.Id == otherId) is not { } other)
            {
                return Failure.Invalid("customerId", Strings.Get("Customer.NotFound"));
            }
            if (other.MergedIntoId is not null)
            {
                return Failure.Conflict(Strings.Format("Merge.AlreadyMerged", other.MergedIntoId));
            }
            await MergeAsync(actor.WorkspaceId, survivorId, otherId, actor.UserId, Manual, cancellationToken);
            audit.Record("customer.merged", actor.UserId, actor.WorkspaceId, "customer", survivorId.ToString(), $"merged {otherId}");
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return survivorId;
        }

        /// <summary>The merge itself, inside the caller's transaction; the caller saves.</summary>
        public async Task MergeAsync(Guid workspaceId, Guid survivorId, Guid mergedId, Guid? byUserId, string reason, CancellationToken cancellationToken)
        {
            var now = time.GetUtcNow();
            var survivor = await db.Customers.SingleAsync(c => c.Id == survivorId && c.WorkspaceId == workspaceId, cancellationToken);
            var merged = await db.Customers.SingleAsync(c => c.Id == mergedId && c.WorkspaceId == workspaceId, cancellationToken);

            var summary = new List<string>();
            foreach (var participant in participants)
            {
                if (await participant.MoveAsync(db, workspaceId, mergedId, survivorId, cancellationToken) is { } moved)
                {
                    summary.Add(moved);
                }
            }

            merged.MergedIntoId = survivorId;
            merged.UpdatedAt = now;
            survivor.UpdatedAt = now;
            // Earlier merges into the merged customer now point at the survivor directly.
            await db.Customers.Where(c => c.MergedIntoId == mergedId).ExecuteUpdateAsync(s => s.SetProperty(c => c.MergedIntoId, survivorId), cancellationToken);
            await db.SearchEntries.Where(e => e.WorkspaceId == workspaceId && e.Kind == SearchKind.Customer && e.OwnerId == mergedId).ExecuteDeleteAsync(cancellationToken);
            await CustomerSearch.RefreshFromStoreAsync(db, survivor, cancellationToken);

            db.CustomerMerges.Add(new CustomerMerge
            {
                WorkspaceId = workspaceId,
                SurvivorId = survivorId,
                MergedId = mergedId,
                MergedDisplayName = merged.DisplayName,
                ByUserId = byUserId,
                Reason = reason,
                Details = string.Join(", ", summary),
                At = now,
            });
            events.Publish(new CustomerMerged(workspaceId, survivorId, mergedId, reason, byUserId));
        }
    }
}

/// <summary>The customer's own data: identities, attributes (the survivor's values win) and tags.</summary>
internal sealed class CustomerProfileMergeParticipant : ICustomerMergeParticipant
{
    public async Task<string?> MoveAsync(HamdelDbContext db, Guid workspaceId, Guid mergedId, Guid survivorId, CancellationToken cancellationToken)
    {
        var identities = await db.CustomerIdentities.Where(i => i.CustomerId == mergedId)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.CustomerId, survivorId), cancellationToken);

        var survivorKeys = await db.CustomerAttributes.Where(a => a.CustomerId == survivorId).Select(a => a.Key).ToListAsync(cancellationToken);
        var attributes = await db.CustomerAttributes.Where(a => a.CustomerId == mergedId && !survivorKeys.Contains(a.Key)).ToListAsync(cancellationToken);
        foreach (var attribute in attributes)
        {
            db.CustomerAttributes.Remove(attribute);
            db.CustomerAttributes.Add(new CustomerAttribute { CustomerId = survivorId, WorkspaceId = workspaceId, Key = attribute.Key, Type = attribute.Type, Value = attribute.Value });
        }
        await db.CustomerAttributes.Where(a => a.CustomerId == mergedId && survivorKeys.Contains(a.Key)).ExecuteDeleteAsync(cancellationToken);

        var survivorTags = await db.CustomerTags.Where(t => t.CustomerId == survivorId).Select(t => t.Tag).ToListAsync(cancellationToken);
        var tags = await db.CustomerTags.Where(t => t.CustomerId == mergedId).ToListAsync(cancellationToken);
        foreach (var tag in tags)
        {
            db.CustomerTags.Remove(tag);
            if (!survivorTags.Contains(tag.Tag))
            {
                db.CustomerTags.Add(new CustomerTag { CustomerId = survivorId, WorkspaceId = workspaceId, Tag = tag.Tag });
            }
        }
        return identities == 0 ? null : Strings.Format("Merge.Identities", identities);
    }
}
