using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Hamdel.Testing;
using Microsoft.EntityFrameworkCore;

namespace Hamdel.Server.Tests.Features.Conversations;

/// <summary>
/// kill -9 in the middle of a stream of inbound messages: after a restart, every message that was
/// acknowledged with a 2xx is stored exactly once, nothing is stored twice even when clients
/// re-send what they were not sure of, and every stored message's events reach the webhook.
/// </summary>
public sealed class CrashTests
{
    private const int Workers = 4;
    private const int PerWorker = 150;

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.Postgres)]
    public async Task KillDuringInbound_AcknowledgedMessagesStoredExactlyOnce_AndTheirEventsDelivered(DatabaseKind kind)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(kind);
        await using var receiver = await WebhookReceiver.StartAsync();
        var environment = ServerProcess.Environment(database);
        var port = ServerProcess.FreePort();

        Guid workspace, channel;
        string token;
        var acknowledged = new ConcurrentDictionary<string, Guid>();
        var unsure = new ConcurrentBag<string>();
        await using (var server = await ServerProcess.StartAsync(environment, ct, port))
        {
            using var client = new HttpClient { BaseAddress = server.BaseAddress };
            token = (await (await client.PostAsJsonAsync("/api/v1/auth/token", new { email = HamdelServer.AdminEmail, password = HamdelServer.AdminPassword }, ct)).ReadAsync<HamdelServer.TokenResponse>()).Token;
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
            workspace = (await (await client.GetAsync("/api/v1/workspaces", ct)).ReadAsync<List<JsonElement>>())[0].GetProperty("id").GetGuid();
            var created = await (await client.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/channels", new { kind = "api", name = "Crash" }, ct)).ReadAsync<JsonElement>();
            channel = created.GetProperty("channel").GetProperty("id").GetGuid();
            (await client.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/webhooks", new { url = receiver.Url("/events"), events = new[] { "message.created" } }, ct)).EnsureSuccessStatusCode();

            var sent = 0;
            var pushing = Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
            {
                using var pusher = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
                pusher.DefaultRequestHeaders.Authorization = new("Bearer", token);
                for (var i = 0; i < PerWorker; i++)
                {
                    var externalId = $"w{worker}-{i}";
                    Interlocked.Increment(ref sent);
                    try
                    {
                        var response = await pusher.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/channels/{channel}/messages",
                            new { sender = new { email = $"customer{i % 25}@example.com" }, text = $"message {externalId}", externalId }, ct);
                        if (response.IsSuccessStatusCode)
                        {
                            acknowledged[externalId] = (await response.ReadAsync<HamdelServer.InboundIds>()).MessageId;
                            continue;
                        }
                    }
                    catch (HttpRequestException)
                    {
                    }
                    catch (TaskCanceledException)
                    {
                    }
                    unsure.Add(externalId);
                }
            }, ct)).ToList();

            // Let a good part go through, then pull the plug while requests are in flight.
            while (Volatile.Read(ref sent) < Workers * PerWorker / 3)
            {
                await Task.Delay(10, ct);
            }
            await server.KillAsync();
            await Task.WhenAll(pushing);
        }

        Assert.True(acknowledged.Count > 50, $"Only {acknowledged.Count} messages were acknowledged before the kill.");
        Assert.NotEmpty(unsure);

        await using (var restarted = await ServerProcess.StartAsync(environment, ct, port))
        {
            // A careful client sends again whatever it had no answer for: still stored once.
            using var client = new HttpClient { BaseAddress = restarted.BaseAddress };
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
            foreach (var externalId in unsure.Take(40))
            {
                var worker = externalId.Split('-')[1];
                (await client.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/channels/{channel}/messages",
                    new { sender = new { email = $"customer{int.Parse(worker, System.Globalization.CultureInfo.InvariantCulture) % 25}@example.com" }, text = $"message {externalId}", externalId }, ct)).EnsureSuccessStatusCode();
            }

            await using var db = database.OpenContext();
            await HamdelServer.EventuallyAsync(async () => !await db.OutboxEvents.AnyAsync(e => e.ProcessedAt == null, ct), "every event is dispatched", TimeSpan.FromSeconds(60));
            var stored = await db.Messages.AsNoTracking().Where(m => m.ChannelId == channel).Select(m => new { m.Id, m.ExternalId }).ToListAsync(ct);

            Assert.Empty(stored.GroupBy(m => m.ExternalId).Where(g => g.Count() > 1).Select(g => g.Key));
            foreach (var (externalId, messageId) in acknowledged)
            {
                Assert.Contains(stored, m => m.ExternalId == externalId && m.Id == messageId);
            }

            var delivered = new HashSet<Guid>();
            await HamdelServer.EventuallyAsync(() =>
            {
                foreach (var hook in receiver.Received)
                {
                    delivered.Add(JsonDocument.Parse(hook.Body).RootElement.GetProperty("data").GetProperty("messageId").GetGuid());
                }
                return Task.FromResult(stored.All(m => delivered.Contains(m.Id)));
            }, "a message.created webhook arrived for every stored message", TimeSpan.FromSeconds(60));
            var conversations = await db.Conversations.AsNoTracking().Where(c => c.ChannelId == channel).Select(c => c.MessageCount).ToListAsync(ct);
            Assert.Equal(stored.Count, conversations.Sum());
        }
    }
}
