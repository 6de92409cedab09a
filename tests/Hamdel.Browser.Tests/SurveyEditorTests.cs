using Hamdel.Browser.Tests.Pages;
using Hamdel.Browser.Tests.Support;
using Hamdel.Server.Features.Surveys;
using Hamdel.Server.Features.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Hamdel.Browser.Tests;

/// <summary>
/// A supervisor sets up a survey in the UI: the question in two languages with the live preview
/// (right to left in Persian), a touchpoint, a trigger, the public link; and the public link
/// embedded in another site's page takes an answer.
/// </summary>
public sealed class SurveyEditorTests(BrowserServer server) : IClassFixture<BrowserServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("en", "Persian")]
    [InlineData("fa", "فارسی")]
    public async Task Editor_WritesAQuestionInTwoLanguages_PreviewFollowsLive_TriggerAndPublicLinkWork(string viewerLanguage, string persianTab)
    {
        var workspace = await server.NewWorkspaceAsync();
        using var supervisor = await server.NewMemberAsync(workspace, WorkspaceRole.Supervisor);
        await supervisor.Client.SetProfileAsync("Sima", viewerLanguage, viewerLanguage == "fa" ? "Persian" : "Gregorian", "Asia/Tehran");
        var page = await server.NewPageAsync(viewerLanguage == "fa" ? "fa-IR" : "en-US");
        var shell = await new LoginPage(page).SignInToWorkspaceAsync(supervisor.Email, supervisor.Password);
        await shell.GoAsync($"/w/{workspace}/surveys/new");
        await Assertions.Expect(shell.Html).ToHaveAttributeAsync("dir", viewerLanguage == "fa" ? "rtl" : "ltr");

        // Nothing filled in: the errors name the fields and nothing is stored.
        await page.Locator("[data-testid=save-survey]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=survey-errors]")).ToContainTextAsync(viewerLanguage == "fa" ? "'نام'" : "'Name'");
        Assert.False(await server.QueryAsync(db => db.Surveys.AnyAsync(s => s.WorkspaceId == workspace, Ct)));

        // A touchpoint made on the spot.
        await page.Locator("[data-testid=add-touchpoint]").ClickAsync();
        await page.Locator("#touchpoint-name").FillAsync("Order delivered");
        await page.Locator("#touchpoint-key").FillAsync("order.delivered");
        await page.Locator("[data-testid=save-touchpoint]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=touchpoint-form]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=survey-touchpoint]")).ToContainTextAsync("Order delivered");

        await page.Locator("#survey-name").FillAsync("After delivery");
        await page.GetByRole(AriaRole.Tab, new() { Name = viewerLanguage == "fa" ? "انگلیسی" : "English" }).ClickAsync();
        await page.Locator("#question-en").FillAsync("How likely are you to recommend our delivery?");
        var english = page.Locator("[data-testid=preview-en]");
        await Assertions.Expect(english).ToContainTextAsync("How likely are you to recommend our delivery?");
        await Assertions.Expect(english.Locator("[data-testid=label-low]")).ToHaveTextAsync("Not at all likely");

        await page.GetByRole(AriaRole.Tab, new() { Name = persianTab }).ClickAsync();
        var persian = page.Locator("[data-testid=preview-fa]");
        await Assertions.Expect(persian).ToHaveAttributeAsync("dir", "rtl");
        // No Persian wording yet: the preview shows what a Persian customer would see (the English question).
        await Assertions.Expect(persian).ToContainTextAsync("How likely are you to recommend our delivery?");
        await page.Locator("#question-fa").FillAsync("چقدر احتمال دارد ارسال ما را پیشنهاد کنید؟");
        await page.Locator("#negative-fa").FillAsync("چه چیزی را باید بهتر کنیم؟");
        await Assertions.Expect(persian).ToContainTextAsync("چقدر احتمال دارد ارسال ما را پیشنهاد کنید؟");
        await Assertions.Expect(persian.Locator("[data-testid=preview-negative]")).ToHaveTextAsync("چه چیزی را باید بهتر کنیم؟");
        await Assertions.Expect(persian.Locator("[data-testid=label-low]")).ToHaveTextAsync("اصلاً احتمال ندارد");
        await Assertions.Expect(persian.Locator("label[data-score='3']")).ToContainTextAsync("۳");
        var zero = (await persian.Locator("label[data-score='0']").BoundingBoxAsync())!;
        var ten = (await persian.Locator("label[data-score='10']").BoundingBoxAsync())!;
        Assert.True(zero.X > ten.X, $"0 at x={zero.X}, 10 at x={ten.X}: the Persian preview does not run right to left");
        await page.ScreenshotAsync(new() { Path = BrowserServer.Screenshot($"survey-editor-{viewerLanguage}"), FullPage = true });

        await page.Locator("[data-testid=survey-public]").ClickAsync();
        await page.Locator("[data-testid=save-survey]").ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/surveys/[0-9a-f-]+/edit$"));
        var survey = await server.QueryAsync(db => db.Surveys.SingleAsync(s => s.WorkspaceId == workspace, Ct));
        var definition = SurveyDefinition.Parse(await server.QueryAsync(db => db.SurveyVersions.Where(v => v.SurveyId == survey.Id).Select(v => v.Definition).SingleAsync(Ct)));
        Assert.Equal(("How likely are you to recommend our delivery?", "چقدر احتمال دارد ارسال ما را پیشنهاد کنید؟", null), (definition.Question.En, definition.Question.Fa, definition.Question.Ar));
        Assert.Equal("چه چیزی را باید بهتر کنیم؟", definition.FollowUpNegative!.Fa);
        Assert.True(survey.PublicLinkEnabled);

        // A trigger: an hour after a conversation is resolved, on any channel.
        await page.Locator("#trigger-delay").FillAsync("90");
        await page.Locator("[data-testid=save-trigger]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=triggers-table] [data-testid=delete-trigger]")).ToHaveCountAsync(1);
        var trigger = await server.QueryAsync(db => db.SurveyTriggers.SingleAsync(t => t.SurveyId == survey.Id, Ct));
        Assert.Equal((TriggerKind.ConversationResolved, 90, 100), (trigger.Kind, trigger.DelayMinutes, trigger.SamplePercent));

        // The embed code, pasted into another site's page, shows the survey and takes an answer.
        var embed = await page.Locator("[data-testid=survey-embed] pre").InnerTextAsync();
        Assert.Contains($"/p/{survey.PublicKey}?lang={viewerLanguage}", embed, StringComparison.Ordinal);
        var site = await server.Browser.NewPageAsync();
        await site.SetContentAsync($"<!DOCTYPE html><html><body><h1>Our shop</h1>{embed}</body></html>");
        var frame = site.FrameLocator("iframe");
        await frame.Locator("label[data-score='9']").ClickAsync();
        await frame.Locator("[data-testid=survey-submit]").ClickAsync();
        await Assertions.Expect(frame.Locator("[data-testid=survey-thanks], [data-testid=survey-state]").First).ToBeVisibleAsync();
        var answer = await server.QueryAsync(db => db.SurveyAnswers.SingleAsync(a => a.SurveyId == survey.Id, Ct));
        Assert.Equal((9, AnswerSource.PublicLink), (answer.Score!.Value, answer.Source));
        await site.CloseAsync();
        await page.Context.CloseAsync();
    }
}
