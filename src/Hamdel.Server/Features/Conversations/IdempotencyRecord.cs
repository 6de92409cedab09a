using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hamdel.Server.Features.Conversations;

/// <summary>
/// The answer given to a request sent with an <c>Idempotency-Key</c>, stored in the same
/// transaction as its effects, so a re-sent request gets the same answer and changes nothing.
/// </summary>
internal sealed class IdempotencyRecord
{
    public Guid WorkspaceId { get; init; }
    /// <summary>Which endpoint the key was used on (the same key on two endpoints means two things).</summary>
    public required string Scope { get; init; }
    public required string Key { get; init; }
    /// <summary>SHA-256 of the request body: the same key with another body is refused.</summary>
    public required string RequestHash { get; init; }
    public int StatusCode { get; init; }
    public required string Response { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> builder)
    {
        builder.HasKey(r => new { r.WorkspaceId, r.Scope, r.Key });
        builder.Property(r => r.Scope).HasMaxLength(64);
        builder.Property(r => r.Key).HasMaxLength(200);
        builder.Property(r => r.RequestHash).HasMaxLength(64);
        builder.HasIndex(r => r.CreatedAt);
    }
}
