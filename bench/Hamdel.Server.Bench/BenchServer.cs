using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Hamdel.Server.Bench;

/// <summary>The real Hamdel application in this process, on Kestrel at 127.0.0.1, over a benchmark database.</summary>
internal sealed class BenchServer : IAsyncDisposable
{
    public const string AdminEmail = "bench@hamdel.local";
    public const string AdminPassword = "Bench-Password-1";

    private readonly WebApplication _app;

    private BenchServer(WebApplication app, HttpClient client, Guid workspaceId)
    {
        _app = app;
        Client = client;
        WorkspaceId = workspaceId;
    }

    /// <summary>Signed in as the administrator, base address set.</summary>
    public HttpClient Client { get; }
    public Guid WorkspaceId { get; }

    public static async Task<BenchServer> StartAsync(BenchDatabase database, IReadOnlyDictionary<string, string>? settings = null)
    {
        var args = new Dictionary<string, string>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["environment"] = "Production",
            ["contentRoot"] = Path.Combine(RepositoryRoot(), "src", "Hamdel.Server"),
            ["Hamdel:DataDirectory"] = database.Directory,
            ["Hamdel:Database:Provider"] = database.Provider,
            ["Hamdel:Database:ConnectionString"] = database.ConnectionString,
            ["Hamdel:Bootstrap:AdminEmail"] = AdminEmail,
            ["Hamdel:Bootstrap:AdminPassword"] = AdminPassword,
            ["Hamdel:Demo:Enabled"] = "false",
            ["Hamdel:RateLimits:SignInPerMinute"] = "1000000",
            ["Hamdel:RateLimits:AnonymousPerMinute"] = "1000000",
            ["Hamdel:RateLimits:PublicFormPerMinute"] = "1000000",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore.DataProtection"] = "Error",
        }.Concat(settings ?? new Dictionary<string, string>()).Select(kv => $"--{kv.Key}={kv.Value}").ToArray();
        var app = await HamdelApp.CreateAsync(args);
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromHours(3) };
        var token = await (await client.PostAsJsonAsync("/api/v1/auth/token", new { email = AdminEmail, password = AdminPassword })).Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("token").GetString());
        var workspaces = await client.GetFromJsonAsync<JsonElement>("/api/v1/workspaces");
        return new BenchServer(app, client, workspaces[0].GetProperty("id").GetGuid());
    }

    public async Task<Guid> CreateApiChannelAsync(string name)
    {
        var response = await Client.PostAsJsonAsync($"/api/v1/workspaces/{WorkspaceId}/channels", new { kind = "api", name });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("channel").GetProperty("id").GetGuid();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Hamdel.slnx")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("Repository root (Hamdel.slnx) not found.");
    }
}
