using Microsoft.Playwright;

namespace Hamdel.Browser.Tests.Pages;

/// <summary>The sign-in page (/account/login): plain HTML, works without JavaScript.</summary>
public sealed class LoginPage(IPage page)
{
    public ILocator Email => page.Locator("#email");
    public ILocator Password => page.Locator("#password");
    public ILocator Error => page.GetByRole(AriaRole.Alert);

    public async Task OpenAsync(string? returnUrl = null) =>
        await page.GotoAsync("/account/login" + (returnUrl is null ? "" : "?returnUrl=" + Uri.EscapeDataString(returnUrl)));

    public async Task SignInAsync(string email, string password)
    {
        await OpenAsync();
        await Email.FillAsync(email);
        await Password.FillAsync(password);
        await page.Locator("button[type=submit]").ClickAsync();
    }

    /// <summary>Signs in and waits for the workspace the app lands in.</summary>
    public async Task<ShellPage> SignInToWorkspaceAsync(string email, string password)
    {
        await SignInAsync(email, password);
        await page.WaitForURLAsync("**/w/**");
        var shell = new ShellPage(page);
        await shell.WaitUntilInteractiveAsync();
        return shell;
    }
}
