using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hamdel.Server.Features.Channels;

/// <summary>
/// A configured inbox of one kind (API, web form, e-mail, ...). Conversations arrive through a
/// channel and replies leave through it. What a kind does lives in its <see cref="IChannelKind"/>;
/// the conversation code never asks which kind it is.
/// </summary>
internal sealed class Channel
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; init; }
    /// <summary>The kind's name, e.g. <c>api</c> or <c>web-form</c> (see <see cref="IChannelKind.Kind"/>).</summary>
    public required string Kind { get; init; }
    public required string Name { get; set; }
    /// <summary>A random public identifier for public pages (the web form's address); never the id.</summary>
    public required string PublicKey { get; init; }
    /// <summary>The kind's own settings as JSON, validated by the kind.</summary>
    public string Settings { get; set; } = "{}";
    /// <summary>Conversations that arrive here go to this team.</summary>
    public Guid? TeamId { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTimeOffset CreatedAt { get; init; }
}

internal sealed class ChannelConfiguration : IEntityTypeConfiguration<Channel>
{
    public void Configure(EntityTypeBuilder<Channel> builder)
    {
        builder.Property(c => c.Kind).HasMaxLength(32);
        builder.Property(c => c.Name).HasMaxLength(Limits.NameLength);
        builder.Property(c => c.PublicKey).HasMaxLength(64);
        builder.Property(c => c.Settings).HasMaxLength(64 * 1024);
        builder.HasIndex(c => c.PublicKey).IsUnique();
        builder.HasIndex(c => new { c.WorkspaceId, c.Id });
    }
}
