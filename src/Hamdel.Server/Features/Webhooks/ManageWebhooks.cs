using FluentValidation;
using Hamdel.Server.Features.Audit;
using Hamdel.Server.Features.Workspaces;
using Hamdel.Server.Infrastructure.Auth;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Errors;
using Hamdel.Server.Infrastructure.Paging;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Features.Webhooks;

public sealed record WebhookDto(Guid Id, string Url, string? Description, IReadOnlyList<string> Events, bool IsActive, DateTimeOffset CreatedAt);

public sealed record WebhookDeliveryDto(Guid Id, Guid EventId, string EventType, DeliveryState State, int Attempts, int? LastStatusCode, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset? DeliveredAt, DateTimeOffset? NextAttemptAt);

/// <summary>A workspace's webhooks and their delivery log.</summary>
internal static class ManageWebhooks
{
    internal sealed record Request(string? Url, string? Description, List<string>? Events, bool? IsActive);

    internal sealed record Created(WebhookDto Webhook, string Secret);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Url).Must(WebhookSigning.IsValidUrl).WithMessage(_ => Strings.Get("Webhook.Url"));
            RuleFor(r => r.Description).MaximumLength(500);
            RuleForEach(r => r.Events).Matches("^([a-z_]+\\.[a-z_]+|\\*)$").WithMessage(_ => Strings.Get("Webhook.Event"));
        }
    }

    internal sealed class Handler(HamdelDbContext db, IDataProtectionProvider protection, AuditLog audit, TimeProvider time)
    {
        private static readonly Validator Validation = new();

        public async Task<List<WebhookDto>> ListAsync(CurrentMember actor, CancellationToken cancellationToken) =>
            [.. (await db.Webhooks.AsNoTracking().Where(w => w.WorkspaceId == actor.WorkspaceId).OrderBy(w => w.CreatedAt).ToListAsync(cancellationToken)).Select(ToDto)];

        public async Task<Outcome<Created>> CreateAsync(CurrentMember actor, Request request, CancellationToken cancellationToken)
        {
            var validation = await Validation.ValidateAsync(request, cancellationToken);
            if (!validation.IsValid)
            {
                return Failure.Invalid(validation);
            }
            var secret = Secrets.Create("whsec_");
            var webhook = new Webhook
            {
                WorkspaceId = actor.WorkspaceId,
                Url = request.Url!,
                Description = request.Description,
                ProtectedSecret = protection.CreateProtector(WebhookSigning.Purpose).Protect(secret),
                Events = EventsText(request.Events),
                IsActive = request.IsActive ?? true,
                CreatedAt = time.GetUtcNow(),
            };
            db.Webhooks.Add(webhook);
            audit.Record("webhook.created", actor.UserId, actor.WorkspaceId, "webhook", webhook.Id.ToString(), webhook.Url);
            await db.SaveChangesAsync(cancellationToken);
            return new Created(ToDto(webhook), secret);
        }

        public async Task<Outcome<WebhookDto>> UpdateAsync(CurrentMember actor, Guid webhookId, Request request, CancellationToken cancellationToken)
        {
            var validation = await Validation.ValidateAsync(request, cancellationToken);
            if (!validation.IsValid)
            {
                return Failure.Invalid(validation);
            }
            var webhook = await db.Webhooks.SingleOrDefaultAsync(w => w.Id == webhookId && w.WorkspaceId == actor.WorkspaceId, cancellationToken);
            if (webhook is null)
            {
                return Failure.NotFound(Strings.Get("Webhook.NotFound"));
            }
            webhook.Url = request.Url!;
            webhook.Description = request.Description;
            webhook.Events = EventsText(request.Events);
            webhook.IsActive = request.IsActive ?? webhook.IsActive;
            await db.SaveChangesAsync(cancellationToken);
            return ToDto(webhook);
        }

        public async Task<Outcome<Done>> DeleteAsync(CurrentMember actor, Guid webhookId, CancellationToken cancellationToken)
        {
            var webhook = await db.Webhooks.SingleOrDefaultAsync(w => w.Id == webhookId && w.WorkspaceId == actor.WorkspaceId, cancellationToken);
            if (webhook is null)
            {
                return Failure.NotFound(Strings.Get("Webhook.NotFound"));
            }
            // The delivery log stays; pending deliveries fail for want of a secret.
            db.Webhooks.Remove(webhook);
            audit.Record("webhook.deleted", actor.UserId, actor.WorkspaceId, "webhook", webhook.Id.ToString(), webhook.Url);
            await db.SaveChangesAsync(cancellationToken);
            return Done.Value;
        }

        public async Task<Outcome<Page<WebhookDeliveryDto>>> DeliveriesAsync(CurrentMember actor, Guid webhookId, string? cursor, int? limit, CancellationToken cancellationToken)
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
            if (!await db.Webhooks.AnyAsync(w => w.Id == webhookId && w.WorkspaceId == actor.WorkspaceId, cancellationToken))
            {
                return Failure.NotFound(Strings.Get("Webhook.NotFound"));
            }
            var deliveries = db.WebhookDeliveries.AsNoTracking().Where(d => d.WebhookId == webhookId);
            if (page.AfterId is { } after)
            {
                deliveries = deliveries.Where(d => d.Id.CompareTo(after) < 0);
            }
            var rows = await deliveries.OrderByDescending(d => d.Id).Take(page.Limit + 1)
                .Select(d => new WebhookDeliveryDto(d.Id, d.EventId, d.EventType, d.State, d.Attempts, d.LastStatusCode, d.LastError, d.CreatedAt, d.DeliveredAt,
                    d.State == DeliveryState.Pending ? d.NextAttemptAt : null))
                .ToListAsync(cancellationToken);
            return page.ToPage(rows, r => r.Id.ToString(), r => r);
        }

        private static string EventsText(List<string>? events) =>
            events is not { Count: > 0 } || events.Contains("*") ? "*" : string.Join(",", events.Distinct(StringComparer.Ordinal));

        private static WebhookDto ToDto(Webhook w) => new(w.Id, w.Url, w.Description, w.Events.Split(','), w.IsActive, w.CreatedAt);
    }
}
