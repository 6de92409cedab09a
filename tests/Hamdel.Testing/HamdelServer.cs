using System.Net.Http.Headers;
using Hamdel.Server;
using Hamdel.Server.Features.Workspaces;
using Hamdel.Server.Infrastructure.Data;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Time.Testing;

namespace Hamdel.Testing;

/// <summary>
/// The real Hamdel application on a real Kestrel socket at 127.0.0.1 (random port), over a real
/// SQLite file or PostgreSQL database. One per test class (an xunit class fixture); tests inside a
/// class make their own workspaces and people, so they do not depend on each other.
/// </summary>
public class HamdelServer : IAsyncLifetime
{
    public const string AdminEmail = "admin@test.hamdel";
    public const string AdminPassword = "Admin-Password-1";

    private TestDatabase? _database;
    private WebApplication? _app;
    private int _counter;

    public virtual DatabaseKind Database => DatabaseKind.Sqlite;

    /// <summary>Settings on top of the defaults, as configuration keys.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string>> Settings => [];

    /// <summary>Set to control time; null for the system clock.</summary>
    public FakeTimeProvider? Time { get; protected init; }

    public Uri BaseAddress { get; private set; } = default!;
    public IServiceProvider Services => _app!.Services;
    public string DataDirectory => _database!.DataDirectory;
    public string ConnectionString => _database!.ConnectionString;

    public virtual async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(Database);
        var settings = new Dictionary<string, string>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["environment"] = "Development",
            ["contentRoot"] = RepositoryPaths.ServerProject,
            ["Hamdel:DataDirectory"] = _database.DataDirectory,
            ["Hamdel:Database:Provider"] = Database.ToString(),
            ["Hamdel:Database:ConnectionString"] = _database.ConnectionString,
            ["Hamdel:Bootstrap:AdminEmail"] = AdminEmail,
            ["Hamdel:Bootstrap:AdminPassword"] = AdminPassword,
            ["Hamdel:Demo:Enabled"] = "false",
            ["Hamdel:RateLimits:SignInPerMinute"] = "100000",
            ["Hamdel:RateLimits:AnonymousPerMinute"] = "100000",
            ["Hamdel:RateLimits:PublicFormPerMinute"] = "100000",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore.DataProtection"] = "Error",
        };
        foreach (var (key, value) in Settings)
        {
            settings[key] = value;
        }
        var args = settings.Select(kv => $"--{kv.Key}={kv.Value}").ToArray();
        _app = await HamdelApp.CreateAsync(args, builder =>
        {
            if (Time is not null)
            {
                builder.Services.AddSingleton<TimeProvider>(Time);
            }
        });
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
        GC.SuppressFinalize(this);
    }

    /// <summary>A fresh e-mail address, unique within this server.</summary>
    public string NewEmail(string who = "person") => $"{who}{Interlocked.Increment(ref _counter)}@test.hamdel";

    public HttpClient Anonymous() => new() { BaseAddress = BaseAddress };

    public HttpClient WithToken(string token)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task<string> TokenAsync(string email, string password)
    {
        using var client = Anonymous();
        var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { email, password });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<TokenResponse>(Json.Options);
        return body!.Token;
    }

    /// <summary>A session token issued without going through the HTTP sign-in (which rate limits may block).</summary>
    public async Task<string> IssueTokenAsync(string email)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Hamdel.Server.Features.Users.User>>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException("No user " + email);
        var issued = await scope.ServiceProvider.GetRequiredService<Hamdel.Server.Features.Tokens.IssueToken.Handler>().IssueSessionAsync(user.Id, CancellationToken.None);
        return issued.Token;
    }

    public async Task<HttpClient> SignInAsync(string email, string password) => WithToken(await TokenAsync(email, password));

    public Task<HttpClient> AdminAsync() => SignInAsync(AdminEmail, AdminPassword);

    /// <summary>A new workspace with the instance admin as its admin.</summary>
    public async Task<Guid> NewWorkspaceAsync(string? name = null)
    {
        using var admin = await AdminAsync();
        var response = await admin.PostAsJsonAsync("/api/v1/workspaces", new { name = name ?? $"Workspace {Interlocked.Increment(ref _counter)}", timeZone = "Asia/Tehran" });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<WorkspaceDto>(Json.Options))!.Id;
    }

    /// <summary>Adds a person with a password to a workspace and returns a client signed in as them.</summary>
    public async Task<Person> NewMemberAsync(Guid workspaceId, WorkspaceRole role, string? email = null)
    {
        email ??= NewEmail(role.ToString().ToLowerInvariant());
        const string password = "Member-Password-1";
        using var admin = await AdminAsync();
        var response = await admin.PostAsJsonAsync($"/api/v1/workspaces/{workspaceId}/members", new { email, displayName = email, role = role.ToString(), password });
        response.EnsureSuccessStatusCode();
        var added = await response.Content.ReadFromJsonAsync<AddedMember>(Json.Options);
        return new Person(email, password, added!.Member.Id, added.Member.UserId, await SignInAsync(email, password));
    }

    /// <summary>An API channel; returns its id and its webhook signing secret.</summary>
    public async Task<(Guid Id, string Secret)> NewApiChannelAsync(Guid workspaceId, string? webhookUrl = null, Guid? teamId = null)
    {
        using var admin = await AdminAsync();
        var response = await admin.PostAsJsonAsync($"/api/v1/workspaces/{workspaceId}/channels",
            new { kind = "api", name = $"API {Interlocked.Increment(ref _counter)}", teamId, settings = new { webhookUrl } });
        response.EnsureSuccessStatusCode();
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (body.RootElement.GetProperty("channel").GetProperty("id").GetGuid(), body.RootElement.GetProperty("secret").GetString()!);
    }

    /// <summary>Pushes one customer message; returns the ids Hamdel answered with.</summary>
    public async Task<InboundIds> PushAsync(HttpClient client, Guid workspaceId, Guid channelId, object message, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/workspaces/{workspaceId}/channels/{channelId}/messages") { Content = Json.Body(message) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        var response = await client.SendAsync(request);
        return await response.ReadAsync<InboundIds>();
    }

    /// <summary>Waits for something the background services do (dispatching events, sending webhooks), failing after the timeout.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = TimeProvider.System.GetUtcNow() + (timeout ?? TimeSpan.FromSeconds(15));
        while (TimeProvider.System.GetUtcNow() < deadline)
        {
            if (await condition())
            {
                return;
            }
            await Task.Delay(50);
        }
        Assert.Fail($"Timed out waiting until {what}.");
    }

    /// <summary>Runs the background passes now (events to listeners, due webhooks) instead of waiting for their timers.</summary>
    public async Task PumpAsync()
    {
        var dispatcher = Services.GetRequiredService<Hamdel.Server.Infrastructure.Events.OutboxDispatcher>();
        var webhooks = Services.GetRequiredService<Hamdel.Server.Features.Webhooks.WebhookSender>();
        for (var i = 0; i < 5; i++)
        {
            var events = await dispatcher.DispatchOnceAsync(CancellationToken.None);
            var sent = await webhooks.SendDueAsync(CancellationToken.None);
            if (events == 0 && sent == 0)
            {
                return;
            }
        }
    }

    /// <summary>A scope for reading the database directly in assertions.</summary>
    internal async Task<T> QueryAsync<T>(Func<HamdelDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<HamdelDbContext>());
    }

    public sealed record TokenResponse(string Token, DateTimeOffset ExpiresAt);
    public sealed record InboundIds(Guid CustomerId, Guid ConversationId, Guid MessageId);
    public sealed record MemberBody(Guid Id, Guid UserId, string Email, string DisplayName, string Role, bool Active);
    public sealed record AddedMember(MemberBody Member, string? InvitationUrl);
}

/// <summary>A person signed in through the API.</summary>
public sealed record Person(string Email, string Password, Guid MemberId, Guid UserId, HttpClient Client) : IDisposable
{
    public void Dispose() => Client.Dispose();
}

public sealed class SqliteServer : HamdelServer;

public sealed class PostgresServer : HamdelServer
{
    public override DatabaseKind Database => DatabaseKind.Postgres;
}

/// <summary>A server whose clock the test moves (invitation delays, link expiry, throttle intervals) and that mails through the test SMTP server.</summary>
public class SurveyServer : HamdelServer
{
    public SurveyServer() => Time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());

    protected override IEnumerable<KeyValuePair<string, string>> Settings => Mailbox.Settings;

    /// <summary>Runs the event dispatcher and then the invitation sender once (instead of waiting for their timers).</summary>
    public async Task PumpSurveysAsync()
    {
        await PumpAsync();
        await Services.GetRequiredService<Hamdel.Server.Features.Surveys.InvitationSender>().SendDueAsync(CancellationToken.None);
    }
}

public sealed class SurveySqliteServer : SurveyServer;

public sealed class SurveyPostgresServer : SurveyServer
{
    public override DatabaseKind Database => DatabaseKind.Postgres;
}

/// <summary>A server that fetches and sends e-mail through the throwaway Dovecot and SMTP servers, with short waits.</summary>
public class EmailServer : HamdelServer
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
    [
        new("Hamdel:Email:ChannelScanInterval", "00:00:00.300"),
        new("Hamdel:Email:SendPollInterval", "00:00:00.200"),
        new("Hamdel:Email:SendRetryBase", "00:00:00.500"),
        new("Hamdel:Email:MaxSendAttempts", "3"),
        new("Hamdel:Email:ReconnectMin", "00:00:00.200"),
        new("Hamdel:Email:ReconnectMax", "00:00:02"),
        new("Hamdel:Email:PollInterval", "00:00:01"),
        new("Hamdel:Attachments:MaxBytes", "41943040"),
    ];

    public sealed record EmailChannel(Guid Id, string Mailbox, string Address);

    /// <summary>An e-mail channel on a fresh mailbox of the test Dovecot; <paramref name="settings"/> overrides single settings.</summary>
    public async Task<EmailChannel> NewEmailChannelAsync(Guid workspaceId, IDictionary<string, object?>? settings = null, string? mailbox = null)
    {
        mailbox ??= MailServers.NewMailbox("support");
        var all = MailServers.ChannelSettings(mailbox);
        foreach (var (key, value) in settings ?? new Dictionary<string, object?>())
        {
            all[key] = value;
        }
        using var admin = await AdminAsync();
        var response = await admin.PostAsJsonAsync($"/api/v1/workspaces/{workspaceId}/channels", new { kind = "email", name = $"Mail {mailbox}", settings = all });
        if (!response.IsSuccessStatusCode)
        {
            Assert.Fail($"Creating the e-mail channel failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return new EmailChannel(body.RootElement.GetProperty("channel").GetProperty("id").GetGuid(), mailbox, all["fromAddress"]!.ToString()!);
    }
}

public sealed class EmailSqliteServer : EmailServer;

public sealed class EmailPostgresServer : EmailServer
{
    public override DatabaseKind Database => DatabaseKind.Postgres;
}
