using System.Net;
using System.Net.Http.Json;
using Hamdel.Browser.Tests.Pages;
using Hamdel.Browser.Tests.Support;
using Hamdel.Server.Features.Workspaces;
using Hamdel.Testing;
using Microsoft.Playwright;

namespace Hamdel.Browser.Tests;

/// <summary>The workspace settings an admin sets up before the inbox fills: channels, teams, webhooks, saved replies.</summary>
public sealed class SettingsTests(BrowserServer server) : IClassFixture<BrowserServer>
{
    [Fact]
    public async Task ApiChannel_CreatedFromTheUi_ShowsItsSecretOnceAndACurlExampleThatWorks()
    {
        var workspace = await server.NewWorkspaceAsync();
        using var admin = await server.NewMemberAsync(workspace, WorkspaceRole.Admin);
        var shell = await SignInAsync(admin, $"/w/{workspace}/settings/channels");
        var page = shell.Page;

        await page.Locator("#channel-name").FillAsync("Mobile app");
        await page.Locator("#channel-webhook-url").FillAsync("https://example.com/hamdel/replies");
        await page.Locator("[data-testid=save-channel]").ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=channel-secret]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^whsec_"));
        await Assertions.Expect(page.Locator("[data-testid=channels-table]")).ToContainTextAsync("Mobile app");
        var curl = await page.Locator("[data-testid=curl-example] pre").InnerTextAsync();
        var channels = await admin.Client.GetFromJsonAsync<List<ChannelBody>>($"/api/v1/workspaces/{workspace}/channels", Json.Options, TestContext.Current.CancellationToken);
        var channel = Assert.Single(channels!);
        Assert.Contains($"/api/v1/workspaces/{workspace}/channels/{channel.Id}/messages", curl, StringComparison.Ordinal);
        // The example's body is what the API takes.
        var body = curl[(curl.IndexOf("-d '", StringComparison.Ordinal) + 4)..curl.LastIndexOf('\'')];
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        var sent = await admin.Client.PostAsync($"/api/v1/workspaces/{workspace}/channels/{channel.Id}/messages", content, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);

        // The secret is shown only once: a reload shows the channel, not the secret.
        await shell.GoAsync($"/w/{workspace}/settings/channels");
        await Assertions.Expect(page.Locator("[data-testid=channels-table]")).ToContainTextAsync("https://example.com/hamdel/replies");
        await Assertions.Expect(page.Locator("[data-testid=channel-secret]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task WebFormChannel_CreatedFromTheUi_ShowsItsPublicLink()
    {
        var workspace = await server.NewWorkspaceAsync();
        using var admin = await server.NewMemberAsync(workspace, WorkspaceRole.Admin);
        var page = (await SignInAsync(admin, $"/w/{workspace}/settings/channels")).Page;

        await page.Locator("[data-testid=kind-web-form]").ClickAsync();
        await page.Locator("#channel-name").FillAsync("Contact form");
        await page.Locator("#form-title-en").FillAsync("Write to us");
        await page.Locator("[data-testid=save-channel]").ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=channel-form-link]")).ToContainTextAsync("/f/");
        var channels = await admin.Client.GetFromJsonAsync<List<ChannelBody>>($"/api/v1/workspaces/{workspace}/channels", Json.Options, TestContext.Current.CancellationToken);
        var channel = Assert.Single(channels!);
        Assert.Equal("web-form", channel.Kind);
        await Assertions.Expect(page.Locator("[data-testid=channel-form-link]")).ToContainTextAsync($"/f/{channel.PublicKey}");
    }

    [Fact]
    public async Task Webhook_CreatedFromTheUi_ShowsItsSecretAndLogsEachDeliveryAttempt()
    {
        var workspace = await server.NewWorkspaceAsync();
        using var admin = await server.NewMemberAsync(workspace, WorkspaceRole.Admin);
        var page = (await SignInAsync(admin, $"/w/{workspace}/settings/webhooks")).Page;

        await page.Locator("#webhook-url").FillAsync("not a url");
        await page.Locator("[data-testid=save-webhook]").ClickAsync();
        await Assertions.Expect(page.Locator(".mud-input-helper-text.mud-input-error").First).ToContainTextAsync("absolute http(s) address");

        // A receiver that answers 503, so the attempt is logged with its status and retried.
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.AnswerWith(503);
        await page.Locator("#webhook-url").FillAsync(receiver.Url());
        await page.Locator("[data-testid=save-webhook]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=webhook-secret]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^whsec_"));

        var channel = await admin.Client.NewApiChannelAsync(workspace);
        await admin.Client.PushAsync(workspace, channel, new { email = server.NewEmail("hooked") }, "Hello");
        await page.Locator("[data-testid=webhook-deliveries]").ClickAsync();
        var log = page.Locator("[data-testid=delivery-log]");
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(30) && !(await log.InnerTextAsync()).Contains("503", StringComparison.Ordinal))
        {
            await Task.Delay(500, TestContext.Current.CancellationToken);
            await log.GetByRole(AriaRole.Button, new() { Name = "Refresh" }).ClickAsync();
        }
        await Assertions.Expect(log).ToContainTextAsync("message.created");
        await Assertions.Expect(log).ToContainTextAsync("503");
        await Assertions.Expect(log).ToContainTextAsync("Next attempt");
    }

    [Fact]
    public async Task TeamAndSavedReply_CreatedFromTheUi_AreOfferedInTheInbox()
    {
        var workspace = await server.NewWorkspaceAsync();
        using var admin = await server.NewMemberAsync(workspace, WorkspaceRole.Admin);
        using var agent = await server.NewMemberAsync(workspace, WorkspaceRole.Agent);
        var shell = await SignInAsync(admin, $"/w/{workspace}/settings/teams");
        var page = shell.Page;

        await page.Locator("#team-name").FillAsync("پشتیبانی فنی");
        await shell.ChooseAsync("team-lead", agent.Email);
        await page.Locator("[data-testid=save-team]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=teams-table]")).ToContainTextAsync("پشتیبانی فنی");
        await Assertions.Expect(page.Locator("[data-testid=teams-table]")).ToContainTextAsync(agent.Email);

        await shell.GoAsync($"/w/{workspace}/settings/saved-replies");
        await page.Locator("#reply-shortcut").FillAsync("hours");
        await page.Locator("#reply-title").FillAsync("Opening hours");
        await page.Locator("#reply-body").FillAsync("Hello");
        await page.Locator("[data-testid=placeholders] .mud-chip").Filter(new() { HasText = "customer.first_name" }).ClickAsync();
        await Assertions.Expect(page.Locator("#reply-body")).ToHaveValueAsync("Hello {{customer.first_name}}");
        await page.Locator("[data-testid=save-saved-reply]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=saved-replies-table]")).ToContainTextAsync("/hours");

        using var api = await server.AdminAsync();
        var channel = await api.NewApiChannelAsync(workspace);
        var received = await api.PushAsync(workspace, channel, new { email = server.NewEmail("amir"), name = "Amir Tehrani" }, "When are you open?");
        var inbox = new InboxPage(page);
        await inbox.OpenAsync(workspace, received.ConversationId);
        await inbox.Shell.ChooseAsync("team-select", "پشتیبانی فنی");
        await Assertions.Expect(inbox.Item(received.ConversationId)).ToContainTextAsync("پشتیبانی فنی");
        await page.Locator("[data-testid=saved-replies-button]").ClickAsync();
        await page.Locator("[data-testid=saved-reply-item]").Filter(new() { HasText = "Opening hours" }).ClickAsync();
        await Assertions.Expect(inbox.ReplyText).ToHaveValueAsync("Hello Amir");
    }

    private async Task<ShellPage> SignInAsync(Person person, string path)
    {
        var page = await server.NewPageAsync();
        var shell = await new LoginPage(page).SignInToWorkspaceAsync(person.Email, person.Password);
        await shell.GoAsync(path);
        await page.Locator("main h1").First.WaitForAsync();
        return shell;
    }

    private sealed record ChannelBody(Guid Id, string Kind, string Name, string PublicKey);
}
