using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hamdel.Server.Features.Surveys;

public enum SurveyKind
{
    /// <summary>Asks customers, after a conversation, an event, a manual send or on a public link.</summary>
    Customer,
    /// <summary>An anonymous employee pulse (eNPS): answers are linked to no one, small groups are never shown.</summary>
    Pulse,
}

/// <summary>
/// A question asked at a touchpoint: one main question (a scale, a choice or free text) and an
/// optional free-text follow-up whose wording depends on the score. Its wording lives in
/// <see cref="SurveyVersion"/>s: editing a survey that has answers makes a new version, and every
/// answer keeps the version it answered.
/// </summary>
internal sealed class Survey
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; init; }
    public required string Name { get; set; }
    public SurveyKind Kind { get; init; }
    /// <summary>Where answers count by default (a trigger or an imported row may say otherwise).</summary>
    public Guid TouchpointId { get; set; }
    public bool IsActive { get; set; } = true;
    public int CurrentVersion { get; set; } = 1;
    /// <summary>The always-open public link <c>/p/{PublicKey}</c>, answered without an invitation.</summary>
    public required string PublicKey { get; init; }
    public bool PublicLinkEnabled { get; set; }
    /// <summary>Open a follow-up case for an unhappy answer (NPS ≤ 6, CSAT ≤ 2, CES ≥ 5, rating in the lowest two fifths) or a request for contact.</summary>
    public bool FollowUpEnabled { get; set; } = true;
    /// <summary>Owner of follow-ups when the conversation's team has no lead (or there is no conversation).</summary>
    public Guid? FollowUpOwnerUserId { get; set; }
    public int FollowUpDueHours { get; set; } = 48;
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>The wording and scale of a survey as it was at one time (<see cref="SurveyDefinition"/> as JSON).</summary>
internal sealed class SurveyVersion
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; init; }
    public Guid SurveyId { get; init; }
    public int Number { get; init; }
    public required string Definition { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A named moment of the customer journey ("support conversation resolved", "order delivered").</summary>
internal sealed class Touchpoint
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; init; }
    /// <summary>Stable key for imports and the API, e.g. <c>order.delivered</c>.</summary>
    public required string Key { get; init; }
    public required string Name { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
}

public enum TriggerKind
{
    /// <summary>A conversation was resolved (optionally only on one channel or for one team).</summary>
    ConversationResolved,
    /// <summary>The company tracked an event with this name through the API.</summary>
    Event,
}

/// <summary>When a survey is sent by itself: on what, after how long, to what share of customers.</summary>
internal sealed class SurveyTrigger
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; init; }
    public Guid SurveyId { get; init; }
    public TriggerKind Kind { get; set; }
    public Guid? ChannelId { get; set; }
    public Guid? TeamId { get; set; }
    public string? EventName { get; set; }
    /// <summary>Touchpoint recorded on answers from this trigger; the survey's when null.</summary>
    public Guid? TouchpointId { get; set; }
    public int DelayMinutes { get; set; }
    /// <summary>Percentage of matching customers asked (sampling), 1–100.</summary>
    public int SamplePercent { get; set; } = 100;
    public bool IsActive { get; set; } = true;
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>Per-workspace survey settings; a workspace without a row uses the defaults.</summary>
internal sealed class SurveySettings
{
    public Guid WorkspaceId { get; init; }
    /// <summary>No customer is asked more often than this, across all surveys.</summary>
    public int MinDaysBetweenSurveys { get; set; } = 30;
}

/// <summary>A customer who asked not to be surveyed again.</summary>
internal sealed class SurveyOptOut
{
    public Guid WorkspaceId { get; init; }
    public Guid CustomerId { get; init; }
    public DateTimeOffset At { get; init; }
}

internal sealed class SurveyConfiguration : IEntityTypeConfiguration<Survey>
{
    public void Configure(EntityTypeBuilder<Survey> builder)
    {
        builder.Property(s => s.Name).HasMaxLength(Limits.NameLength);
        builder.Property(s => s.PublicKey).HasMaxLength(32);
        builder.HasIndex(s => s.PublicKey).IsUnique();
        builder.HasIndex(s => new { s.WorkspaceId, s.Name });
        builder.HasOne<Touchpoint>().WithMany().HasForeignKey(s => s.TouchpointId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SurveyVersionConfiguration : IEntityTypeConfiguration<SurveyVersion>
{
    public void Configure(EntityTypeBuilder<SurveyVersion> builder)
    {
        builder.HasIndex(v => new { v.SurveyId, v.Number }).IsUnique();
        builder.HasOne<Survey>().WithMany().HasForeignKey(v => v.SurveyId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TouchpointConfiguration : IEntityTypeConfiguration<Touchpoint>
{
    public void Configure(EntityTypeBuilder<Touchpoint> builder)
    {
        builder.Property(t => t.Key).HasMaxLength(Limits.TagLength);
        builder.Property(t => t.Name).HasMaxLength(Limits.NameLength);
        builder.HasIndex(t => new { t.WorkspaceId, t.Key }).IsUnique();
    }
}

internal sealed class SurveyTriggerConfiguration : IEntityTypeConfiguration<SurveyTrigger>
{
    public void Configure(EntityTypeBuilder<SurveyTrigger> builder)
    {
        builder.Property(t => t.EventName).HasMaxLength(Limits.TagLength);
        builder.HasIndex(t => new { t.WorkspaceId, t.Kind });
        builder.HasIndex(t => t.SurveyId);
        builder.HasOne<Survey>().WithMany().HasForeignKey(t => t.SurveyId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SurveySettingsConfiguration : IEntityTypeConfiguration<SurveySettings>
{
    public void Configure(EntityTypeBuilder<SurveySettings> builder) => builder.HasKey(s => s.WorkspaceId);
}

internal sealed class SurveyOptOutConfiguration : IEntityTypeConfiguration<SurveyOptOut>
{
    public void Configure(EntityTypeBuilder<SurveyOptOut> builder) => builder.HasKey(o => new { o.WorkspaceId, o.CustomerId });
}
