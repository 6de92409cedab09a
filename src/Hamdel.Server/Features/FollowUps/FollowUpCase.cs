using Hamdel.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hamdel.Server.Features.FollowUps;

public enum FollowUpStatus
{
    New,
    /// <summary>Someone spoke to the customer; the time to contact is measured to this.</summary>
    Contacted,
    Resolved,
    WontFix,
}

/// <summary>
/// Closing the loop on an unhappy answer (or a request to be contacted): an owner, a due time, a
/// status, notes and an outcome. Linked to the answer, its customer and conversation.
/// </summary>
internal sealed class FollowUpCase : IVersioned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; init; }
    public Guid AnswerId { get; init; }
    public Guid SurveyId { get; init; }
    public Guid? CustomerId { get; set; }
    public Guid? ConversationId { get; init; }
    public Guid? TeamId { get; init; }
    public Guid? OwnerUserId { get; set; }
    public FollowUpStatus Status { get; set; }
    /// <summary>Why it was opened, e.g. "NPS 3" (with "asked to be contacted").</summary>
    public required string Reason { get; init; }
    public DateTimeOffset DueAt { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? ContactedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    /// <summary>What was done, which may be told to the customer ("you said, we did").</summary>
    public string? Outcome { get; set; }
    /// <summary>When the customer was last told what was done, in their conversation ("you said, we did").</summary>
    public DateTimeOffset? CustomerToldAt { get; set; }
    public int Version { get; set; }

    public List<FollowUpNote> Notes { get; init; } = [];
}

internal sealed class FollowUpNote
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid CaseId { get; init; }
    public Guid WorkspaceId { get; init; }
    public Guid AuthorUserId { get; init; }
    public required string Text { get; init; }
    public DateTimeOffset At { get; init; }
}

internal sealed class FollowUpCaseConfiguration : IEntityTypeConfiguration<FollowUpCase>
{
    public const int TextLength = 4000;

    public void Configure(EntityTypeBuilder<FollowUpCase> builder)
    {
        builder.Property(c => c.Reason).HasMaxLength(200);
        builder.Property(c => c.Outcome).HasMaxLength(TextLength);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasIndex(c => c.AnswerId).IsUnique();
        builder.HasIndex(c => new { c.WorkspaceId, c.Status, c.DueAt });
        builder.HasIndex(c => new { c.WorkspaceId, c.CustomerId });
        builder.HasMany(c => c.Notes).WithOne().HasForeignKey(n => n.CaseId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class FollowUpNoteConfiguration : IEntityTypeConfiguration<FollowUpNote>
{
    public void Configure(EntityTypeBuilder<FollowUpNote> builder) => builder.Property(n => n.Text).HasMaxLength(FollowUpCaseConfiguration.TextLength);
}
