using Hamdel.Text.Sentiment;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hamdel.Server.Features.Insights;

/// <summary>What was analysed: a customer's message, and later survey comments.</summary>
public enum InsightSubject
{
    Message,
    SurveyComment,
}

/// <summary>What the inbox should point out about a customer text.</summary>
[Flags]
public enum TextSignals
{
    None = 0,
    /// <summary>Strongly negative, with confidence.</summary>
    Angry = 1,
    /// <summary>Asks for a person (a human agent, a manager) rather than automation.</summary>
    WantsHuman = 2,
    /// <summary>Asks to be contacted (call me, email me back).</summary>
    WantsContact = 4,
}

/// <summary>
/// The reading of one customer text by <c>Hamdel.Text</c>: language, sentiment, topics and signals,
/// with the model version and the workspace's topic-list version that produced it, so it can be
/// redone when either changes. Written after the text is stored, never in the request path.
/// </summary>
internal sealed class TextInsight
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; init; }
    public InsightSubject Subject { get; init; }
    /// <summary>The message (or answer) id.</summary>
    public Guid SubjectId { get; init; }
    public required string Language { get; set; }
    public SentimentLabel Sentiment { get; set; }
    public double Score { get; set; }
    public double Confidence { get; set; }
    /// <summary>Topic ids found, space-separated with a space at each end (" delivery refund "), so a topic filter is a LIKE '% id %'.</summary>
    public required string Topics { get; set; }
    public TextSignals Signals { get; set; }
    public required string ModelVersion { get; set; }
    public int TopicsVersion { get; set; }
    public DateTimeOffset AnalyzedAt { get; set; }

    public IReadOnlyList<string> TopicIds => SplitTopics(Topics);

    public static IReadOnlyList<string> SplitTopics(string topics) => topics.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The insight as the API shows it, in a query (under a message, on a survey answer).</summary>
    public static readonly System.Linq.Expressions.Expression<Func<TextInsight, Conversations.MessageAnalysis>> ToAnalysis =
        i => new Conversations.MessageAnalysis(i.Language, i.Sentiment.ToString().ToLower(), i.Score, i.Confidence, SplitTopics(i.Topics), TextSignalRules.Names(i.Signals), i.ModelVersion);

    public static string JoinTopics(IEnumerable<string> ids) => " " + string.Join(' ', ids) + " ";

    /// <summary>The reading as timeline data: <c>sentiment</c>, <c>topics</c> (space-separated ids), <c>signals</c> (space-separated names).</summary>
    public static IEnumerable<KeyValuePair<string, string?>> TimelineData(TextInsight? insight) =>
        insight is null ? [] :
        [
            new("sentiment", insight.Sentiment.ToString().ToLowerInvariant()),
            new("topics", insight.Topics.Trim()),
            new("signals", string.Join(' ', TextSignalRules.Names(insight.Signals))),
        ];
}

internal sealed class TextInsightConfiguration : IEntityTypeConfiguration<TextInsight>
{
    public void Configure(EntityTypeBuilder<TextInsight> builder)
    {
        builder.HasIndex(i => new { i.WorkspaceId, i.Subject, i.SubjectId }).IsUnique();
        builder.HasIndex(i => i.ModelVersion);
        builder.Property(i => i.Language).HasMaxLength(8);
        builder.Property(i => i.Topics).HasMaxLength(2000);
        builder.Property(i => i.ModelVersion).HasMaxLength(64);
        builder.Property(i => i.Signals).HasConversion<int>();
    }
}

/// <summary>A workspace's own topic list (JSON as <c>Hamdel.Text.Topics.TopicTaxonomy</c> reads it); absent means the shipped default.</summary>
internal sealed class WorkspaceTopics
{
    public Guid WorkspaceId { get; init; }
    public required string Json { get; set; }
    /// <summary>Bumped on every change; insights made with an older version are redone.</summary>
    public int Version { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public Guid? UpdatedByUserId { get; set; }
}

internal sealed class WorkspaceTopicsConfiguration : IEntityTypeConfiguration<WorkspaceTopics>
{
    public void Configure(EntityTypeBuilder<WorkspaceTopics> builder)
    {
        builder.HasKey(t => t.WorkspaceId);
        builder.Property(t => t.Json).HasMaxLength(200_000);
    }
}
