using Hamdel.Server.Infrastructure.Background;
using System.ComponentModel.DataAnnotations;
using Hamdel.Server.Features.Conversations;
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
/// Brings every customer message's insight up to date in the background: messages stored before
/// analysis existed (or while it failed), and insights made by an older model or with an older
/// topic list of their workspace. Woken at once when a topic list changes. It writes no events: a
/// re-reading is not news for webhooks.
/// </summary>
internal sealed partial class Reanalyzer(IServiceScopeFactory scopes, IOptions<InsightOptions> options, ILogger<Reanalyzer> logger) : PollingService(logger)
{
    protected override TimeSpan PollInterval => options.Value.ReanalyzeInterval;

    /// <summary>A batch of messages and one of survey comments, each its own transaction; more may be left while either found some.</summary>
    protected override async Task<bool> RunPassAsync(CancellationToken cancellationToken) =>
        await RunBatchAsync(cancellationToken) + await RunCommentBatchAsync(cancellationToken) > 0;

    /// <summary>Brings one batch up to date; returns how many texts it read.</summary>
    internal async Task<int> RunBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HamdelDbContext>();
        var taxonomies = scope.ServiceProvider.GetRequiredService<WorkspaceTaxonomies>();
        var take = options.Value.BatchSize;

        var inbound = db.Messages.AsNoTracking().Where(m => m.Direction == MessageDirection.Inbound);
        var missing = inbound.Where(m => !db.TextInsights.Any(i => i.Subject == InsightSubject.Message && i.SubjectId == m.Id));
        var stale = inbound.Where(m => db.TextInsights.Any(i => i.Subject == InsightSubject.Message && i.SubjectId == m.Id
            && (i.ModelVersion != TextAnalyzer.ModelVersion
                || i.TopicsVersion != (db.WorkspaceTopics.Where(t => t.WorkspaceId == i.WorkspaceId).Select(t => (int?)t.Version).FirstOrDefault() ?? 0))));
        var batch = await Project(missing.OrderBy(m => m.Id).Take(take)).ToListAsync(cancellationToken);
        if (batch.Count < take)
        {
            batch.AddRange(await Project(stale.OrderBy(m => m.Id).Take(take - batch.Count)).ToListAsync(cancellationToken));
        }
        if (batch.Count == 0)
        {
            return 0;
        }

        await Concurrency.RetryAsync(db, async () =>
        {
            var insights = scope.ServiceProvider.GetRequiredService<TextInsights>();
            var byMessage = new Dictionary<Guid, TextInsight>();
            foreach (var message in batch)
            {
                var (version, taxonomy) = await taxonomies.GetAsync(db, message.WorkspaceId, cancellationToken);
                byMessage[message.Id] = await insights.RecordAsync(message.WorkspaceId, InsightSubject.Message, message.Id, message.Text, version, taxonomy, cancellationToken);
            }
            // A conversation shows the signals of its latest customer message.
            var conversationIds = batch.Select(m => m.ConversationId).Distinct().ToList();
            var conversations = await db.Conversations.Where(c => conversationIds.Contains(c.Id)).ToListAsync(cancellationToken);
            foreach (var conversation in conversations)
            {
                var latest = await TextInsights.LatestCustomerMessageAsync(db, conversation.Id, cancellationToken);
                if (byMessage.TryGetValue(latest, out var insight) && conversation.Signals != insight.Signals)
                {
                    conversation.Signals = insight.Signals;
                }
            }
            return await db.SaveChangesAsync(cancellationToken);
        });
        LogBatch(logger, batch.Count);
        return batch.Count;
    }

    /// <summary>Brings one batch of survey comments up to date; returns how many it read.</summary>
    internal async Task<int> RunCommentBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HamdelDbContext>();
        var taxonomies = scope.ServiceProvider.GetRequiredService<WorkspaceTaxonomies>();
        var insights = scope.ServiceProvider.GetRequiredService<TextInsights>();
        var take = options.Value.BatchSize;

        var commented = db.SurveyAnswers.AsNoTracking().Where(a => a.Comment != null && a.Comment != "");
        var missing = commented.Where(a => !db.TextInsights.Any(i => i.Subject == InsightSubject.SurveyComment && i.SubjectId == a.Id));
        var stale = commented.Where(a => db.TextInsights.Any(i => i.Subject == InsightSubject.SurveyComment && i.SubjectId == a.Id
            && (i.ModelVersion != TextAnalyzer.ModelVersion
                || i.TopicsVersion != (db.WorkspaceTopics.Where(t => t.WorkspaceId == i.WorkspaceId).Select(t => (int?)t.Version).FirstOrDefault() ?? 0))));
        var batch = await missing.OrderBy(a => a.Id).Take(take).Select(a => new { a.Id, a.WorkspaceId, Comment = a.Comment! }).ToListAsync(cancellationToken);
        if (batch.Count < take)
        {
            batch.AddRange(await stale.OrderBy(a => a.Id).Take(take - batch.Count).Select(a => new { a.Id, a.WorkspaceId, Comment = a.Comment! }).ToListAsync(cancellationToken));
        }
        if (batch.Count == 0)
        {
            return 0;
        }
        await Concurrency.RetryAsync(db, async () =>
        {
            foreach (var answer in batch)
            {
                var (version, taxonomy) = await taxonomies.GetAsync(db, answer.WorkspaceId, cancellationToken);
                await insights.RecordAsync(answer.WorkspaceId, InsightSubject.SurveyComment, answer.Id, answer.Comment, version, taxonomy, cancellationToken);
            }
            return await db.SaveChangesAsync(cancellationToken);
        });
        LogBatch(logger, batch.Count);
        return batch.Count;
    }

    private static IQueryable<Pending> Project(IQueryable<Message> messages) =>
        messages.Select(m => new Pending(m.Id, m.WorkspaceId, m.ConversationId, m.Text));

    private sealed record Pending(Guid Id, Guid WorkspaceId, Guid ConversationId, string Text);

    [LoggerMessage(Level = LogLevel.Information, Message = "Analysed {Count} customer texts (new, or read with an older model or topic list)")]
    private static partial void LogBatch(ILogger logger, int count);
}
