using Hamdel.Server.Infrastructure.Background;
using System.ComponentModel.DataAnnotations;
using System.Text;
using Hamdel.Server.Features.Channels;
using Hamdel.Server.Features.Conversations;
using Hamdel.Server.Infrastructure.Data;
using Hamdel.Server.Infrastructure.Events;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hamdel.Server.Features.Webhooks;

/// <summary>Settings under <c>Hamdel:Webhooks</c>.</summary>
internal sealed class WebhookOptions
{
    public const string Section = "Hamdel:Webhooks";

    [Range(1, 50)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The delay before the first retry; each next one is four times longer, up to six hours.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>
/// POSTs queued deliveries, signed, and retries failures with growing delays; after the last
/// attempt a delivery is marked failed (and the outbound message it carried, if any, too).
/// </summary>
internal sealed partial class WebhookSender(
    IServiceScopeFactory scopes,
    IHttpClientFactory http,
    IDataProtectionProvider protection,
    TimeProvider time,
    IOptions<WebhookOptions> options,
    ILogger<WebhookSender> logger) : PollingService(logger)
{
    public const string HttpClientName = "webhooks";
    protected override TimeSpan PollInterval => options.Value.PollInterval;

    protected override async Task<bool> RunPassAsync(CancellationToken cancellationToken) => await SendDueAsync(cancellationToken) > 0;

    /// <summary>Sends every delivery that is due (claimed so that two instances never send the same one at once).</summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        List<WebhookDelivery> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HamdelDbContext>();
            var candidates = await db.WebhookDeliveries
                .Where(d => d.State == DeliveryState.Pending && d.NextAttemptAt <= now && (d.LockedUntil == null || d.LockedUntil < now))
                .OrderBy(d => d.NextAttemptAt)
                .Select(d => d.Id)
                .Take(50)
                .ToListAsync(cancellationToken);
            if (candidates.Count == 0)
            {
                return 0;
            }
            var until = now + options.Value.Timeout * 3;
            await db.WebhookDeliveries
                .Where(d => candidates.Contains(d.Id) && d.State == DeliveryState.Pending && (d.LockedUntil == null || d.LockedUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.LockedUntil, until), cancellationToken);
            due = await db.WebhookDeliveries.AsNoTracking().Where(d => candidates.Contains(d.Id) && d.LockedUntil == until).ToListAsync(cancellationToken);
        }

        foreach (var delivery in due)
        {
            await SendAsync(delivery, cancellationToken);
        }
        return due.Count;
    }

    private async Task SendAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HamdelDbContext>();
        var secret = await SecretAsync(db, delivery, cancellationToken);

        int? status = null;
        string? error = null;
        if (secret is null)
        {
            error = "The webhook or channel no longer exists.";
        }
        else
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url)
                {
                    Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json"),
                };
                request.Headers.Add(WebhookSigning.SignatureHeader, WebhookSigning.Sign(secret, time.GetUtcNow().ToUnixTimeSeconds(), delivery.Payload));
                request.Headers.Add(WebhookSigning.EventHeader, delivery.EventType);
                request.Headers.Add(WebhookSigning.DeliveryHeader, delivery.Id.ToString());
                request.Headers.UserAgent.ParseAdd("Hamdel-Webhooks/1");
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(options.Value.Timeout);
                using var response = await http.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
                status = (int)response.StatusCode;
                if (!response.IsSuccessStatusCode)
                {
                    error = $"HTTP {status}";
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                error = e is TaskCanceledException ? $"No answer within {options.Value.Timeout.TotalSeconds:0} s" : e.Message;
            }
        }

        var now = time.GetUtcNow();
        var tracked = await db.WebhookDeliveries.SingleAsync(d => d.Id == delivery.Id, cancellationToken);
        tracked.Attempts++;
        tracked.LastStatusCode = status;
        tracked.LastError = error is { Length: > 2000 } ? error[..2000] : error;
        tracked.LockedUntil = null;
        if (error is null)
        {
            tracked.State = DeliveryState.Succeeded;
            tracked.DeliveredAt = now;
        }
        else if (tracked.Attempts >= options.Value.MaxAttempts || secret is null)
        {
            tracked.State = DeliveryState.Failed;
            LogGaveUp(logger, delivery.Id, delivery.EventType, tracked.Attempts);
        }
        else
        {
            var delay = options.Value.FirstRetryDelay * Math.Pow(4, tracked.Attempts - 1);
            tracked.NextAttemptAt = now + (delay > TimeSpan.FromHours(6) ? TimeSpan.FromHours(6) : delay);
        }

        if (delivery.MessageId is { } messageId && tracked.State != DeliveryState.Pending)
        {
            // The delivery carried an agent's reply: the conversation shows whether it went out.
            var message = await db.Messages.SingleOrDefaultAsync(m => m.Id == messageId, cancellationToken);
            if (message is not null)
            {
                message.DeliveryStatus = tracked.State == DeliveryState.Succeeded ? DeliveryStatus.Sent : DeliveryStatus.Failed;
                message.DeliveredAt = tracked.State == DeliveryState.Succeeded ? now : null;
                message.DeliveryError = tracked.State == DeliveryState.Failed ? error : null;
                scope.ServiceProvider.GetRequiredService<EventOutbox>().Publish(
                    new MessageDelivery(message.WorkspaceId, message.ConversationId, message.Id, message.DeliveryStatus, message.DeliveryError));
            }
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<string?> SecretAsync(HamdelDbContext db, WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        var protector = protection.CreateProtector(WebhookSigning.Purpose);
        if (delivery.WebhookId is { } webhookId)
        {
            var stored = await db.Webhooks.Where(w => w.Id == webhookId).Select(w => w.ProtectedSecret).SingleOrDefaultAsync(cancellationToken);
            return stored is null ? null : protector.Unprotect(stored);
        }
        if (delivery.ChannelId is { } channelId && await db.Channels.AsNoTracking().SingleOrDefaultAsync(c => c.Id == channelId, cancellationToken) is { } channel)
        {
            var settings = System.Text.Json.Nodes.JsonNode.Parse(channel.Settings)?["secret"]?.GetValue<string>();
            return settings is null ? null : protector.Unprotect(settings);
        }
        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery {DeliveryId} ({EventType}) given up after {Attempts} attempts")]
    private static partial void LogGaveUp(ILogger logger, Guid deliveryId, string eventType, int attempts);
}
