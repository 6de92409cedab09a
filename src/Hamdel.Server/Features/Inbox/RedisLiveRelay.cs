using System.Text.Json;
using StackExchange.Redis;

namespace Hamdel.Server.Features.Inbox;

/// <summary>
/// With several server instances (<c>Hamdel:Redis:Configuration</c> set), live updates go out on a
/// Redis channel and every instance, the sender included, hands them to its own open screens.
/// </summary>
internal sealed partial class RedisLiveRelay(LiveInbox live, IConfiguration configuration, ILogger<RedisLiveRelay> logger) : IHostedService, IAsyncDisposable
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("hamdel:live");
    private ConnectionMultiplexer? _redis;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = configuration["Hamdel:Redis:Configuration"];
        if (string.IsNullOrWhiteSpace(settings))
        {
            return;
        }
        _redis = await ConnectionMultiplexer.ConnectAsync(settings);
        var subscriber = _redis.GetSubscriber();
        await subscriber.SubscribeAsync(Channel, (channel, message) =>
        {
            if (message.HasValue && JsonSerializer.Deserialize<LiveUpdate>(message.ToString()) is { } update)
            {
                _ = live.Deliver(update);
            }
        });
        live.Relay = update => subscriber.PublishAsync(Channel, JsonSerializer.Serialize(update));
        LogConnected(logger);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        live.Relay = null;
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Live updates are relayed through Redis")]
    private static partial void LogConnected(ILogger logger);
}
