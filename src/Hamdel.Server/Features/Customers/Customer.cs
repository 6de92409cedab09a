using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hamdel.Server.Features.Customers;

/// <summary>One person or organisation a workspace serves, known by one or more identities.</summary>
internal sealed class Customer
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; init; }
    public required string DisplayName { get; set; }
    /// <summary>en, fa, ar, or null when unknown.</summary>
    public string? Language { get; set; }
    /// <summary>IANA time zone, or null when unknown.</summary>
    public string? TimeZone { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }

    public List<CustomerIdentity> Identities { get; init; } = [];
}

internal enum IdentityKind
{
    /// <summary>Case-folded e-mail address.</summary>
    Email,
    /// <summary>E.164 phone number.</summary>
    Phone,
    /// <summary>A channel handle or external id, <c>kind:value</c> (e.g. <c>telegram:12345</c>).</summary>
    Handle,
}

/// <summary>An address by which a customer is recognised. Unique within a workspace.</summary>
internal sealed class CustomerIdentity
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; init; }
    public Guid CustomerId { get; set; }
    public IdentityKind Kind { get; init; }
    /// <summary>Normalised value: what uniqueness and look-ups use.</summary>
    public required string Value { get; init; }
    public bool Verified { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
}

internal sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>
{
    public void Configure(EntityTypeBuilder<Customer> builder)
    {
        builder.Property(c => c.DisplayName).HasMaxLength(Limits.NameLength);
        builder.Property(c => c.Language).HasMaxLength(8);
        builder.Property(c => c.TimeZone).HasMaxLength(64);
        builder.HasIndex(c => new { c.WorkspaceId, c.Id });
        builder.HasMany(c => c.Identities).WithOne().HasForeignKey(i => i.CustomerId);
    }
}

internal sealed class CustomerIdentityConfiguration : IEntityTypeConfiguration<CustomerIdentity>
{
    public void Configure(EntityTypeBuilder<CustomerIdentity> builder)
    {
        builder.Property(i => i.Value).HasMaxLength(320);
        builder.HasIndex(i => new { i.WorkspaceId, i.Kind, i.Value }).IsUnique();
        builder.HasIndex(i => i.CustomerId);
    }
}
