using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hamdel.Server.Features.Inbox;

/// <summary>
/// A canned response agents insert into a reply, with placeholders such as
/// <c>{{customer.first_name}}</c> filled from the conversation.
/// </summary>
internal sealed class SavedReply
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; init; }
    /// <summary>What the agent types after "/" to find it, e.g. <c>refund</c>.</summary>
    public required string Shortcut { get; set; }
    public required string Title { get; set; }
    public required string Body { get; set; }
    /// <summary>en, fa or ar; null for any.</summary>
    public string? Language { get; set; }
    public Guid CreatedByUserId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class SavedReplyConfiguration : IEntityTypeConfiguration<SavedReply>
{
    public void Configure(EntityTypeBuilder<SavedReply> builder)
    {
        builder.Property(r => r.Shortcut).HasMaxLength(64);
        builder.Property(r => r.Title).HasMaxLength(Limits.NameLength);
        builder.Property(r => r.Body).HasMaxLength(10_000);
        builder.Property(r => r.Language).HasMaxLength(8);
        builder.HasIndex(r => new { r.WorkspaceId, r.Shortcut, r.Language }).IsUnique();
    }
}
