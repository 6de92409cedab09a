using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hamdel.Server.Features.Conversations;

public enum MessageDirection
{
    /// <summary>From the customer.</summary>
    Inbound,
    /// <summary>To the customer, through the conversation's channel.</summary>
    Outbound,
    /// <summary>Internal note: seen by the team only.</summary>
    Note,
}

public enum MessageAuthor
{
    Customer,
    Agent,
    /// <summary>Sent by Hamdel itself (automations, surveys); always marked as automated.</summary>
    System,
}

public enum DeliveryStatus
{
    /// <summary>Inbound messages and notes.</summary>
    NotApplicable,
    Pending,
    Sent,
    /// <summary>The channel gave up (see <see cref="Message.DeliveryError"/>).</summary>
    Failed,
}

internal sealed class Message
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; init; }
    public Guid ConversationId { get; set; }
    /// <summary>The channel the message came or went through (recorded for cross-channel metrics).</summary>
    public Guid ChannelId { get; init; }
    public MessageDirection Direction { get; init; }
    public MessageAuthor Author { get; init; }
    /// <summary>The agent who wrote an outbound message or note.</summary>
    public Guid? AuthorUserId { get; init; }
    /// <summary>Plain text: what search, text analytics and plain channels use.</summary>
    public required string Text { get; init; }
    /// <summary>Sanitised HTML when the source had HTML; null otherwise.</summary>
    public string? Html { get; init; }
    /// <summary>The channel's own id of the message; unique per channel, so a re-sent message is stored once.</summary>
    public string? ExternalId { get; init; }
    /// <summary>When the sender sent it, if the channel says; otherwise when it arrived.</summary>
    public DateTimeOffset SentAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DeliveryStatus DeliveryStatus { get; set; }
    public string? DeliveryError { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }

    public List<Attachment> Attachments { get; init; } = [];
}

/// <summary>A file sent with a message. The bytes are in the attachment store, not in the row.</summary>
internal sealed class Attachment
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; init; }
    public Guid MessageId { get; init; }
    public required string FileName { get; init; }
    public required string ContentType { get; init; }
    public long Size { get; init; }
    /// <summary>SHA-256 of the content, hex.</summary>
    public required string Sha256 { get; init; }
    /// <summary>Where the attachment store keeps the bytes (relative path).</summary>
    public required string StorageKey { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

internal sealed class MessageConfiguration : IEntityTypeConfiguration<Message>
{
    public void Configure(EntityTypeBuilder<Message> builder)
    {
        builder.Property(m => m.Text).HasMaxLength(Limits.MessageTextLength);
        builder.Property(m => m.Html).HasMaxLength(Limits.MessageTextLength * 2);
        builder.Property(m => m.ExternalId).HasMaxLength(200);
        builder.Property(m => m.DeliveryError).HasMaxLength(2000);
        builder.HasIndex(m => new { m.ConversationId, m.CreatedAt });
        builder.HasIndex(m => new { m.ChannelId, m.ExternalId }).IsUnique();
        builder.HasMany(m => m.Attachments).WithOne().HasForeignKey(a => a.MessageId);
    }
}

internal sealed class AttachmentConfiguration : IEntityTypeConfiguration<Attachment>
{
    public void Configure(EntityTypeBuilder<Attachment> builder)
    {
        builder.Property(a => a.FileName).HasMaxLength(255);
        builder.Property(a => a.ContentType).HasMaxLength(128);
        builder.Property(a => a.Sha256).HasMaxLength(64);
        builder.Property(a => a.StorageKey).HasMaxLength(300);
        builder.HasIndex(a => a.MessageId);
    }
}
