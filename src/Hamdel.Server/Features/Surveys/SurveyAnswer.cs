using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hamdel.Server.Features.Surveys;

public enum InvitationStatus
{
    /// <summary>Waiting for its send time (a trigger's delay).</summary>
    Scheduled,
    Sent,
    Answered,
    /// <summary>Not sent: throttled, opted out, sampled out or no address; <see cref="SurveyInvitation.LastError"/> says which.</summary>
    Skipped,
    /// <summary>The mail server refused it after several attempts.</summary>
    Failed,
}

/// <summary>
/// One request to one person to answer a survey. Its link carries a signed, expiring token naming
/// it; at most one answer belongs to it. At most one invitation exists per conversation.
/// </summary>
internal sealed class SurveyInvitation
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public Guid WorkspaceId { get; init; }
    public Guid SurveyId { get; init; }
    public int SurveyVersion { get; init; }
    public Guid TouchpointId { get; init; }
    public Guid? TriggerId { get; init; }
    /// <summary>The outbox event that caused it, so a re-delivered event asks no one twice.</summary>
    public Guid? SourceEventId { get; init; }
    public Guid? CustomerId { get; init; }
    /// <summary>Where it goes. For a pulse survey it is erased once sent, so nothing links the answer to a person.</summary>
    public string? Email { get; set; }
    public required string Language { get; init; }
    public Guid? ChannelId { get; init; }
    public Guid? ConversationId { get; init; }
    public Guid? AgentId { get; init; }
    public Guid? TeamId { get; init; }
    /// <summary>For a pulse: the team the answer counts in (a group under five answers is never shown).</summary>
    public string? Group { get; init; }
    public InvitationStatus Status { get; set; }
    /// <summary>When it is due; moved forward while a sender holds it, so a crashed sender's claim runs out.</summary>
    public DateTimeOffset SendAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
}

public enum AnswerSource
{
    /// <summary>Through an invitation's link (e-mail, one-click score).</summary>
    Invitation,
    /// <summary>The always-open public link or the embedded snippet.</summary>
    PublicLink,
    /// <summary>Historical answers from a CSV file.</summary>
    Import,
}

/// <summary>
/// A survey answer with where it came from: touchpoint, channel, and where known the
/// conversation, agent and team. A pulse answer has none of the customer or person fields.
/// </summary>
internal sealed class SurveyAnswer
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; init; }
    public Guid SurveyId { get; init; }
    public int SurveyVersion { get; init; }
    public Guid? InvitationId { get; init; }
    public Guid TouchpointId { get; init; }
    public Guid? CustomerId { get; set; }
    public Guid? ChannelId { get; init; }
    public Guid? ConversationId { get; init; }
    public Guid? AgentId { get; init; }
    public Guid? TeamId { get; init; }
    public string? Group { get; init; }
    public required string Language { get; init; }
    public AnswerSource Source { get; init; }
    public int? Score { get; set; }
    /// <summary>Chosen option keys, comma-separated (choice questions).</summary>
    public string? Choices { get; set; }
    public string? Comment { get; set; }
    /// <summary>The customer asked to be contacted.</summary>
    public bool WantsContact { get; set; }
    public DateTimeOffset AnsweredAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class SurveyInvitationConfiguration : IEntityTypeConfiguration<SurveyInvitation>
{
    public void Configure(EntityTypeBuilder<SurveyInvitation> builder)
    {
        builder.Property(i => i.Email).HasMaxLength(Limits.EmailLength);
        builder.Property(i => i.Language).HasMaxLength(8);
        builder.Property(i => i.Group).HasMaxLength(Limits.NameLength);
        builder.Property(i => i.LastError).HasMaxLength(500);
        // Never twice for the same conversation, whichever survey or trigger asks.
        builder.HasIndex(i => i.ConversationId).IsUnique();
        builder.HasIndex(i => new { i.TriggerId, i.SourceEventId }).IsUnique();
        // The sender's scan, and the throttle's look at a customer's recent invitations.
        builder.HasIndex(i => new { i.Status, i.SendAt });
        builder.HasIndex(i => new { i.WorkspaceId, i.CustomerId, i.CreatedAt });
        builder.HasIndex(i => new { i.WorkspaceId, i.SurveyId, i.CreatedAt });
        builder.HasOne<Survey>().WithMany().HasForeignKey(i => i.SurveyId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SurveyAnswerConfiguration : IEntityTypeConfiguration<SurveyAnswer>
{
    public void Configure(EntityTypeBuilder<SurveyAnswer> builder)
    {
        builder.Property(a => a.Language).HasMaxLength(8);
        builder.Property(a => a.Group).HasMaxLength(Limits.NameLength);
        builder.Property(a => a.Choices).HasMaxLength(1000);
        builder.Property(a => a.Comment).HasMaxLength(SurveyRules.CommentLength);
        // One answer per invitation, whatever races.
        builder.HasIndex(a => a.InvitationId).IsUnique();
        builder.HasIndex(a => new { a.WorkspaceId, a.SurveyId, a.AnsweredAt });
        builder.HasIndex(a => new { a.WorkspaceId, a.CustomerId, a.AnsweredAt });
        builder.HasIndex(a => new { a.WorkspaceId, a.TouchpointId, a.AnsweredAt });
        builder.HasOne<Survey>().WithMany().HasForeignKey(a => a.SurveyId).OnDelete(DeleteBehavior.Cascade);
    }
}
