using System.Text.Json;
using Hamdel.Server.Features.Customers;
using Hamdel.Server.Features.Workspaces;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Errors;
using Hamdel.Server.Infrastructure.Events;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Features.Tracking;

/// <summary>
/// The company tells Hamdel that a customer did something ("order.delivered"): it lands on the
/// customer's timeline and may trigger a survey. An unknown customer is created from the address.
/// </summary>
internal static class TrackEvent
{
    internal sealed record CustomerRef(string? Email, string? Phone, string? Handle, string? Name);

    internal sealed record Request(CustomerRef? Customer, string? Name, JsonElement? Properties, DateTimeOffset? OccurredAt);

    public sealed record Response(Guid Id, Guid CustomerId, string Name, DateTimeOffset OccurredAt);

    public const int PropertiesLength = 16_000;

    internal sealed class Handler(HamdelDbContext db, EventOutbox events, TimeProvider time)
    {
        public async Task<Outcome<Response>> ExecuteAsync(CurrentMember actor, Request request, CancellationToken cancellationToken)
        {
            var name = request.Name?.Trim();
            if (string.IsNullOrEmpty(name) || name.Length > Limits.TagLength || !Surveys.ManageSurveys.KeyPattern().IsMatch(name.ToLowerInvariant()))
            {
                return Failure.Invalid("name", Strings.Get("Event.Name"));
            }
            var region = await db.Workspaces.Where(w => w.Id == actor.WorkspaceId).Select(w => w.DefaultPhoneRegion).SingleAsync(cancellationToken);
            var identities = new List<(IdentityKind Kind, string Value)>();
            foreach (var (kind, raw, field) in new[] { (IdentityKind.Email, request.Customer?.Email, "customer.email"), (IdentityKind.Phone, request.Customer?.Phone, "customer.phone"), (IdentityKind.Handle, request.Customer?.Handle, "customer.handle") })
            {
                if (string.IsNullOrWhiteSpace(raw))
                {
                    continue;
                }
                var normalized = Identities.Normalize(kind, raw, region, field);
                if (normalized.Failure is { } failure)
                {
                    return failure;
                }
                identities.Add((kind, normalized.Value!));
            }
            if (identities.Count == 0)
            {
                return Failure.Invalid("customer", Strings.Get("Event.Customer"));
            }
            if (request.Properties is { } properties && (properties.ValueKind != JsonValueKind.Object || properties.GetRawText().Length > PropertiesLength))
            {
                return Failure.Invalid("properties", Strings.Format("Event.Properties", PropertiesLength));
            }
            var now = time.GetUtcNow();
            var occurredAt = (request.OccurredAt ?? now).ToUniversalTime();
            if (occurredAt > now.AddMinutes(5))
            {
                return Failure.Invalid("occurredAt", Strings.Get("Event.Future"));
            }
            return await Concurrency.RetryAsync(db, async () =>
            {
                var owners = await NewCustomers.OwnersAsync(db, actor.WorkspaceId, identities.Select(i => i.Value), cancellationToken);
                var customerId = identities.Select(i => owners.TryGetValue(i, out var owner) ? owner : (Guid?)null).FirstOrDefault(o => o is not null)
                    ?? NewCustomers.Add(db, events, actor.WorkspaceId, request.Customer?.Name, null, identities, now).Id;
                foreach (var identity in identities.Where(i => !owners.ContainsKey(i)))
                {
                    db.CustomerIdentities.Add(new CustomerIdentity { WorkspaceId = actor.WorkspaceId, CustomerId = customerId, Kind = identity.Kind, Value = identity.Value, CreatedAt = now });
                }
                var tracked = new TrackedEvent
                {
                    WorkspaceId = actor.WorkspaceId,
                    CustomerId = customerId,
                    Name = name.ToLowerInvariant(),
                    Properties = request.Properties?.GetRawText(),
                    OccurredAt = occurredAt,
                    ReceivedAt = now,
                };
                db.TrackedEvents.Add(tracked);
                events.Publish(new EventTracked(actor.WorkspaceId, tracked.Id, customerId, tracked.Name, occurredAt));
                await db.SaveChangesAsync(cancellationToken);
                return (Outcome<Response>)new Response(tracked.Id, customerId, tracked.Name, occurredAt);
            });
        }
    }

    public static IServiceCollection AddTracking(this IServiceCollection services) => services
        .AddScoped<Handler>()
        .AddScoped<ITimelineSource, TrackedEventTimelineSource>();

    public static void MapTrackingEndpoints(this RouteGroupBuilder workspace)
    {
        workspace.MapPost("/events", async Task<Results<Created<Response>, ProblemHttpResult, ValidationProblem>> (Request request, CurrentMember member, Handler handler, CancellationToken ct) =>
                (await handler.ExecuteAsync(member, request, ct)).ToHttp(r => TypedResults.Created($"/api/v1/workspaces/{member.WorkspaceId}/customers/{r.CustomerId}/timeline", r)))
            .WithTags("Events")
            .WithName("TrackEvent")
            .WithSummary("Tracks something a customer did (e.g. order.delivered): it goes on their timeline and can trigger a survey. An unknown customer is created from the address given.")
            .RequireWorkspaceRole(WorkspaceAccess.Staff);
    }
}

/// <summary>Tracked events on the customer's timeline.</summary>
internal sealed class TrackedEventTimelineSource : ITimelineSource
{
    public async Task<IReadOnlyList<TimelineItem>> ItemsAsync(HamdelDbContext db, Guid workspaceId, Guid customerId, int limit, CancellationToken cancellationToken)
    {
        var rows = await db.TrackedEvents.AsNoTracking().Where(e => e.WorkspaceId == workspaceId && e.CustomerId == customerId)
            .OrderByDescending(e => e.OccurredAt).Take(limit).ToListAsync(cancellationToken);
        return [.. rows.Select(e => new TimelineItem(e.OccurredAt, "event", e.Id, e.Name, e.Properties, new Dictionary<string, string?>()))];
    }
}
