using Hamdel.Server.Features.Channels;
using Hamdel.Server.Features.Customers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hamdel.Server.Features.Conversations;

public enum ConversationStatus
{
    /// <summary>Needs the team's attention.</summary>
    Open,
    /// <summary>Waiting on the customer.</summary>
    Pending,
    /// <summary>Put aside until <see cref="Conversation.SnoozedUntil"/>, then open again.</summary>
    Snoozed,
    /// <summary>Done; a new message from the customer within the reopen window reopens it.</summary>
    Resolved,
    /// <summary>Done for good; a new message starts a new conversation.</summary>
    Closed,
}

public enum ConversationPriority
{
    Low,
    Normal,
    High,
    Urgent,
}

/// <summary>
/// Messages with one customer on one channel, worked by the team until resolved. Besides its
/// state it records what the metrics need: first response, resolution, reassignments, team
/// transfers, reopenings and agent replies.
/// </summary>
internal sealed class Conversation : Infrastructure.Data.IVersioned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; init; }
    /// <summary>Per-workspace running number people quote ("#1042").</summary>
    public long Number { get; set; }
    public Guid CustomerId { get; set; }
    public Guid ChannelId { get; init; }
    public string? Subject { get; set; }
    /// <summary>en, fa, ar — of the customer's messages; null while unknown.</summary>
    public string? Language { get; set; }

    public ConversationStatus Status { get; set; } = ConversationStatus.Open;
    public DateTimeOffset? SnoozedUntil { get; set; }
    public ConversationPriority Priority { get; set; } = ConversationPriority.Normal;
    public Guid? AssigneeId { get; set; }
    public Guid? TeamId { get; set; }

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset LastMessageAt { get; set; }
    /// <summary>When the customer started waiting for an answer; null when the ball is with them.</summary>
    public DateTimeOffset? WaitingSince { get; set; }
    public DateTimeOffset? FirstResponseAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }

    public int MessageCount { get; set; }
    public int AgentReplyCount { get; set; }
    public int ReassignmentCount { get; set; }
    public int TeamTransferCount { get; set; }
    public int ReopenCount { get; set; }
    /// <summary>What the latest customer message signals (angry, asks for a person ...), from its text insight.</summary>
    public Insights.TextSignals Signals { get; set; }
    public int Version { get; set; }

    public Customer? Customer { get; init; }
    public Channel? Channel { get; init; }
    public List<ConversationTag> Tags { get; init; } = [];
}

internal sealed class ConversationTag
{
    public Guid ConversationId { get; init; }
    public Guid WorkspaceId { get; init; }
    public required string Tag { get; init; }
}

internal sealed class ConversationConfiguration : IEntityTypeConfiguration<Conversation>
{
    public void Configure(EntityTypeBuilder<Conversation> builder)
    {
        builder.Property(c => c.Subject).HasMaxLength(300);
        builder.Property(c => c.Language).HasMaxLength(8);
        builder.Property(c => c.Signals).HasConversion<int>();
        // Messages to one conversation can arrive at the same moment: its counters must not lose one.
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasIndex(c => new { c.WorkspaceId, c.Number }).IsUnique();
        // The inbox: one index per view, each ending in the sort key and the id (the cursor).
        builder.HasIndex(c => new { c.WorkspaceId, c.LastMessageAt, c.Id });
        builder.HasIndex(c => new { c.WorkspaceId, c.Status, c.LastMessageAt, c.Id });
        builder.HasIndex(c => new { c.WorkspaceId, c.AssigneeId, c.Status, c.LastMessageAt, c.Id });
        builder.HasIndex(c => new { c.WorkspaceId, c.TeamId, c.Status, c.LastMessageAt, c.Id });
        builder.HasIndex(c => new { c.WorkspaceId, c.Status, c.WaitingSince, c.Id });
        // Finding the customer's current conversation on a channel when a message arrives.
        builder.HasIndex(c => new { c.CustomerId, c.ChannelId, c.CreatedAt });
        builder.HasIndex(c => new { c.Status, c.SnoozedUntil });
        builder.HasOne(c => c.Customer).WithMany().HasForeignKey(c => c.CustomerId);
        builder.HasOne(c => c.Channel).WithMany().HasForeignKey(c => c.ChannelId);
        builder.HasMany(c => c.Tags).WithOne().HasForeignKey(t => t.ConversationId);
    }
}

internal sealed class ConversationTagConfiguration : IEntityTypeConfiguration<ConversationTag>
{
    public void Configure(EntityTypeBuilder<ConversationTag> builder)
    {
        builder.HasKey(t => new { t.ConversationId, t.Tag });
        builder.Property(t => t.Tag).HasMaxLength(Limits.TagLength);
        builder.HasIndex(t => new { t.WorkspaceId, t.Tag });
    }
}
