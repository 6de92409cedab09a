using Hamdel.Server.Infrastructure.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hamdel.Server.Features.Tracking;

/// <summary>Something a customer did that the company told Hamdel about ("order.delivered"), on their timeline.</summary>
internal sealed class TrackedEvent
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; init; }
    public Guid CustomerId { get; init; }
    public required string Name { get; init; }
    /// <summary>The properties as JSON (an object).</summary>
    public string? Properties { get; init; }
    public DateTimeOffset OccurredAt { get; init; }
    public DateTimeOffset ReceivedAt { get; init; }
}

internal sealed record EventTracked(Guid WorkspaceId, Guid TrackedEventId, Guid CustomerId, string EventName, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string Name = "event.tracked";
    public string Type => Name;
}

internal sealed class TrackedEventConfiguration : IEntityTypeConfiguration<TrackedEvent>
{
    public void Configure(EntityTypeBuilder<TrackedEvent> builder)
    {
        builder.Property(e => e.Name).HasMaxLength(Limits.TagLength);
        builder.HasIndex(e => new { e.WorkspaceId, e.CustomerId, e.OccurredAt });
        builder.HasIndex(e => new { e.WorkspaceId, e.Name, e.OccurredAt });
    }
}
