namespace Hamdel.Server.Infrastructure.Background;

/// <summary>
/// A background worker that does its work in passes: a pass runs when woken (this instance just
/// wrote something for it) or when the poll interval has passed (another instance did, or a time
/// came due). It goes straight on to the next pass while a pass reports it may have left work; a
/// failed pass is logged and retried after the interval, so one bad row cannot stop the worker.
/// </summary>
internal abstract partial class PollingService(ILogger logger) : BackgroundService
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    /// <summary>How long to wait for a wake-up between passes, and after a failed pass.</summary>
    protected abstract TimeSpan PollInterval { get; }

    /// <summary>One pass; returns true when it may have left work for another pass at once.</summary>
    protected abstract Task<bool> RunPassAsync(CancellationToken cancellationToken);

    /// <summary>Asks for a pass now; several calls before it starts ask for one pass.</summary>
    public void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled: the next pass sees everything.
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await RunPassAsync(stoppingToken))
                {
                    await _wake.WaitAsync(PollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogPassFailed(logger, GetType().Name, e);
                try
                {
                    await Task.Delay(PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
        GC.SuppressFinalize(this);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Worker}: a pass failed; trying again after the poll interval")]
    private static partial void LogPassFailed(ILogger logger, string worker, Exception exception);
}
