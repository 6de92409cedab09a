using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hamdel.Server.Infrastructure.Events;

/// <summary>
/// A domain event, stored in the same transaction as the change it describes, so it exists if and
/// only if the change was committed. <see cref="OutboxDispatcher"/> hands it to every listener
/// afterwards (at least once).
/// </summary>
internal sealed class OutboxEvent
{
    /// <summary>Database sequence: the order events are dispatched in.</summary>
    public long Id { get; init; }
    /// <summary>The event's public id (webhook payloads carry it, so receivers can de-duplicate).</summary>
    public Guid EventId { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; init; }
    public required string Type { get; init; }
    /// <summary>The event as JSON.</summary>
    public required string Payload { get; init; }
    public DateTimeOffset OccurredAt { get; init; }
    public DateTimeOffset? ProcessedAt { get; set; }
    /// <summary>A dispatcher that claimed the event holds it until then; a crashed one's claim expires.</summary>
    public DateTimeOffset? LockedUntil { get; set; }
    /// <summary>The claim of the dispatcher pass that holds the event.</summary>
    public Guid? ClaimedBy { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
}

internal sealed class OutboxEventConfiguration : IEntityTypeConfiguration<OutboxEvent>
{
    public void Configure(EntityTypeBuilder<OutboxEvent> builder)
    {
        builder.ToTable("outbox_events");
        builder.Property(e => e.Id).ValueGeneratedOnAdd();
        builder.Property(e => e.Type).HasMaxLength(64);
        builder.Property(e => e.LastError).HasMaxLength(2000);
        builder.HasIndex(e => e.EventId).IsUnique();
        // The dispatcher's scan: unprocessed events in order.
        builder.HasIndex(e => new { e.ProcessedAt, e.Id });
        builder.HasIndex(e => e.ClaimedBy);
    }
}
