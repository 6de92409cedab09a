using Microsoft.Playwright;

namespace Hamdel.Browser.Tests.Pages;

/// <summary>The signed-in layout: navigation, workspace switcher, user menu.</summary>
public sealed class ShellPage(IPage page)
{
    public IPage Page => page;
    public ILocator Heading => page.Locator("main h1").First;
    public ILocator Html => page.Locator("html");

    /// <summary>The Blazor circuit is connected once the interactive layout has rendered the navigation menu.</summary>
    public async Task WaitUntilInteractiveAsync()
    {
        await page.WaitForFunctionAsync("() => window.Blazor !== undefined && document.querySelector('.mud-nav-link') !== null");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }

    public async Task GoAsync(string path)
    {
        await page.GotoAsync(path);
        await WaitUntilInteractiveAsync();
    }

    public string WorkspacePath => new Uri(page.Url).AbsolutePath.Split('/') is var parts && parts.Length > 2 && parts[1] == "w" ? $"/w/{parts[2]}" : throw new InvalidOperationException("Not in a workspace: " + page.Url);

    /// <summary>Picks an item of a MudBlazor select by its visible text.</summary>
    public async Task ChooseAsync(string selectTestId, string optionText)
    {
        await page.Locator($"[data-testid={selectTestId}]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = optionText }).First.ClickAsync();
        // The select stores the value, then closes its menu (both asynchronously on the circuit):
        // a click elsewhere before the menu is gone may run against the old value.
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
    }
}
