using System.Net.Http.Json;
using System.Text.Json;
using Hamdel.Server.Features.Conversations;
using Hamdel.Testing;
using Microsoft.EntityFrameworkCore;
using static Hamdel.Server.Tests.Features.Email.EmailTestKit;

namespace Hamdel.Server.Tests.Features.Email;

/// <summary>
/// kill -9 while a mailbox of 500 messages is being fetched: after a restart, every message is stored
/// exactly once (those stored but not yet marked done on the server are fetched again and recognised),
/// and every one ends up marked done in the mailbox.
/// </summary>
public sealed class EmailCrashTests
{
    private const int Messages = 500;

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.Postgres)]
    public async Task KillWhileFetching500_AfterRestartAllStoredExactlyOnce(DatabaseKind kind)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.CreateAsync(kind);
        var environment = ServerProcess.Environment(database);
        environment["Hamdel__Email__ChannelScanInterval"] = "00:00:00.300";
        environment["Hamdel__Email__ReconnectMin"] = "00:00:00.200";
        var mailbox = MailServers.NewMailbox("crash");
        var ids = Enumerable.Range(0, Messages).Select(i => NewMessageId()).ToList();
        for (var i = 0; i < Messages; i++)
        {
            await MailServers.AppendAsync(mailbox, Plain($"sender{i % 25}@customer.test", MailServers.Address(mailbox), $"Question {i}", $"Message number {i}.", ids[i]), cancellationToken: ct);
        }
        var port = ServerProcess.FreePort();

        Guid channel;
        int storedBeforeKill;
        await using (var server = await ServerProcess.StartAsync(environment, ct, port))
        {
            using var client = new HttpClient { BaseAddress = server.BaseAddress };
            var token = (await (await client.PostAsJsonAsync("/api/v1/auth/token", new { email = HamdelServer.AdminEmail, password = HamdelServer.AdminPassword }, ct)).ReadAsync<HamdelServer.TokenResponse>()).Token;
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
            var workspace = (await (await client.GetAsync("/api/v1/workspaces", ct)).ReadAsync<List<JsonElement>>())[0].GetProperty("id").GetGuid();
            var settings = MailServers.ChannelSettings(mailbox);
            settings["senderHourlyLimit"] = 10_000;
            var created = await (await client.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/channels", new { kind = "email", name = "Crash", settings }, ct)).ReadAsync<JsonElement>();
            channel = created.GetProperty("channel").GetProperty("id").GetGuid();

            // Let a part be fetched, then pull the plug in the middle of the stream.
            await using var db = database.OpenContext();
            await HamdelServer.EventuallyAsync(async () => await db.Messages.CountAsync(m => m.ChannelId == channel, ct) >= Messages / 4,
                "a quarter of the mailbox is stored", TimeSpan.FromSeconds(120));
            await server.KillAsync();
            storedBeforeKill = await db.Messages.CountAsync(m => m.ChannelId == channel, ct);
        }
        Assert.InRange(storedBeforeKill, Messages / 4, Messages - 1);

        await using (var restarted = await ServerProcess.StartAsync(environment, ct, port))
        {
            await HamdelServer.EventuallyAsync(async () =>
            {
                var flags = await MailServers.FlagsAsync(mailbox, cancellationToken: ct);
                return flags.Count == Messages && flags.All(f => f.Keywords.Contains("$HamdelDone"));
            }, "every message in the mailbox is marked done", TimeSpan.FromSeconds(240));

            await using var db = database.OpenContext();
            var stored = await db.EmailMessages.AsNoTracking().Where(e => e.ChannelId == channel)
                .Join(db.Messages.Where(m => m.Direction == MessageDirection.Inbound), e => e.MessageId, m => m.Id, (e, m) => e.InternetMessageId)
                .ToListAsync(ct);
            Assert.Equal(Messages, stored.Count);
            Assert.Equal(ids.Select(i => i.Trim('<', '>')).Order(StringComparer.Ordinal), stored.Order(StringComparer.Ordinal));
            Assert.Equal(0, await db.EmailQuarantine.CountAsync(ct));
            var counted = await db.Conversations.AsNoTracking().Where(c => c.ChannelId == channel).SumAsync(c => c.MessageCount, ct);
            Assert.Equal(Messages, counted);
        }
    }
}
