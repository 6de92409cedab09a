using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Hamdel.Browser.Tests.Pages;
using Hamdel.Browser.Tests.Support;
using Hamdel.Server.Features.Workspaces;
using Hamdel.Testing;
using Microsoft.Playwright;

namespace Hamdel.Browser.Tests;

/// <summary>The UI shell in a real Chromium: signing in, languages and calendars, members and tokens.</summary>
public sealed partial class ShellTests(BrowserServer server) : IClassFixture<BrowserServer>
{
    private static readonly string[] JalaliMonths = ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"];
    private static readonly string[] HijriMonths = ["محرم", "صفر", "ربيع الأول", "ربيع الآخر", "جمادى الأولى", "جمادى الآخرة", "رجب", "شعبان", "رمضان", "شوال", "ذو القعدة", "ذو الحجة"];

    [Fact]
    public async Task SignIn_KeyboardOnly_LandsInTheWorkspace()
    {
        var workspace = await server.NewWorkspaceAsync("Keyboard Café");
        using var person = await server.NewMemberAsync(workspace, WorkspaceRole.Agent);
        var page = await server.NewPageAsync();
        await new LoginPage(page).OpenAsync();

        // The e-mail field has focus on arrival; everything else is Tab, typing and Enter.
        await page.Keyboard.TypeAsync(person.Email);
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(person.Password);
        await page.Keyboard.PressAsync("Enter");

        await page.WaitForURLAsync($"**/w/{workspace}");
        var shell = new ShellPage(page);
        await shell.WaitUntilInteractiveAsync();
        await Assertions.Expect(shell.Heading).ToHaveTextAsync("Keyboard Café");
        await Assertions.Expect(shell.Html).ToHaveAttributeAsync("dir", "ltr");
    }

    [Fact]
    public async Task SignIn_WrongPassword_SaysWhyAndStays()
    {
        var page = await server.NewPageAsync();
        var login = new LoginPage(page);

        await login.SignInAsync(HamdelServer.AdminEmail, "not-the-password");

        await Assertions.Expect(login.Error).ToContainTextAsync("incorrect");
        Assert.Contains("/account/login", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(login.Email).ToHaveValueAsync(HamdelServer.AdminEmail);
    }

    [Fact]
    public async Task WorkspacePage_Anonymous_GoesToSignInAndBack()
    {
        var workspace = await server.NewWorkspaceAsync();
        var page = await server.NewPageAsync();

        await page.GotoAsync($"/w/{workspace}/customers");
        await page.WaitForURLAsync("**/account/login**");
        await page.Locator("#email").FillAsync(HamdelServer.AdminEmail);
        await page.Locator("#password").FillAsync(HamdelServer.AdminPassword);
        await page.Locator("button[type=submit]").ClickAsync();

        await page.WaitForURLAsync($"**/w/{workspace}/customers");
    }

    [Fact]
    public async Task SignInPage_PersianAndArabic_AreRightToLeft()
    {
        var page = await server.NewPageAsync();
        await page.GotoAsync("/account/language/fa?returnUrl=/account/login");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("dir", "rtl");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("ورود");
        await page.ScreenshotAsync(new() { Path = BrowserServer.Screenshot("sign-in-fa") });

        await page.GotoAsync("/account/language/ar?returnUrl=/account/login");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ar");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("تسجيل الدخول");
    }

    [Fact]
    public async Task Profile_PersianWithJalaliCalendar_MirrorsTheLayoutAndShowsJalaliDatesInPersianDigits()
    {
        var workspace = await server.NewWorkspaceAsync("قهوه همدل");
        using var person = await server.NewMemberAsync(workspace, WorkspaceRole.Admin);
        var page = await server.NewPageAsync();
        var shell = await new LoginPage(page).SignInToWorkspaceAsync(person.Email, person.Password);
        await page.ScreenshotAsync(new() { Path = BrowserServer.Screenshot("overview-en") });

        await shell.GoAsync("/profile");
        await shell.ChooseAsync("profile-language", "فارسی");
        await shell.ChooseAsync("profile-calendar", "Persian (Jalali)");
        await page.Locator("[data-testid=save-profile]").ClickAsync();
        await page.WaitForURLAsync("**/profile?saved=1");
        await shell.WaitUntilInteractiveAsync();

        await Assertions.Expect(shell.Html).ToHaveAttributeAsync("dir", "rtl");
        await Assertions.Expect(shell.Html).ToHaveAttributeAsync("lang", "fa");
        await Assertions.Expect(shell.Heading).ToHaveTextAsync("نمایه");

        await shell.GoAsync($"/w/{workspace}");
        var today = await page.Locator("main time").First.InnerTextAsync();
        var tehran = TimeZoneInfo.ConvertTime(TimeProvider.System.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Asia/Tehran"));
        var persian = new PersianCalendar();
        Assert.Contains(JalaliMonths[persian.GetMonth(tehran.DateTime) - 1], today, StringComparison.Ordinal);
        Assert.Contains(ToPersianDigits(persian.GetYear(tehran.DateTime).ToString(CultureInfo.InvariantCulture)), today, StringComparison.Ordinal);
        Assert.DoesNotMatch(LatinDigit(), today);
        await Assertions.Expect(page.Locator("[data-testid=member-count]")).ToHaveTextAsync("۲");
        await page.ScreenshotAsync(new() { Path = BrowserServer.Screenshot("overview-fa") });

        await shell.GoAsync($"/w/{workspace}/settings/members");
        var since = await page.Locator("[data-testid=members-table] time").First.InnerTextAsync();
        Assert.Matches(PersianDate(), since);
        await page.ScreenshotAsync(new() { Path = BrowserServer.Screenshot("members-fa") });
    }

    [Fact]
    public async Task Profile_ArabicWithHijriCalendar_MirrorsTheLayoutAndShowsHijriDatesInArabicDigits()
    {
        var workspace = await server.NewWorkspaceAsync("متجر القهوة");
        using var person = await server.NewMemberAsync(workspace, WorkspaceRole.Admin);
        var page = await server.NewPageAsync();
        var shell = await new LoginPage(page).SignInToWorkspaceAsync(person.Email, person.Password);

        await shell.GoAsync("/profile");
        await shell.ChooseAsync("profile-language", "العربية");
        await shell.ChooseAsync("profile-calendar", "Hijri (Umm al-Qura)");
        await page.Locator("[data-testid=save-profile]").ClickAsync();
        await page.WaitForURLAsync("**/profile?saved=1");
        await shell.WaitUntilInteractiveAsync();

        await Assertions.Expect(shell.Html).ToHaveAttributeAsync("dir", "rtl");
        await Assertions.Expect(shell.Html).ToHaveAttributeAsync("lang", "ar");
        await shell.GoAsync($"/w/{workspace}");
        var today = await page.Locator("main time").First.InnerTextAsync();
        var local = TimeZoneInfo.ConvertTime(TimeProvider.System.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Asia/Tehran"));
        var hijri = new UmAlQuraCalendar();
        Assert.Contains(HijriMonths[hijri.GetMonth(local.DateTime) - 1], today, StringComparison.Ordinal);
        Assert.Matches(ArabicIndicDigit(), today);
        Assert.DoesNotMatch(LatinDigit(), today);
        await page.ScreenshotAsync(new() { Path = BrowserServer.Screenshot("overview-ar") });
    }

    [Fact]
    public async Task Members_AddPersonFromTheUi_AppearsWithAOneTimeInvitationLink()
    {
        var workspace = await server.NewWorkspaceAsync("Team Café");
        using var admin = await server.NewMemberAsync(workspace, WorkspaceRole.Admin);
        var page = await server.NewPageAsync();
        var shell = await new LoginPage(page).SignInToWorkspaceAsync(admin.Email, admin.Password);
        await shell.GoAsync($"/w/{workspace}/settings/members");
        var email = server.NewEmail("newagent");

        await page.Locator("#member-email").FillAsync(email);
        await page.Locator("#member-name").FillAsync("Sara Agent");
        await page.Locator("[data-testid=add-member]").ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=invitation]")).ToContainTextAsync("/account/invite/");
        await Assertions.Expect(page.Locator("[data-testid=members-table]")).ToContainTextAsync(email);
        await page.ScreenshotAsync(new() { Path = BrowserServer.Screenshot("members-en") });

        // The invited person follows the link, chooses a password and is signed in.
        var link = await page.Locator("[data-testid=invitation] .mono").InnerTextAsync();
        var invitee = await server.NewPageAsync();
        await invitee.GotoAsync(link);
        await invitee.Locator("#password").FillAsync("Invited-Password-7");
        await invitee.Locator("button[type=submit]").ClickAsync();
        await invitee.WaitForURLAsync($"**/w/{workspace}");
    }

    [Fact]
    public async Task Members_BadEmail_ShowsTheFieldErrorAndAddsNobody()
    {
        var workspace = await server.NewWorkspaceAsync();
        using var admin = await server.NewMemberAsync(workspace, WorkspaceRole.Admin);
        var page = await server.NewPageAsync();
        var shell = await new LoginPage(page).SignInToWorkspaceAsync(admin.Email, admin.Password);
        await shell.GoAsync($"/w/{workspace}/settings/members");

        await page.Locator("#member-email").FillAsync("not-an-email");
        await page.Locator("[data-testid=add-member]").ClickAsync();

        await Assertions.Expect(page.Locator(".mud-input-helper-text.mud-input-error").First).ToContainTextAsync("E-mail");
        await Assertions.Expect(page.Locator("[data-testid=members-table] tbody tr")).ToHaveCountAsync(2);
    }

    [Fact]
    public async Task Tokens_CreateFromTheUi_TheTokenWorksAgainstTheApi()
    {
        var workspace = await server.NewWorkspaceAsync();
        using var person = await server.NewMemberAsync(workspace, WorkspaceRole.Agent);
        var page = await server.NewPageAsync();
        var shell = await new LoginPage(page).SignInToWorkspaceAsync(person.Email, person.Password);
        await shell.GoAsync("/profile/tokens");

        await page.Locator("#token-name").FillAsync("Zapier");
        await page.Locator("[data-testid=create-token]").ClickAsync();

        var token = await page.Locator("[data-testid=new-token-value]").InnerTextAsync();
        Assert.StartsWith("hmd_", token, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("[data-testid=tokens-table]")).ToContainTextAsync("Zapier");
        using var api = server.WithToken(token);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/v1/workspaces/{workspace}", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task WorkspacePage_OfAnotherWorkspace_SaysNotFound()
    {
        var mine = await server.NewWorkspaceAsync();
        var theirs = await server.NewWorkspaceAsync();
        using var person = await server.NewMemberAsync(mine, WorkspaceRole.Admin);
        var page = await server.NewPageAsync();
        var shell = await new LoginPage(page).SignInToWorkspaceAsync(person.Email, person.Password);

        await shell.GoAsync($"/w/{theirs}/settings/members");

        await Assertions.Expect(shell.Heading).ToHaveTextAsync("Not found");
        await Assertions.Expect(page.Locator("[data-testid=members-table]")).ToHaveCountAsync(0);
    }

    private static string ToPersianDigits(string text) => string.Concat(text.Select(c => char.IsAsciiDigit(c) ? (char)('۰' + (c - '0')) : c));

    [GeneratedRegex("[0-9]")]
    private static partial Regex LatinDigit();

    [GeneratedRegex("[٠-٩]")]
    private static partial Regex ArabicIndicDigit();

    [GeneratedRegex("^۱۴[۰-۹]{2}/[۰-۹]{2}/[۰-۹]{2}$")]
    private static partial Regex PersianDate();
}
