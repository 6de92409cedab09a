using Microsoft.Playwright;

namespace Hamdel.Browser.Tests.Pages;

/// <summary>A customer's page (/w/{workspace}/customers/{customer}): profile, identities, merge and timeline.</summary>
public sealed class CustomerPage(IPage page)
{
    public IPage Page => page;
    public ShellPage Shell { get; } = new(page);

    public ILocator Name => page.Locator("[data-testid=customer-name]");
    public ILocator Identities => page.Locator("[data-testid=identities]");
    public ILocator Conflict => page.Locator("[data-testid=identity-conflict]");
    public ILocator ConflictOwner => page.Locator("[data-testid=conflict-owner]");
    public ILocator TimelineItems => page.Locator("[data-testid=timeline-item]");
    public ILocator ConversationsOnTimeline => page.Locator("[data-testid=timeline-item][data-kind=conversation]");
    public ILocator MergedInto => page.Locator("[data-testid=merged-into]");

    public async Task OpenAsync(Guid workspaceId, Guid customerId)
    {
        await Shell.GoAsync($"/w/{workspaceId}/customers/{customerId}");
        await Name.Or(MergedInto).First.WaitForAsync();
    }

    public async Task AddIdentityAsync(string kindName, string value)
    {
        await Shell.ChooseAsync("identity-kind", kindName);
        await page.Locator("#identity-value").FillAsync(value);
        await page.Locator("[data-testid=add-identity]").ClickAsync();
    }

    /// <summary>Finds the other customer in the merge box, merges and confirms (<paramref name="confirm"/> is the confirming button's text).</summary>
    public async Task MergeAsync(string search, string pick, string confirm = "Merge")
    {
        await page.Locator("#merge-search").FillAsync(search);
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = pick }).First.ClickAsync();
        // The pick enables the button; say so if it did not, rather than time out in the click.
        await Assertions.Expect(page.Locator("[data-testid=merge]")).ToBeEnabledAsync();
        await page.Locator("[data-testid=merge]").ClickAsync();
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = confirm, Exact = true }).ClickAsync();
    }
}
