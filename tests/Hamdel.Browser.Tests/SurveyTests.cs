using System.Net.Http.Json;
using Hamdel.Browser.Tests.Pages;
using Hamdel.Browser.Tests.Support;
using Hamdel.Server.Features.Surveys;
using Hamdel.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Hamdel.Browser.Tests;

/// <summary>The survey response page in Persian and Arabic, answered with the keyboard alone and JavaScript switched off.</summary>
public sealed class SurveyTests(BrowserServer server) : IClassFixture<BrowserServer>
{
    [Theory]
    [InlineData("fa", "اصلاً احتمال ندارد", "خیلی زیاد احتمال دارد", "بسته‌بندی بهتر و ارسال سریع‌تر")]
    [InlineData("ar", "غير مرجّح إطلاقًا", "مرجّح جدًا", "تغليف أفضل وتوصيل أسرع")]
    public async Task ResponsePage_RightToLeft_ScaleAndLabelsInOrder_KeyboardOnly_WithoutJavaScript(string language, string lowLabel, string highLabel, string comment)
    {
        var token = await InvitationAsync(language);
        var context = await server.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 800, Height = 800 },
            Locale = language,
            JavaScriptEnabled = false,
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        var survey = new SurveyResponsePage(page);

        await survey.OpenAsync(token, language);

        await Assertions.Expect(survey.Html).ToHaveAttributeAsync("dir", "rtl");
        await Assertions.Expect(survey.Html).ToHaveAttributeAsync("lang", language);
        await Assertions.Expect(survey.LowLabel).ToHaveTextAsync(lowLabel);
        await Assertions.Expect(survey.HighLabel).ToHaveTextAsync(highLabel);
        // Right to left: 0 at the right end, 10 at the left, each end label under its own end.
        var zero = (await survey.Option(0).BoundingBoxAsync())!;
        var five = (await survey.Option(5).BoundingBoxAsync())!;
        var ten = (await survey.Option(10).BoundingBoxAsync())!;
        Assert.True(zero.X > five.X && five.X > ten.X, $"0 at x={zero.X}, 5 at x={five.X}, 10 at x={ten.X}: the scale does not run right to left");
        var low = (await survey.LowLabel.BoundingBoxAsync())!;
        var high = (await survey.HighLabel.BoundingBoxAsync())!;
        Assert.True(Math.Abs((low.X + low.Width) - (zero.X + zero.Width)) < 4, "the low label is not under 0");
        Assert.True(Math.Abs(high.X - ten.X) < 4, "the high label is not under 10");
        await Assertions.Expect(survey.Option(3)).ToContainTextAsync(language == "fa" ? "۳" : "٣");
        await page.ScreenshotAsync(new() { Path = BrowserServer.Screenshot($"survey-response-{language}"), FullPage = true });

        // Keyboard only: Tab into the scale, arrows move along it (left is up in right-to-left), Enter sends.
        await survey.TabToAsync("score-0");
        await page.Keyboard.PressAsync("Space");
        for (var i = 0; i < 3; i++)
        {
            await page.Keyboard.PressAsync("ArrowLeft");
        }
        await Assertions.Expect(survey.Radio(3)).ToBeCheckedAsync();
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(survey.Thanks).ToBeVisibleAsync();
        await Assertions.Expect(survey.FollowUpQuestion).ToHaveTextAsync(language == "fa" ? "چه چیزی را باید بهتر کنیم؟" : "ما الذي يجب أن نحسّنه؟");
        await Assertions.Expect(survey.Radio(3)).ToBeCheckedAsync();
        await survey.TabToAsync("comment");
        await page.Keyboard.TypeAsync(comment);
        await page.Keyboard.PressAsync("Tab"); // "contact me"
        await page.Keyboard.PressAsync("Space");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(survey.Comment).ToHaveValueAsync(comment);
        await page.ScreenshotAsync(new() { Path = BrowserServer.Screenshot($"survey-response-{language}-answered"), FullPage = true });

        var answer = await server.QueryAsync(db => db.SurveyAnswers.SingleAsync(a => a.Language == language && a.Comment == comment));
        Assert.Equal((3, true), (answer.Score!.Value, answer.WantsContact));
        await context.CloseAsync();
    }

    /// <summary>A customer of a new workspace invited to an NPS survey in the language; returns the invitation's token.</summary>
    private async Task<string> InvitationAsync(string language)
    {
        var workspace = await server.NewWorkspaceAsync();
        using var admin = await server.AdminAsync();
        var channel = await admin.NewApiChannelAsync(workspace);
        var customer = await admin.PushAsync(workspace, channel, new { email = server.NewEmail("customer") }, language == "fa" ? "سلام، سفارشم دیر رسید" : "مرحبًا، تأخر طلبي");
        var touchpoint = await (await admin.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/touchpoints", new { key = "support.resolved", name = "پشتیبانی" })).ReadAsync<TouchpointDto>();
        var survey = await (await admin.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/surveys", new
        {
            name = "NPS",
            touchpointId = touchpoint.Id,
            definition = new
            {
                type = "Nps",
                question = new { en = "How likely are you to recommend us?", fa = "چقدر احتمال دارد ما را به دوستانتان پیشنهاد کنید؟", ar = "ما مدى احتمال أن توصي بنا لأصدقائك؟" },
                followUpNegative = new { en = "What should we improve?", fa = "چه چیزی را باید بهتر کنیم؟", ar = "ما الذي يجب أن نحسّنه؟" },
                followUpPositive = new { en = "What did we do well?", fa = "چه چیزی خوب بود؟", ar = "ما الذي أحسنّا فعله؟" },
            },
        }, Json.Options)).ReadAsync<SurveyDto>();
        // Language comes from the customer's profile: set it, then send by hand.
        (await admin.PutAsJsonAsync($"/api/v1/workspaces/{workspace}/customers/{customer.CustomerId}", new { displayName = "Customer", language })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/surveys/{survey.Id}/send", new { customerIds = new[] { customer.CustomerId } })).EnsureSuccessStatusCode();
        var invitation = await server.QueryAsync(db => db.SurveyInvitations.SingleAsync(i => i.CustomerId == customer.CustomerId));
        Assert.Equal(language, invitation.Language);
        return server.Services.GetRequiredService<SurveyTokens>().Create(invitation.Id, invitation.ExpiresAt);
    }
}
