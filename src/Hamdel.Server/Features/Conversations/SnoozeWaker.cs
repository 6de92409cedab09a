using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Events;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Features.Conversations;

/// <summary>Opens snoozed conversations again when their time has come.</summary>
internal sealed partial class SnoozeWaker(IServiceScopeFactory scopes, TimeProvider time, ILogger<SnoozeWaker> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await WakeDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task<int> WakeDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HamdelDbContext>();
        var events = scope.ServiceProvider.GetRequiredService<EventOutbox>();
        var now = time.GetUtcNow();
        var due = await db.Conversations
            .Where(c => c.Status == ConversationStatus.Snoozed && c.SnoozedUntil <= now)
            .OrderBy(c => c.SnoozedUntil)
            .Take(200)
            .ToListAsync(cancellationToken);
        foreach (var conversation in due)
        {
            ChangeStatus.Apply(conversation, ConversationStatus.Open, null, null, events, now);
        }
        await db.SaveChangesAsync(cancellationToken);
        return due.Count;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Waking snoozed conversations failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
