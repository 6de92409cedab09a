using System.Net.Http.Json;
using Hamdel.Browser.Tests.Pages;
using Hamdel.Browser.Tests.Support;
using Hamdel.Server.Features.Workspaces;
using Hamdel.Testing;
using Microsoft.Playwright;

namespace Hamdel.Browser.Tests;

/// <summary>
/// The e-mail channel in Settings → Channels, in English and Persian: the form against the test
/// Dovecot and SMTP servers, "Test connection" naming the step that failed, the saved channel, and
/// the mailbox's quarantine list.
/// </summary>
public sealed class EmailChannelTests(BrowserServer server) : IClassFixture<BrowserServer>
{
    [Theory]
    [InlineData("en", "IMAP: connected and signed in.", "failed at: signing in.", "Quarantine")]
    [InlineData("fa", "IMAP: وصل شد و وارد شد.", "شکست در مرحلهٔ: ورود.", "قرنطینه")]
    public async Task EmailChannel_TestedAndSavedFromTheUi_WrongPasswordNamesTheStep(string language, string imapOk, string loginFailed, string quarantine)
    {
        var workspace = await server.NewWorkspaceAsync();
        using var admin = await server.NewMemberAsync(workspace, WorkspaceRole.Admin);
        (await admin.Client.PutAsJsonAsync("/api/v1/me", new { displayName = admin.Email, language, calendar = language == "fa" ? "Persian" : "Gregorian", timeZone = "Asia/Tehran" }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var mailbox = MailServers.NewMailbox("uitest");
        var page = await server.NewPageAsync();
        var shell = await new LoginPage(page).SignInToWorkspaceAsync(admin.Email, admin.Password);
        await shell.GoAsync($"/w/{workspace}/settings/channels");
        await Assertions.Expect(shell.Html).ToHaveAttributeAsync("lang", language);

        await page.Locator("[data-testid=kind-email]").ClickAsync();
        await page.Locator("#channel-name").FillAsync(language == "fa" ? "ایمیل پشتیبانی" : "Support mail");
        await page.Locator("#email-imap-host").FillAsync(MailServers.Imap.Host);
        await page.Locator("#email-imap-port").FillAsync(MailServers.Imap.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await shell.ChooseAsync("email-imap-security", language == "fa" ? "هیچ (متن ساده)" : "None (plain text)");
        await page.Locator("#email-imap-user").FillAsync(mailbox);
        await page.Locator("#email-imap-password").FillAsync("not-the-password");
        await page.Locator("#email-smtp-host").FillAsync(MailServers.Smtp.Host);
        await page.Locator("#email-smtp-port").FillAsync(MailServers.Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await shell.ChooseAsync("email-smtp-security", language == "fa" ? "هیچ (متن ساده)" : "None (plain text)");
        await page.Locator("#email-from-address").FillAsync(MailServers.Address(mailbox));

        await page.Locator("[data-testid=email-test]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=email-test-imap]")).ToContainTextAsync(loginFailed);
        await Assertions.Expect(page.Locator("[data-testid=email-test-imap]")).ToContainTextAsync(mailbox);
        await Assertions.Expect(page.Locator("[data-testid=email-test-smtp]")).ToContainTextAsync("SMTP");

        await page.Locator("#email-imap-password").FillAsync(MailServers.Password);
        await page.Locator("[data-testid=email-test]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=email-test-imap]")).ToHaveTextAsync(imapOk);
        await page.ScreenshotAsync(new() { Path = BrowserServer.Screenshot($"email-channel-test-{language}"), FullPage = true });

        await page.Locator("[data-testid=save-channel]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=channels-table]")).ToContainTextAsync(MailServers.Address(mailbox));
        var channels = await admin.Client.GetStringAsync($"/api/v1/workspaces/{workspace}/channels", TestContext.Current.CancellationToken);
        Assert.Contains("\"imapPasswordSet\":true", channels, StringComparison.Ordinal);
        Assert.DoesNotContain(MailServers.Password, channels, StringComparison.Ordinal);

        // Editing shows the mailbox and its (empty) quarantine; the password field stays empty.
        await page.Locator("[data-testid=channels-table] tr").Filter(new() { HasText = MailServers.Address(mailbox) }).GetByRole(AriaRole.Button).First.ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=email-quarantine]")).ToContainTextAsync(quarantine);
        await Assertions.Expect(page.Locator("#email-imap-password")).ToHaveValueAsync("");
        await Assertions.Expect(page.Locator("#email-imap-user")).ToHaveValueAsync(mailbox);
    }
}
