using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hamdel.Server.Features.Metrics;

/// <summary>
/// What one source row (an answer, an invitation, a conversation, a follow-up case) currently counts
/// for in one family: its day, its dimensions and its value. The rollups are the sums of these; a
/// change of the source subtracts the old fact and adds the new one, so handling an event twice
/// changes nothing the second time (docs/adr/0021).
/// </summary>
internal sealed class MetricFact
{
    public Guid WorkspaceId { get; init; }
    public MetricFamily Family { get; init; }
    public Guid SourceId { get; init; }
    /// <summary>Local day in the workspace's time zone, as <see cref="DateOnly.DayNumber"/>.</summary>
    public int Day { get; set; }
    public Guid? SurveyId { get; set; }
    public Guid? TouchpointId { get; set; }
    public Guid? ChannelId { get; set; }
    public Guid? TeamId { get; set; }
    public Guid? AgentId { get; set; }
    public string? Language { get; set; }
    public string? Sentiment { get; set; }
    /// <summary>The customer's tags, space-separated with a space at each end (" vip wholesale "), or empty.</summary>
    public string Tags { get; set; } = "";
    /// <summary>Topic ids, in the same form.</summary>
    public string Topics { get; set; } = "";
    public long Value { get; set; }
}

/// <summary>
/// Additive sums of the facts of one family, for one value of one dimension (or the total), on one
/// local day: count, sum, sum of squares and the count of each value 0–10 (values above 10 count in
/// C10). Everything a metric and its interval need, and any set of days adds up exactly.
/// </summary>
internal sealed class MetricRollup
{
    public Guid WorkspaceId { get; init; }
    public MetricFamily Family { get; init; }
    public MetricDimension Dimension { get; init; }
    /// <summary>The dimension's value (an id as 32 hex digits, a language, a tag ...); empty for none and for the total.</summary>
    public required string Key { get; init; }
    /// <summary>A local day (<see cref="DateOnly.DayNumber"/>), or, when negative, a month of one calendar (<see cref="MetricPeriods.MonthCodes"/>).</summary>
    public int Day { get; init; }
    public long N { get; set; }
    public long Sum { get; set; }
    public long SumSquares { get; set; }
    public long C0 { get; set; }
    public long C1 { get; set; }
    public long C2 { get; set; }
    public long C3 { get; set; }
    public long C4 { get; set; }
    public long C5 { get; set; }
    public long C6 { get; set; }
    public long C7 { get; set; }
    public long C8 { get; set; }
    public long C9 { get; set; }
    public long C10 { get; set; }
}

/// <summary>One bin of the duration histogram (<see cref="DurationSketch"/>) of one rollup cell.</summary>
internal sealed class MetricHistogramBin
{
    public Guid WorkspaceId { get; init; }
    public MetricFamily Family { get; init; }
    public MetricDimension Dimension { get; init; }
    public required string Key { get; init; }
    public int Day { get; init; }
    public int Bin { get; init; }
    public long N { get; set; }
}

/// <summary>How a workspace's rollups were built; a difference from today's settings means a rebuild.</summary>
internal sealed class MetricWorkspaceState
{
    public Guid WorkspaceId { get; init; }
    public required string TimeZone { get; set; }
    public int DefinitionVersion { get; set; }
    public int RepeatContactDays { get; set; }
    /// <summary>Bumped by every change: the row is the per-workspace lock that serialises rollup writers.</summary>
    public long Revision { get; set; }
    public DateTimeOffset? BuiltAt { get; set; }
}

internal sealed class MetricFactConfiguration : IEntityTypeConfiguration<MetricFact>
{
    public void Configure(EntityTypeBuilder<MetricFact> builder)
    {
        builder.HasKey(f => new { f.WorkspaceId, f.Family, f.SourceId });
        builder.Property(f => f.Family).HasConversion<int>();
        builder.Property(f => f.Language).HasMaxLength(8);
        builder.Property(f => f.Sentiment).HasMaxLength(16);
        builder.Property(f => f.Tags).HasMaxLength(2000);
        builder.Property(f => f.Topics).HasMaxLength(2000);
        // Queries over several dimensions at once, and drill-downs, read the facts of a day range.
        builder.HasIndex(f => new { f.WorkspaceId, f.Family, f.Day });
    }
}

internal sealed class MetricRollupConfiguration : IEntityTypeConfiguration<MetricRollup>
{
    public void Configure(EntityTypeBuilder<MetricRollup> builder)
    {
        builder.HasKey(r => new { r.WorkspaceId, r.Family, r.Dimension, r.Key, r.Day });
        builder.Property(r => r.Family).HasConversion<int>();
        builder.Property(r => r.Dimension).HasConversion<int>();
        builder.Property(r => r.Key).HasMaxLength(200);
    }
}

internal sealed class MetricHistogramBinConfiguration : IEntityTypeConfiguration<MetricHistogramBin>
{
    public void Configure(EntityTypeBuilder<MetricHistogramBin> builder)
    {
        builder.HasKey(r => new { r.WorkspaceId, r.Family, r.Dimension, r.Key, r.Day, r.Bin });
        builder.Property(r => r.Family).HasConversion<int>();
        builder.Property(r => r.Dimension).HasConversion<int>();
        builder.Property(r => r.Key).HasMaxLength(200);
    }
}

internal sealed class MetricWorkspaceStateConfiguration : IEntityTypeConfiguration<MetricWorkspaceState>
{
    public void Configure(EntityTypeBuilder<MetricWorkspaceState> builder)
    {
        builder.HasKey(s => s.WorkspaceId);
        builder.Property(s => s.TimeZone).HasMaxLength(64);
    }
}
