using System.Diagnostics;
using System.Net.Http.Json;
using Hamdel.Browser.Tests.Pages;
using Hamdel.Browser.Tests.Support;
using Hamdel.Server.Features.Workspaces;
using Hamdel.Testing;
using Microsoft.Playwright;

namespace Hamdel.Browser.Tests;

/// <summary>The agent inbox in a real Chromium: live arrival, replies, notes, assignment and status, seen by two agents at once.</summary>
public sealed class InboxTests(BrowserServer server) : IClassFixture<BrowserServer>
{
    private static readonly LocatorAssertionsToBeVisibleOptions WithinOneSecond = new() { Timeout = 1_000 };
    private static readonly LocatorAssertionsToHaveAttributeOptions Live = new() { Timeout = 5_000 };

    [Fact]
    public async Task MessageThroughTheApi_TwoAgentsLooking_AppearsInBothInboxesWithinOneSecond()
    {
        using var setup = await NewWorkspaceWithChannelAsync("Live Café");
        var (workspace, channel, admin) = setup;
        using var first = await server.NewMemberAsync(workspace, WorkspaceRole.Agent);
        using var second = await server.NewMemberAsync(workspace, WorkspaceRole.Agent);
        var firstInbox = await OpenInboxAsync(first, workspace);
        var secondInbox = await OpenInboxAsync(second, workspace);

        var received = await admin.PushAsync(workspace, channel, new { email = server.NewEmail("customer"), name = "Parisa Nouri" }, "Is my order on its way?");
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(
            Assertions.Expect(firstInbox.Item(received.ConversationId)).ToBeVisibleAsync(WithinOneSecond),
            Assertions.Expect(secondInbox.Item(received.ConversationId)).ToBeVisibleAsync(WithinOneSecond));
        clock.Stop();

        TestContext.Current.TestOutputHelper?.WriteLine($"Visible in both inboxes {clock.ElapsedMilliseconds} ms after the API answered.");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.ElapsedMilliseconds} ms");
        await Assertions.Expect(firstInbox.Item(received.ConversationId)).ToContainTextAsync("Parisa Nouri");
        await Assertions.Expect(secondInbox.Item(received.ConversationId)).ToContainTextAsync("Is my order on its way?");
    }

    [Fact]
    public async Task Reply_InPersianFromTheUi_IsShownInTheConversationAndStored()
    {
        using var setup = await NewWorkspaceWithChannelAsync();
        var (workspace, channel, admin) = setup;
        using var agent = await server.NewMemberAsync(workspace, WorkspaceRole.Agent);
        var received = await admin.PushAsync(workspace, channel, new { email = server.NewEmail("maryam"), name = "مریم کاظمی" }, "سلام، سفارش ۱۲۳۴ من کی می‌رسد؟");
        var inbox = await OpenInboxAsync(agent, workspace, received.ConversationId);
        const string reply = "سلام مریم جان، سفارش شما امروز ارسال می‌شود و کد رهگیری را برایتان می‌فرستم.";

        await inbox.ReplyAsync(reply);

        await Assertions.Expect(inbox.Message(reply)).ToHaveAttributeAsync("data-direction", "Outbound");
        await Assertions.Expect(inbox.ReplyText).ToHaveValueAsync("");
        var stored = await agent.Client.GetFromJsonAsync<MessagePage>($"/api/v1/workspaces/{workspace}/conversations/{received.ConversationId}/messages", Json.Options, TestContext.Current.CancellationToken);
        var message = Assert.Single(stored!.Items, m => m.Text == reply);
        Assert.Equal("Outbound", message.Direction);
        Assert.Equal(agent.UserId, message.Agent?.Id);
        // The first answer assigns an unassigned conversation to whoever gave it.
        await Assertions.Expect(inbox.Assignee).ToContainTextAsync(agent.Email);
    }

    [Fact]
    public async Task NoteAssignmentAndResolve_FromTheUi_TheOtherAgentSeesEachLive()
    {
        using var setup = await NewWorkspaceWithChannelAsync();
        var (workspace, channel, admin) = setup;
        using var first = await server.NewMemberAsync(workspace, WorkspaceRole.Agent);
        using var second = await server.NewMemberAsync(workspace, WorkspaceRole.Agent);
        var received = await admin.PushAsync(workspace, channel, new { phone = "+989121234567", name = "علی رضایی" }, "The espresso machine makes a strange noise.");
        var acting = await OpenInboxAsync(first, workspace, received.ConversationId);
        var watching = await OpenInboxAsync(second, workspace, received.ConversationId);

        await acting.NoteAsync("Warranty covers it; ask for the serial number.");
        await Assertions.Expect(watching.Message("Warranty covers it")).ToHaveAttributeAsync("data-direction", "Note", Live);

        await acting.AssignAsync(second.Email);
        await Assertions.Expect(watching.Assignee).ToContainTextAsync(second.Email, new() { Timeout = 5_000 });
        await Assertions.Expect(watching.Item(received.ConversationId)).ToContainTextAsync(second.Email, new() { Timeout = 5_000 });

        await acting.ResolveAsync();
        await Assertions.Expect(watching.Status).ToHaveAttributeAsync("data-status", "Resolved", Live);
        // The list shows open conversations, so the resolved one leaves it for both.
        await Assertions.Expect(watching.Item(received.ConversationId)).ToHaveCountAsync(0, new() { Timeout = 5_000 });
    }

    [Fact]
    public async Task Reply_WithAnAttachment_ShowsALinkThatDownloadsTheFile()
    {
        using var setup = await NewWorkspaceWithChannelAsync();
        var (workspace, channel, admin) = setup;
        using var agent = await server.NewMemberAsync(workspace, WorkspaceRole.Agent);
        var received = await admin.PushAsync(workspace, channel, new { email = server.NewEmail("noah") }, "Can I have the invoice?");
        var inbox = await OpenInboxAsync(agent, workspace, received.ConversationId);
        var content = "Invoice 1042: 2 x Ethiopian roast"u8.ToArray();

        await inbox.Page.Locator("[data-testid=reply] input[type=file]").SetInputFilesAsync(new FilePayload { Name = "invoice-1042.txt", MimeType = "text/plain", Buffer = content });
        await Assertions.Expect(inbox.Page.Locator("[data-testid=reply-files]")).ToContainTextAsync("invoice-1042.txt");
        await inbox.ReplyAsync("Here it is.");

        var link = inbox.Message("Here it is.").Locator("[data-testid=attachment]");
        await Assertions.Expect(link).ToContainTextAsync("invoice-1042.txt");
        var download = await inbox.Page.APIRequest.GetAsync((await link.GetAttributeAsync("href"))!);
        Assert.Equal(200, download.Status);
        Assert.Equal(content, await download.BodyAsync());
    }

    [Fact]
    public async Task SavedReply_SlashAndShortcut_FillsTheReplyForThisConversation()
    {
        using var setup = await NewWorkspaceWithChannelAsync();
        var (workspace, channel, admin) = setup;
        var saved = await admin.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/saved-replies",
            new { shortcut = "thanks", title = "Thank you", body = "Thank you {{customer.first_name}}, this is {{agent.first_name}} on #{{conversation.number}}." }, TestContext.Current.CancellationToken);
        saved.EnsureSuccessStatusCode();
        using var agent = await server.NewMemberAsync(workspace, WorkspaceRole.Agent);
        var received = await admin.PushAsync(workspace, channel, new { email = server.NewEmail("olivia"), name = "Olivia Smith" }, "Thanks for the quick delivery!");
        var inbox = await OpenInboxAsync(agent, workspace, received.ConversationId);

        await inbox.ReplyText.ClickAsync();
        await inbox.Page.Keyboard.TypeAsync("/tha");
        await Assertions.Expect(inbox.Page.Locator("[data-testid=saved-reply-suggestion]")).ToContainTextAsync("Thank you");
        await inbox.Page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(inbox.ReplyText).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^Thank you Olivia, this is .+ on #1\\.$"));
        await inbox.Page.Keyboard.PressAsync("Control+Enter");
        await Assertions.Expect(inbox.Message("Thank you Olivia")).ToHaveAttributeAsync("data-direction", "Outbound");
    }

    [Fact]
    public async Task Screenshots_ConversationOpen_EnglishAndPersian()
    {
        using var setup = await NewWorkspaceWithChannelAsync("قهوه همدل");
        var (workspace, channel, admin) = setup;
        using var agent = await server.NewMemberAsync(workspace, WorkspaceRole.Agent);
        await agent.Client.SetProfileAsync("Sara Ahmadi", "en", "Gregorian", "Asia/Tehran");
        var other = await admin.NewApiChannelAsync(workspace, "Instagram");
        var khaled = await admin.PushAsync(workspace, channel, new { email = server.NewEmail("khaled"), name = "خالد العتيبي" }, "مرحبا، القهوة وصلت باردة والعلبة مفتوحة. أريد استرجاع المبلغ من فضلكم.");
        await admin.PushAsync(workspace, other, new { handle = "instagram:olivia.s", name = "Olivia Smith" }, "Hi! Do you ship to Dubai? And is the Ethiopian roast still in stock?");
        var maryam = server.NewEmail("maryam");
        await admin.PushAsync(workspace, other, new { email = maryam, name = "مریم کاظمی" }, "ببخشید، کد رهگیری سفارشم را می‌خواستم.");
        var received = await admin.PushAsync(workspace, channel, new { email = maryam }, "سلام، سفارش ۱۲۳۴ من هنوز نرسیده. کی ارسال می‌شه؟");
        await admin.PatchAsJsonAsync($"/api/v1/workspaces/{workspace}/conversations/{khaled.ConversationId}", new { priority = "Urgent", tags = new[] { "refund", "damaged" } }, TestContext.Current.CancellationToken);
        await agent.Client.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/conversations/{received.ConversationId}/messages",
            new { text = "سلام مریم جان، سفارش شما امروز ارسال شد. کد رهگیری را همین‌جا می‌فرستم." }, TestContext.Current.CancellationToken);
        await agent.Client.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/conversations/{received.ConversationId}/messages",
            new { text = "Tracking number requested from the courier.", note = true }, TestContext.Current.CancellationToken);
        await admin.PushAsync(workspace, channel, new { email = maryam }, "ممنون! منتظرم.");

        var english = await OpenInboxAsync(agent, workspace, received.ConversationId, width: 1440);
        await Assertions.Expect(english.Messages).ToHaveCountAsync(4);
        await Assertions.Expect(english.CustomerPanel.Locator("[data-testid=timeline-item]")).ToHaveCountAsync(2);
        await english.Page.ScreenshotAsync(new() { Path = BrowserServer.Screenshot("inbox-en") });

        await agent.Client.SetProfileAsync("سارا احمدی", "fa", "Persian", "Asia/Tehran");
        var persian = await OpenInboxAsync(agent, workspace, received.ConversationId, width: 1440);
        await Assertions.Expect(persian.Shell.Html).ToHaveAttributeAsync("dir", "rtl");
        await Assertions.Expect(persian.Page.Locator("#inbox-title")).ToHaveTextAsync("صندوق ورودی");
        await Assertions.Expect(persian.Messages).ToHaveCountAsync(4);
        await persian.Page.ScreenshotAsync(new() { Path = BrowserServer.Screenshot("inbox-fa") });
    }

    private async Task<Setup> NewWorkspaceWithChannelAsync(string? name = null)
    {
        var workspace = await server.NewWorkspaceAsync(name);
        var admin = await server.AdminAsync();
        return new Setup(workspace, await admin.NewApiChannelAsync(workspace), admin);
    }

    private async Task<InboxPage> OpenInboxAsync(Person person, Guid workspaceId, Guid? conversationId = null, int? width = null)
    {
        var page = await server.NewPageAsync();
        if (width is { } w)
        {
            await page.SetViewportSizeAsync(w, 900);
        }
        await new LoginPage(page).SignInToWorkspaceAsync(person.Email, person.Password);
        var inbox = new InboxPage(page);
        await inbox.OpenAsync(workspaceId, conversationId);
        return inbox;
    }

    /// <summary>A workspace with an API channel, and the admin's API client that set it up.</summary>
    private sealed record Setup(Guid Workspace, Guid Channel, HttpClient Admin) : IDisposable
    {
        public void Dispose() => Admin.Dispose();
    }

    private sealed record AgentRef(Guid Id, string Name);
    private sealed record MessageBody(Guid Id, string Direction, string Text, AgentRef? Agent);
    private sealed record MessagePage(List<MessageBody> Items, string? NextCursor);
}
