using Hamdel.Server.Features.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hamdel.Server.Features.Tokens;

internal enum ApiTokenKind
{
    /// <summary>Issued by <c>POST /api/v1/auth/token</c> for a signed-in session; short-lived.</summary>
    Session,
    /// <summary>Created by the user for scripts and integrations; lives until it expires or is revoked.</summary>
    Personal,
}

/// <summary>A bearer token. Only its SHA-256 hash is stored; the token is shown once, when created.</summary>
internal sealed class ApiToken
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid UserId { get; init; }
    public required string Name { get; set; }
    public ApiTokenKind Kind { get; init; }
    public required string TokenHash { get; init; }
    /// <summary>The first characters of the token, so a person can tell their tokens apart.</summary>
    public required string Prefix { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public DateTimeOffset? RevokedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }

    public User? User { get; init; }

    public bool IsUsableAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> builder)
    {
        builder.Property(t => t.Name).HasMaxLength(Limits.TokenNameLength);
        builder.Property(t => t.TokenHash).HasMaxLength(64);
        builder.Property(t => t.Prefix).HasMaxLength(16);
        builder.HasIndex(t => t.TokenHash).IsUnique();
        builder.HasIndex(t => t.UserId);
        builder.HasOne(t => t.User).WithMany().HasForeignKey(t => t.UserId);
    }
}
