using Hamdel.Server.Features.Channels;
using Hamdel.Server.Infrastructure.Data;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hamdel.Server.Features.Email;

/// <summary>
/// Keeps one mailbox worker running per active e-mail channel: starts workers for new channels,
/// restarts a worker whose settings changed, and stops those of channels removed or turned off.
/// </summary>
internal sealed partial class MailboxFetcher(IServiceScopeFactory scopes, IOptions<EmailOptions> options, TimeProvider time, ILogger<MailboxFetcher> logger) : BackgroundService
{
    private readonly Dictionary<Guid, Worker> _workers = [];
    private readonly SemaphoreSlim _rescan = new(0, 1);

    private sealed record Worker(string Settings, CancellationTokenSource Stop, Task Run);

    /// <summary>Looks at the channels now (a channel was created or changed).</summary>
    public void Rescan()
    {
        if (_rescan.CurrentCount == 0)
        {
            try
            {
                _rescan.Release();
            }
            catch (SemaphoreFullException)
            {
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.FetchEnabled)
        {
            return;
        }
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await ReconcileAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogScanFailed(logger, e);
                }
                await _rescan.WaitAsync(options.Value.ChannelScanInterval, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            foreach (var worker in _workers.Values)
            {
                await worker.Stop.CancelAsync();
            }
            await Task.WhenAll(_workers.Values.Select(w => w.Run));
            foreach (var worker in _workers.Values)
            {
                worker.Stop.Dispose();
            }
        }
    }

    private async Task ReconcileAsync(CancellationToken stoppingToken)
    {
        List<Channel> channels;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HamdelDbContext>();
            channels = await db.Channels.AsNoTracking().Where(c => c.Kind == EmailChannelKind.Name && c.IsActive).ToListAsync(stoppingToken);
        }
        foreach (var (id, worker) in _workers.ToList())
        {
            if (channels.FirstOrDefault(c => c.Id == id) is not { } channel || channel.Settings != worker.Settings || worker.Run.IsCompleted)
            {
                await worker.Stop.CancelAsync();
                await worker.Run;
                worker.Stop.Dispose();
                _workers.Remove(id);
            }
        }
        foreach (var channel in channels.Where(c => !_workers.ContainsKey(c.Id)))
        {
            var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var mailbox = new MailboxWorker(channel, scopes, options.Value, time, logger);
            _workers[channel.Id] = new Worker(channel.Settings, stop, Task.Run(() => mailbox.RunAsync(stop.Token), CancellationToken.None));
        }
    }

    public override void Dispose()
    {
        _rescan.Dispose();
        base.Dispose();
        GC.SuppressFinalize(this);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Looking for e-mail channels failed; trying again")]
    private static partial void LogScanFailed(ILogger logger, Exception exception);
}

/// <summary>
/// Fetches one channel's mailbox: IMAP IDLE where the server has it (restarted before servers drop
/// idle clients), polling otherwise, reconnecting with doubling waits after a failure. Every message
/// not yet marked done is stored (or quarantined), committed, and only then marked done on the
/// server; the folder's UIDVALIDITY and the last UID stored are kept in the database.
/// </summary>
internal sealed partial class MailboxWorker(Channel channel, IServiceScopeFactory scopes, EmailOptions options, TimeProvider time, ILogger logger)
{
    private readonly Dictionary<uint, int> _failures = [];

    // Waits for the network (back-off, IDLE restart, polling) run on the real clock, not the injected
    // one: a test that holds its clock still must not stall a mailbox.
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var backoff = options.ReconnectMin;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await SessionAsync(() => backoff = options.ReconnectMin, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogMailboxFailed(logger, e, channel.Id);
                await RecordErrorAsync(e.Message);
                try
                {
                    await Task.Delay(backoff, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, options.ReconnectMax.Ticks));
            }
        }
    }

    private async Task SessionAsync(Action connected, CancellationToken cancellationToken)
    {
        EmailSettings settings;
        await using (var scope = scopes.CreateAsyncScope())
        {
            settings = scope.ServiceProvider.GetRequiredService<EmailChannelKind>().Settings(channel);
        }
        using var client = new ImapClient { Timeout = 120_000 };
        await client.ConnectAsync(settings.Imap.Host, settings.Imap.Port, settings.Imap.Security, cancellationToken);
        await client.AuthenticateAsync(settings.Imap.User ?? "", settings.Imap.Password ?? "", cancellationToken);
        var folder = await client.GetFolderAsync(settings.Folder, cancellationToken);
        await folder.OpenAsync(FolderAccess.ReadWrite, cancellationToken);
        var uidValidity = (long)folder.UidValidity;
        await PrepareStateAsync(uidValidity, cancellationToken);
        connected();
        await RecordErrorAsync(null);

        using var arrived = new SemaphoreSlim(0, 1);
        void Arrived(object? sender, EventArgs e)
        {
            if (arrived.CurrentCount == 0)
            {
                try
                {
                    arrived.Release();
                }
                catch (SemaphoreFullException)
                {
                }
            }
        }
        folder.CountChanged += Arrived;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                while (await FetchPendingAsync(client, folder, settings, uidValidity, cancellationToken))
                {
                }
                if (client.Capabilities.HasFlag(ImapCapabilities.Idle))
                {
                    using var done = new CancellationTokenSource(options.IdleRestart);
                    using var linked = CancellationTokenSource.CreateLinkedTokenSource(done.Token, cancellationToken);
                    // New mail ends the IDLE; so does the restart timer, before the server would drop us.
                    var waiting = arrived.WaitAsync(linked.Token).ContinueWith(_ => done.Cancel(), TaskScheduler.Default);
                    try
                    {
                        await client.IdleAsync(done.Token, cancellationToken);
                    }
                    finally
                    {
                        // Also when IDLE failed (the connection dropped): no wait is left behind.
                        await linked.CancelAsync();
                        await waiting;
                    }
                }
                else
                {
                    try
                    {
                        await Task.Delay(options.PollInterval, cancellationToken);
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        break;
                    }
                    await client.NoOpAsync(cancellationToken);
                }
            }
        }
        finally
        {
            folder.CountChanged -= Arrived;
        }
        if (client.IsConnected)
        {
            await client.DisconnectAsync(quit: true, CancellationToken.None);
        }
    }

    /// <summary>Creates the channel's state row, or resets its last UID when the folder's UIDVALIDITY changed.</summary>
    private async Task PrepareStateAsync(long uidValidity, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HamdelDbContext>();
        var state = await db.EmailMailboxStates.SingleOrDefaultAsync(s => s.ChannelId == channel.Id, cancellationToken);
        if (state is null)
        {
            db.EmailMailboxStates.Add(new EmailMailboxState { ChannelId = channel.Id, WorkspaceId = channel.WorkspaceId, UidValidity = uidValidity });
        }
        else if (state.UidValidity != uidValidity)
        {
            // Every UID in the folder means something else now; what was stored is still found by its key.
            state.UidValidity = uidValidity;
            state.LastUid = 0;
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            // Another instance created it at the same moment.
        }
    }

    /// <summary>Stores up to 50 messages not yet done, then marks them done; true when there may be more.</summary>
    private async Task<bool> FetchPendingAsync(ImapClient client, IMailFolder folder, EmailSettings settings, long uidValidity, CancellationToken cancellationToken)
    {
        var flag = settings.DoneAction == DoneAction.Flag;
        var customKeywords = folder.PermanentFlags.HasFlag(MessageFlags.UserDefined);
        var query = !flag ? SearchQuery.All : customKeywords ? SearchQuery.NotKeyword(EmailSettings.DoneKeyword) : SearchQuery.NotSeen;
        var pending = (await folder.SearchAsync(query, cancellationToken)).OrderBy(u => u.Id).Take(50).ToList();
        if (pending.Count == 0)
        {
            return false;
        }
        var done = new List<UniqueId>();
        foreach (var uid in pending)
        {
            byte[] raw;
            using (var buffer = new MemoryStream())
            {
                try
                {
                    await using var stream = await folder.GetStreamAsync(uid, string.Empty, cancellationToken);
                    await stream.CopyToAsync(buffer, cancellationToken);
                }
                catch (MessageNotFoundException)
                {
                    continue; // expunged by someone else meanwhile
                }
                raw = buffer.ToArray();
            }
            await using var scope = scopes.CreateAsyncScope();
            var intake = scope.ServiceProvider.GetRequiredService<EmailIntake>();
            var position = new MailboxPosition(uidValidity, uid.Id);
            try
            {
                await intake.StoreAsync(channel, settings, raw, position, cancellationToken);
                _failures.Remove(uid.Id);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                var failures = _failures[uid.Id] = _failures.GetValueOrDefault(uid.Id) + 1;
                LogStoreFailed(logger, e, channel.Id, uid.Id, failures);
                if (failures < options.MaxStoreAttempts)
                {
                    await MarkDoneAsync(client, folder, settings, customKeywords, done, cancellationToken);
                    throw;
                }
                // The same message failed again and again: keep it aside, go on with the next.
                await intake.QuarantineAsync(channel, raw, null, Strings.Format("Email.Quarantine.StoreFailed", e.GetBaseException().Message), position, cancellationToken);
                _failures.Remove(uid.Id);
            }
            done.Add(uid);
        }
        await MarkDoneAsync(client, folder, settings, customKeywords, done, cancellationToken);
        return pending.Count == 50;
    }

    private static async Task MarkDoneAsync(ImapClient client, IMailFolder folder, EmailSettings settings, bool customKeywords, List<UniqueId> done, CancellationToken cancellationToken)
    {
        if (done.Count == 0)
        {
            return;
        }
        if (settings.DoneAction == DoneAction.Move)
        {
            var target = await DoneFolderAsync(client, settings.DoneFolder!, cancellationToken);
            await folder.MoveToAsync(done, target, cancellationToken);
        }
        else
        {
            var request = new StoreFlagsRequest(StoreAction.Add, MessageFlags.Seen) { Silent = true };
            if (customKeywords)
            {
                request.Keywords.Add(EmailSettings.DoneKeyword);
            }
            await folder.StoreAsync(done, request, cancellationToken);
        }
        done.Clear();
    }

    /// <summary>The folder stored messages are moved to, at the top of the personal namespace; made when missing.</summary>
    public static async Task<IMailFolder> DoneFolderAsync(ImapClient client, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await client.GetFolderAsync(name, cancellationToken);
        }
        catch (FolderNotFoundException)
        {
            var root = client.GetFolder(client.PersonalNamespaces[0]);
            return await root.CreateAsync(name, isMessageFolder: true, cancellationToken) ?? throw new FolderNotFoundException(name);
        }
    }

    private async Task RecordErrorAsync(string? error)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<HamdelDbContext>();
            var now = time.GetUtcNow();
            var message = error is { Length: > 2000 } ? error[..2000] : error;
            var updated = await db.EmailMailboxStates.Where(s => s.ChannelId == channel.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastError, message).SetProperty(x => x.LastErrorAt, error == null ? null : now), CancellationToken.None);
            if (updated == 0 && error is not null)
            {
                // Never reached the mailbox yet: the row that shows the admin why is made here.
                db.EmailMailboxStates.Add(new EmailMailboxState { ChannelId = channel.Id, WorkspaceId = channel.WorkspaceId, LastError = message, LastErrorAt = now });
                await db.SaveChangesAsync(CancellationToken.None);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogMailboxFailed(logger, e, channel.Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mailbox of e-mail channel {ChannelId} failed; reconnecting after a wait")]
    private static partial void LogMailboxFailed(ILogger logger, Exception exception, Guid channelId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "E-mail channel {ChannelId}: message UID {Uid} could not be stored (attempt {Attempt})")]
    private static partial void LogStoreFailed(ILogger logger, Exception exception, Guid channelId, uint uid, int attempt);
}
