using Microsoft.Playwright;

namespace Hamdel.Browser.Tests.Pages;

/// <summary>The agent inbox (/w/{workspace}/inbox[/{conversation}]): the list, the open conversation and its reply box.</summary>
public sealed class InboxPage(IPage page)
{
    public IPage Page => page;
    public ShellPage Shell { get; } = new(page);

    public ILocator Items => page.Locator("[data-testid=conversation-item]");
    public ILocator Messages => page.Locator("[data-testid=message]");
    public ILocator ReplyText => page.Locator("#reply-text");
    public ILocator Status => page.Locator("[data-testid=conversation-status]");
    public ILocator Assignee => page.Locator("[data-testid=assignee-select]");
    public ILocator CustomerPanel => page.Locator("[data-testid=customer-panel]");
    public ILocator Title => page.Locator("[data-testid=conversation-title]");

    public ILocator Item(Guid conversationId) => page.Locator($"[data-testid=conversation-item][data-conversation-id='{conversationId}']");

    public ILocator Message(string text) => Messages.Filter(new() { HasText = text });

    /// <summary>Opens the inbox (or one conversation in it) and waits until the list is on screen, which is after the page subscribed to live updates.</summary>
    public async Task OpenAsync(Guid workspaceId, Guid? conversationId = null, string query = "")
    {
        await Shell.GoAsync($"/w/{workspaceId}/inbox{(conversationId is { } id ? "/" + id : "")}{query}");
        await page.Locator("[data-testid=conversation-list], [data-testid=inbox-empty]").First.WaitForAsync();
        if (conversationId is not null)
        {
            await ReplyText.Or(page.Locator("[data-testid=conversation-missing]")).First.WaitForAsync();
        }
    }

    public async Task ReplyAsync(string text)
    {
        await page.Locator("[data-testid=reply-mode-reply]").ClickAsync();
        await ReplyText.FillAsync(text);
        await page.Locator("[data-testid=reply-send]").ClickAsync();
    }

    public async Task NoteAsync(string text)
    {
        await page.Locator("[data-testid=reply-mode-note]").ClickAsync();
        await ReplyText.FillAsync(text);
        await page.Locator("[data-testid=reply-send]").ClickAsync();
    }

    public Task AssignAsync(string personName) => Shell.ChooseAsync("assignee-select", personName);

    public Task ResolveAsync() => page.Locator("[data-testid=resolve]").ClickAsync();
}
