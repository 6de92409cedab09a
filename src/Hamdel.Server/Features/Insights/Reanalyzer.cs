using System.ComponentModel.DataAnnotations;
using Hamdel.Server.Features.Conversations;
using Hamdel.Server.Infrastructure.Background;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hamdel.Server.Features.Insights;

/// <summary>Settings under <c>Hamdel:Insights</c>.</summary>
internal sealed class InsightOptions
{
    public const string Section = "Hamdel:Insights";

    /// <summary>How often to look for texts never analysed or analysed by an older model or topic list.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan ReanalyzeInterval { get; set; } = TimeSpan.FromMinutes(10);

    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 500;
}

/// <summary>
/// Brings the insight of every customer text (messages, survey comments) up to date in the
/// background: texts stored before analysis existed (or while it failed), and insights made by an older model or with an older
/// topic list of their workspace. Woken at once when a topic list changes. Its only event is the
/// internal <see cref="TextsAnalyzed"/>: a re-reading is not news for webhooks.
/// </summary>
internal sealed partial class Reanalyzer(IServiceScopeFactory scopes, IOptions<InsightOptions> options, ILogger<Reanalyzer> logger) : PollingService(logger)
{
    protected override TimeSpan PollInterval => options.Value.ReanalyzeInterval;

    /// <summary>A batch of messages and one of survey comments, each its own transaction; more may be left while either found some.</summary>
    protected override async Task<bool> RunPassAsync(CancellationToken cancellationToken) =>
        await RunBatchAsync(InsightSubject.Message,
            db => db.Messages.Where(m => m.Direction == MessageDirection.Inbound)
                .Select(m => new Pending { Id = m.Id, WorkspaceId = m.WorkspaceId, ConversationId = m.ConversationId, Text = m.Text }),
            cancellationToken)
        + await RunBatchAsync(InsightSubject.SurveyComment,
            db => db.SurveyAnswers.Where(a => a.Comment != null && a.Comment != "")
                .Select(a => new Pending { Id = a.Id, WorkspaceId = a.WorkspaceId, ConversationId = null, Text = a.Comment! }),
            cancellationToken) > 0;

    /// <summary>Brings one batch of one kind of text up to date; returns how many texts it read.</summary>
    private async Task<int> RunBatchAsync(InsightSubject subject, Func<HamdelDbContext, IQueryable<Pending>> texts, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HamdelDbContext>();
        var taxonomies = scope.ServiceProvider.GetRequiredService<WorkspaceTaxonomies>();
        var insights = scope.ServiceProvider.GetRequiredService<TextInsights>();
        var events = scope.ServiceProvider.GetRequiredService<Infrastructure.Events.EventOutbox>();
        var take = options.Value.BatchSize;

        var all = texts(db).AsNoTracking();
        var missing = all.Where(p => !db.TextInsights.Any(i => i.Subject == subject && i.SubjectId == p.Id));
        var stale = all.Where(p => db.TextInsights.Any(i => i.Subject == subject && i.SubjectId == p.Id
            && (i.ModelVersion != TextAnalyzer.ModelVersion
                || i.TopicsVersion != (db.WorkspaceTopics.Where(t => t.WorkspaceId == i.WorkspaceId).Select(t => (int?)t.Version).FirstOrDefault() ?? 0))));
        var batch = await missing.OrderBy(p => p.Id).Take(take).ToListAsync(cancellationToken);
        if (batch.Count < take)
        {
            batch.AddRange(await stale.OrderBy(p => p.Id).Take(take - batch.Count).ToListAsync(cancellationToken));
        }
        if (batch.Count == 0)
        {
            return 0;
        }

        await Concurrency.RetryAsync(db, async () =>
        {
            var ids = batch.Select(p => p.Id).ToList();
            var existing = await db.TextInsights.Where(i => i.Subject == subject && ids.Contains(i.SubjectId)).ToDictionaryAsync(i => i.SubjectId, cancellationToken);
            var lists = new Dictionary<Guid, (int Version, Hamdel.Text.Topics.TopicTaxonomy Taxonomy)>();
            var read = new Dictionary<Guid, TextInsight>();
            foreach (var text in batch)
            {
                if (!lists.TryGetValue(text.WorkspaceId, out var list))
                {
                    lists[text.WorkspaceId] = list = await taxonomies.GetAsync(db, text.WorkspaceId, cancellationToken);
                }
                read[text.Id] = insights.Record(existing.GetValueOrDefault(text.Id), text.WorkspaceId, subject, text.Id, text.Text, list.Version, list.Taxonomy);
            }
            // A conversation shows the signals of its latest customer message.
            var conversationIds = batch.Where(p => p.ConversationId is not null).Select(p => p.ConversationId!.Value).Distinct().ToList();
            foreach (var conversation in await db.Conversations.Where(c => conversationIds.Contains(c.Id)).ToListAsync(cancellationToken))
            {
                var latest = await TextInsights.LatestCustomerMessageAsync(db, conversation.Id, cancellationToken);
                if (read.TryGetValue(latest, out var insight) && conversation.Signals != insight.Signals)
                {
                    conversation.Signals = insight.Signals;
                }
            }
            // Not news for webhooks, but the metrics' sentiment and topic breakdowns change with it.
            foreach (var workspace in batch.GroupBy(p => p.WorkspaceId))
            {
                events.Publish(new TextsAnalyzed(workspace.Key, subject, [.. workspace.Select(p => p.Id)]));
            }
            return await db.SaveChangesAsync(cancellationToken);
        });
        LogBatch(logger, batch.Count, subject);
        return batch.Count;
    }

    /// <summary>A text waiting to be read (set with an initializer so that queries can go on from it).</summary>
    private sealed class Pending
    {
        public Guid Id { get; init; }
        public Guid WorkspaceId { get; init; }
        public Guid? ConversationId { get; init; }
        public required string Text { get; init; }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Read {Count} texts ({Subject}) that were new, or read with an older model or topic list")]
    private static partial void LogBatch(ILogger logger, int count, InsightSubject subject);
}
