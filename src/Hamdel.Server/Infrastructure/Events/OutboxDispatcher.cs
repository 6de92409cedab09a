using System.ComponentModel.DataAnnotations;
using Hamdel.Server.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace Hamdel.Server.Infrastructure.Events;

/// <summary>Settings under <c>Hamdel:Events</c>.</summary>
internal sealed class EventOptions
{
    public const string Section = "Hamdel:Events";

    /// <summary>How often the outbox is polled when nothing woke the dispatcher (another instance wrote, or a retry is due).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a claimed event stays with one dispatcher before another may take it.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan ClaimDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long processed events are kept (for troubleshooting) before they are deleted.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 200;
}

/// <summary>
/// Delivers committed domain events to every <see cref="IEventHandler"/>, in outbox order, at least
/// once. Several server instances may run it: each pass claims a batch (a claim expires, so events
/// of a crashed instance are taken over), and an event whose handler fails is retried with growing
/// delays while the events after it go on.
/// </summary>
internal sealed partial class OutboxDispatcher(IServiceScopeFactory scopes, TimeProvider time, IOptions<EventOptions> options, ILogger<OutboxDispatcher> logger)
    : Background.PollingService(logger)
{
    private DateTimeOffset _lastCleanup;

    protected override TimeSpan PollInterval => options.Value.PollInterval;

    /// <summary>A full batch means more may be waiting.</summary>
    protected override async Task<bool> RunPassAsync(CancellationToken cancellationToken) => await DispatchOnceAsync(cancellationToken) >= options.Value.BatchSize;

    /// <summary>One pass: claims a batch, runs the handlers, records the outcome. Returns how many events were claimed.</summary>
    public async Task<int> DispatchOnceAsync(CancellationToken cancellationToken)
    {
        var claim = Guid.NewGuid();
        var now = time.GetUtcNow();
        List<OutboxEvent> batch;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HamdelDbContext>();
            var candidates = await db.OutboxEvents
                .Where(e => e.ProcessedAt == null && (e.LockedUntil == null || e.LockedUntil < now))
                .OrderBy(e => e.Id)
                .Select(e => e.Id)
                .Take(options.Value.BatchSize)
                .ToListAsync(cancellationToken);
            if (candidates.Count == 0)
            {
                await CleanupAsync(db, now, cancellationToken);
                return 0;
            }
            // The same condition again in the update: of two instances racing for an event, one wins.
            var until = now + options.Value.ClaimDuration;
            await db.OutboxEvents
                .Where(e => candidates.Contains(e.Id) && e.ProcessedAt == null && (e.LockedUntil == null || e.LockedUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.LockedUntil, until).SetProperty(e => e.ClaimedBy, claim), cancellationToken);
            batch = await db.OutboxEvents.AsNoTracking().Where(e => e.ClaimedBy == claim).OrderBy(e => e.Id).ToListAsync(cancellationToken);
        }

        var done = new List<long>(batch.Count);
        foreach (var domainEvent in batch)
        {
            var error = await HandleAsync(domainEvent, cancellationToken);
            if (error is null)
            {
                done.Add(domainEvent.Id);
                continue;
            }
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<HamdelDbContext>();
            var retryAt = time.GetUtcNow() + Backoff(domainEvent.Attempts + 1);
            await db.OutboxEvents.Where(e => e.Id == domainEvent.Id).ExecuteUpdateAsync(s => s
                .SetProperty(e => e.Attempts, e => e.Attempts + 1)
                .SetProperty(e => e.LastError, error.Length > 2000 ? error[..2000] : error)
                .SetProperty(e => e.LockedUntil, retryAt)
                .SetProperty(e => e.ClaimedBy, (Guid?)null), cancellationToken);
        }

        if (done.Count > 0)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<HamdelDbContext>();
            var processedAt = time.GetUtcNow();
            await db.OutboxEvents.Where(e => done.Contains(e.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.ProcessedAt, processedAt).SetProperty(e => e.ClaimedBy, (Guid?)null), cancellationToken);
        }
        return batch.Count;
    }

    private async Task<string?> HandleAsync(OutboxEvent domainEvent, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        foreach (var handler in scope.ServiceProvider.GetServices<IEventHandler>())
        {
            if (!handler.EventTypes.Contains(domainEvent.Type) && !handler.EventTypes.Contains("*"))
            {
                continue;
            }
            try
            {
                await handler.HandleAsync(domainEvent, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogHandlerFailed(logger, e, handler.GetType().Name, domainEvent.Type, domainEvent.EventId);
                return $"{handler.GetType().Name}: {e.Message}";
            }
        }
        return null;
    }

    /// <summary>1 s, 4 s, 16 s ... capped at an hour.</summary>
    internal static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(3600, Math.Pow(4, Math.Min(attempts - 1, 10))));

    private async Task CleanupAsync(HamdelDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (now - _lastCleanup < TimeSpan.FromHours(1))
        {
            return;
        }
        _lastCleanup = now;
        var before = now - options.Value.Retention;
        await db.OutboxEvents.Where(e => e.ProcessedAt != null && e.ProcessedAt < before).ExecuteDeleteAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event handler {Handler} failed on {EventType} {EventId}; it will be retried")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string handler, string eventType, Guid eventId);
}

/// <summary>
/// Wakes the dispatcher when this instance has committed changes (after SaveChanges outside a
/// transaction, or at commit), so listeners such as the live inbox hear of new events at once
/// rather than at the next poll.
/// </summary>
internal sealed class OutboxWakeInterceptor(IServiceProvider services) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context?.Database.CurrentTransaction is null)
        {
            Wake();
        }
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context?.Database.CurrentTransaction is null)
        {
            Wake();
        }
        return result;
    }

    public Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Wake();
        return Task.CompletedTask;
    }

    public void TransactionCommitted(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) => Wake();

    private void Wake() => services.GetService<OutboxDispatcher>()?.Wake();
}
