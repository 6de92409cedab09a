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
    /// <summary>Set when this customer was merged into another: the row stays as a pointer to the survivor.</summary>
    public Guid? MergedIntoId { get; set; }

    public List<CustomerIdentity> Identities { get; init; } = [];
    public List<CustomerAttribute> Attributes { get; init; } = [];
    public List<CustomerTag> Tags { get; init; } = [];
}

public enum IdentityKind
{
    /// <summary>Case-folded e-mail address.</summary>
    Email,
    /// <summary>E.164 phone number.</summary>
    Phone,
    /// <summary>A channel handle or external id, <c>kind:value</c> (e.g. <c>telegram:12345</c>).</summary>
    Handle,
}

/// <summary>An address by which a customer is recognised. Belongs to one customer in a workspace.</summary>
internal sealed class CustomerIdentity
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; init; }
    public Guid CustomerId { get; set; }
    public IdentityKind Kind { get; init; }
    /// <summary>Normalised value: what uniqueness and look-ups use.</summary>
    public required string Value { get; init; }
    /// <summary>The company (or the channel) vouches that this address is the customer's; a verified match merges customers.</summary>
    public bool Verified { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
}

public enum AttributeType
{
    Text,
    Number,
    Date,
    Boolean,
}

/// <summary>A typed fact about a customer ("plan" = "gold", "orders" = 12). Stored in its canonical text form.</summary>
internal sealed class CustomerAttribute
{
    public Guid CustomerId { get; set; }
    public Guid WorkspaceId { get; init; }
    public required string Key { get; init; }
    public AttributeType Type { get; set; }
    /// <summary>Invariant form: numbers with '.', dates as yyyy-MM-dd, booleans as true/false.</summary>
    public required string Value { get; set; }
}

internal sealed class CustomerTag
{
    public Guid CustomerId { get; set; }
    public Guid WorkspaceId { get; init; }
    public required string Tag { get; init; }
}

/// <summary>The record of two customers having been merged, shown on the survivor's timeline.</summary>
internal sealed class CustomerMerge
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; init; }
    public Guid SurvivorId { get; init; }
    public Guid MergedId { get; init; }
    public required string MergedDisplayName { get; init; }
    /// <summary>The person who merged; null when Hamdel merged on a verified identity.</summary>
    public Guid? ByUserId { get; init; }
    public required string Reason { get; init; }
    /// <summary>What moved, e.g. "2 identities, 3 conversations".</summary>
    public string? Details { get; init; }
    public DateTimeOffset At { get; init; }
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
        builder.HasMany(c => c.Attributes).WithOne().HasForeignKey(a => a.CustomerId);
        builder.HasMany(c => c.Tags).WithOne().HasForeignKey(t => t.CustomerId);
    }
}

internal sealed class CustomerIdentityConfiguration : IEntityTypeConfiguration<CustomerIdentity>
{
    public void Configure(EntityTypeBuilder<CustomerIdentity> builder)
    {
        builder.Property(i => i.Value).HasMaxLength(Limits.IdentityLength);
        builder.HasIndex(i => new { i.WorkspaceId, i.Kind, i.Value }).IsUnique();
        builder.HasIndex(i => i.CustomerId);
    }
}

internal sealed class CustomerAttributeConfiguration : IEntityTypeConfiguration<CustomerAttribute>
{
    public void Configure(EntityTypeBuilder<CustomerAttribute> builder)
    {
        builder.HasKey(a => new { a.CustomerId, a.Key });
        builder.Property(a => a.Key).HasMaxLength(Limits.AttributeKeyLength);
        builder.Property(a => a.Value).HasMaxLength(Limits.AttributeValueLength);
        builder.HasIndex(a => new { a.WorkspaceId, a.Key });
    }
}

internal sealed class CustomerTagConfiguration : IEntityTypeConfiguration<CustomerTag>
{
    public void Configure(EntityTypeBuilder<CustomerTag> builder)
    {
        builder.HasKey(t => new { t.CustomerId, t.Tag });
        builder.Property(t => t.Tag).HasMaxLength(Limits.TagLength);
        builder.HasIndex(t => new { t.WorkspaceId, t.Tag });
    }
}

internal sealed class CustomerMergeConfiguration : IEntityTypeConfiguration<CustomerMerge>
{
    public void Configure(EntityTypeBuilder<CustomerMerge> builder)
    {
        builder.Property(m => m.MergedDisplayName).HasMaxLength(Limits.NameLength);
        builder.Property(m => m.Reason).HasMaxLength(32);
        builder.Property(m => m.Details).HasMaxLength(500);
        builder.HasIndex(m => m.SurvivorId);
        builder.HasIndex(m => m.MergedId);
    }
}
