using System.Collections.Concurrent;
using Hamdel.Server.Features.Conversations;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Events;
using Hamdel.Text;
using Hamdel.Text.Topics;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Features.Insights;

/// <summary>Built topic lists per workspace, rebuilt when a workspace's list changes version.</summary>
internal sealed class WorkspaceTaxonomies
{
    private readonly ConcurrentDictionary<Guid, (int Version, TopicTaxonomy Taxonomy)> _built = new();

    /// <summary>The workspace's list and its version (0: the shipped default).</summary>
    public async Task<(int Version, TopicTaxonomy Taxonomy)> GetAsync(HamdelDbContext db, Guid workspaceId, CancellationToken cancellationToken)
    {
        var version = await db.WorkspaceTopics.AsNoTracking().Where(t => t.WorkspaceId == workspaceId).Select(t => (int?)t.Version).SingleOrDefaultAsync(cancellationToken) ?? 0;
        if (_built.TryGetValue(workspaceId, out var built) && built.Version == version)
        {
            return built;
        }
        var json = version == 0 ? null : await db.WorkspaceTopics.AsNoTracking().Where(t => t.WorkspaceId == workspaceId).Select(t => t.Json).SingleOrDefaultAsync(cancellationToken);
        built = (version, json is null ? TopicTaxonomy.Default : TopicTaxonomy.FromJson(json));
        _built[workspaceId] = built;
        return built;
    }
}

/// <summary>Analyses customer texts and stores the result; redone when the model or the topic list changes.</summary>
internal sealed class TextInsights(HamdelDbContext db, WorkspaceTaxonomies taxonomies, EventOutbox events, TimeProvider time)
{
    /// <summary>Analyses a customer message and records the result, with its signals on the conversation when it is the latest customer message.</summary>
    public async Task AnalyzeMessageAsync(Guid workspaceId, Guid messageId, CancellationToken cancellationToken)
    {
        var message = await db.Messages.AsNoTracking()
            .Where(m => m.Id == messageId && m.WorkspaceId == workspaceId && m.Direction == MessageDirection.Inbound)
            .Select(m => new { m.Id, m.Text, m.ConversationId })
            .SingleOrDefaultAsync(cancellationToken);
        if (message is null)
        {
            return;
        }
        var (version, taxonomy) = await taxonomies.GetAsync(db, workspaceId, cancellationToken);
        await Concurrency.RetryAsync(db, async () =>
        {
            var insight = await RecordAsync(workspaceId, InsightSubject.Message, message.Id, message.Text, version, taxonomy, cancellationToken);
            var conversation = await db.Conversations.SingleAsync(c => c.Id == message.ConversationId, cancellationToken);
            var latest = await LatestCustomerMessageAsync(db, conversation.Id, cancellationToken);
            if (latest == message.Id && conversation.Signals != insight.Signals)
            {
                conversation.Signals = insight.Signals;
            }
            events.Publish(new MessageAnalyzed(workspaceId, conversation.Id, message.Id, insight.Language, insight.Sentiment.ToString().ToLowerInvariant(),
                insight.Score, insight.Confidence, insight.TopicIds, TextSignalRules.Names(insight.Signals), insight.ModelVersion));
            return await db.SaveChangesAsync(cancellationToken);
        });
    }

    /// <summary>The conversation's latest customer message: the one whose signals the conversation shows.</summary>
    public static Task<Guid> LatestCustomerMessageAsync(HamdelDbContext db, Guid conversationId, CancellationToken cancellationToken) =>
        db.Messages.AsNoTracking()
            .Where(m => m.ConversationId == conversationId && m.Direction == MessageDirection.Inbound)
            .OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).Select(m => m.Id).FirstAsync(cancellationToken);

    /// <summary>Analyses one text and stores (or replaces) its insight; not saved until the caller saves.</summary>
    public async Task<TextInsight> RecordAsync(Guid workspaceId, InsightSubject subject, Guid subjectId, string text, int topicsVersion, TopicTaxonomy taxonomy, CancellationToken cancellationToken)
    {
        var existing = await db.TextInsights.SingleOrDefaultAsync(i => i.WorkspaceId == workspaceId && i.Subject == subject && i.SubjectId == subjectId, cancellationToken);
        return Record(existing, workspaceId, subject, subjectId, text, topicsVersion, taxonomy);
    }

    /// <summary>Analyses one text into <paramref name="existing"/>, or into a new insight when there is none; not saved until the caller saves.</summary>
    /// <remarks>The language is detected per text, not taken from the conversation: customers switch languages.</remarks>
    public TextInsight Record(TextInsight? existing, Guid workspaceId, InsightSubject subject, Guid subjectId, string text, int topicsVersion, TopicTaxonomy taxonomy)
    {
        var insight = existing;
        if (insight is null)
        {
            insight = new TextInsight { WorkspaceId = workspaceId, Subject = subject, SubjectId = subjectId, Language = "", Topics = "", ModelVersion = "" };
            db.TextInsights.Add(insight);
        }
        Apply(insight, text, TextAnalyzer.Analyze(text, null, taxonomy), topicsVersion, time.GetUtcNow());
        return insight;
    }

    private static void Apply(TextInsight insight, string text, TextAnalysis analysis, int topicsVersion, DateTimeOffset now)
    {
        insight.Language = analysis.Language;
        insight.Sentiment = analysis.Sentiment.Label;
        insight.Score = Math.Round(analysis.Sentiment.Score, 4);
        insight.Confidence = Math.Round(analysis.Sentiment.Confidence, 4);
        insight.Topics = TextInsight.JoinTopics(analysis.Topics.Select(t => t.TopicId));
        insight.Signals = TextSignalRules.Of(text, analysis);
        insight.ModelVersion = analysis.ModelVersion;
        insight.TopicsVersion = topicsVersion;
        insight.AnalyzedAt = now;
    }
}

/// <summary>A customer message was read: its sentiment, topics and signals.</summary>
internal sealed record MessageAnalyzed(
    Guid WorkspaceId, Guid ConversationId, Guid MessageId, string Language, string Sentiment, double Score, double Confidence,
    IReadOnlyList<string> Topics, IReadOnlyList<string> Signals, string ModelVersion) : IDomainEvent
{
    public const string Name = "message.analyzed";
    public string Type => Name;
}

/// <summary>
/// Texts were (re)read without a public event for each: survey comments, and re-readings after a
/// model or topic-list change. For Hamdel's own listeners (the metrics' sentiment and topic breakdowns).
/// </summary>
internal sealed record TextsAnalyzed(Guid WorkspaceId, InsightSubject Subject, IReadOnlyList<Guid> SubjectIds) : IDomainEvent
{
    public const string Name = DomainEventJson.InternalPrefix + "text.analyzed";
    public string Type => Name;
}

/// <summary>Reads every new customer message, after it is committed (never in the request path).</summary>
internal sealed class MessageAnalysisHandler(TextInsights insights) : IEventHandler
{
    public IReadOnlyCollection<string> EventTypes { get; } = [MessageCreated.Name];

    public Task HandleAsync(OutboxEvent domainEvent, CancellationToken cancellationToken)
    {
        var created = DomainEventJson.Deserialize<MessageCreated>(domainEvent);
        return created.Direction == MessageDirection.Inbound
            ? insights.AnalyzeMessageAsync(created.WorkspaceId, created.MessageId, cancellationToken)
            : Task.CompletedTask;
    }
}
