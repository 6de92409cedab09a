using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hamdel.Server.Features.Webhooks;

/// <summary>An HTTPS endpoint of the company's that receives the workspace's events, signed with its secret.</summary>
internal sealed class Webhook
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; init; }
    public required string Url { get; set; }
    public string? Description { get; set; }
    /// <summary>The signing secret, encrypted with ASP.NET Core Data Protection.</summary>
    public required string ProtectedSecret { get; set; }
    /// <summary>Event types sent, comma-separated; <c>*</c> for all.</summary>
    public string Events { get; set; } = "*";
    public bool IsActive { get; set; } = true;
    public DateTimeOffset CreatedAt { get; init; }

    public bool Wants(string eventType) =>
        !Infrastructure.Events.DomainEventJson.IsInternal(eventType) &&
        (Events == "*" || Events.Split(',', StringSplitOptions.TrimEntries).Contains(eventType, StringComparer.Ordinal));
}

public enum DeliveryState
{
    Pending,
    Succeeded,
    /// <summary>Given up after the last retry; kept in the delivery log.</summary>
    Failed,
}

/// <summary>
/// One event (or one outbound message of an API channel) to be POSTed to one URL, retried with
/// growing delays until it is accepted or given up. The delivery log is these rows.
/// </summary>
internal sealed class WebhookDelivery
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; init; }
    /// <summary>Set for a workspace webhook.</summary>
    public Guid? WebhookId { get; init; }
    /// <summary>Set for an API channel's outbound message.</summary>
    public Guid? ChannelId { get; init; }
    public Guid? MessageId { get; init; }
    public Guid EventId { get; init; }
    public required string EventType { get; init; }
    public required string Url { get; init; }
    public required string Payload { get; init; }
    public DeliveryState State { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
    public int? LastStatusCode { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? DeliveredAt { get; set; }
}

internal sealed class WebhookConfiguration : IEntityTypeConfiguration<Webhook>
{
    public void Configure(EntityTypeBuilder<Webhook> builder)
    {
        builder.Property(w => w.Url).HasMaxLength(2000);
        builder.Property(w => w.Description).HasMaxLength(500);
        builder.Property(w => w.ProtectedSecret).HasMaxLength(1000);
        builder.Property(w => w.Events).HasMaxLength(2000);
        builder.HasIndex(w => w.WorkspaceId);
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.Property(d => d.EventType).HasMaxLength(64);
        builder.Property(d => d.Url).HasMaxLength(2000);
        builder.Property(d => d.LastError).HasMaxLength(2000);
        // Fan-out is at least once; the unique keys make a repeated fan-out a no-op.
        builder.HasIndex(d => new { d.WebhookId, d.EventId }).IsUnique();
        builder.HasIndex(d => new { d.ChannelId, d.MessageId }).IsUnique();
        builder.HasIndex(d => new { d.State, d.NextAttemptAt });
        builder.HasIndex(d => new { d.WorkspaceId, d.Id });
    }
}
