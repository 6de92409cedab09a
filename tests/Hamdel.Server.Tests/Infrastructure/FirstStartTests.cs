using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Hamdel.Server.Features.Workspaces;
using Hamdel.Testing;

namespace Hamdel.Server.Tests.Infrastructure;

/// <summary>What a newcomer sees on the very first start: a generated admin password on the console and the demo workspace.</summary>
public sealed partial class FirstStartTests
{
    [Fact]
    public async Task FirstStart_NoConfiguration_PrintsAdminPasswordOnceAndCreatesDemo()
    {
        var ct = TestContext.Current.CancellationToken;
        var data = Path.Combine(Path.GetTempPath(), "hamdel-tests", Guid.NewGuid().ToString("N"));
        try
        {
            var environment = new Dictionary<string, string> { ["Hamdel__DataDirectory"] = data };
            string password;
            await using (var first = await ServerProcess.StartAsync(environment, ct))
            {
                var match = PasswordLine().Match(first.Output);
                Assert.True(match.Success, "No generated password on the console:\n" + first.Output);
                password = match.Groups[1].Value;

                using var client = new HttpClient { BaseAddress = first.BaseAddress };
                var token = await (await client.PostAsJsonAsync("/api/v1/auth/token", new { email = "admin@hamdel.local", password }, ct)).ReadAsync<HamdelServer.TokenResponse>();
                client.DefaultRequestHeaders.Authorization = new("Bearer", token.Token);
                var workspaces = await (await client.GetAsync("/api/v1/workspaces", ct)).ReadAsync<List<WorkspaceDto>>();
                var demo = Assert.Single(workspaces);
                Assert.True(demo.IsDemo);
                var members = await (await client.GetAsync($"/api/v1/workspaces/{demo.Id}/members", ct)).ReadAsync<List<HamdelServer.MemberBody>>();
                Assert.True(members.Count >= 5);
                var customers = await client.GetStringAsync($"/api/v1/workspaces/{demo.Id}/customers?limit=200", ct);
                Assert.Contains("@example.ir", customers, StringComparison.Ordinal);
                Assert.Contains("@example.sa", customers, StringComparison.Ordinal);
                Assert.Contains("@example.co.uk", customers, StringComparison.Ordinal);
                Assert.True(File.Exists(Path.Combine(data, "hamdel.db")));
            }

            // The second start finds the admin and prints no password again.
            await using var second = await ServerProcess.StartAsync(environment, ct);
            Assert.DoesNotMatch(PasswordLine(), second.Output);
            using var again = new HttpClient { BaseAddress = second.BaseAddress };
            Assert.Equal(HttpStatusCode.OK, (await again.PostAsJsonAsync("/api/v1/auth/token", new { email = "admin@hamdel.local", password }, ct)).StatusCode);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [GeneratedRegex(@"Password \(shown only this once\): (\S+)")]
    private static partial Regex PasswordLine();
}
