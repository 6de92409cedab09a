using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Hamdel.Browser.Tests.Pages;
using Hamdel.Browser.Tests.Support;
using Hamdel.Server.Features.Workspaces;
using Hamdel.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Hamdel.Browser.Tests;

/// <summary>The metrics dashboards in English and in Persian (right to left, Jalali months, Persian digits), and drilling down from a number to its answers.</summary>
public sealed class MetricsTests(BrowserServer server) : IClassFixture<BrowserServer>
{
    [Theory]
    [InlineData("en", "Gregorian")]
    [InlineData("fa", "Persian")]
    public async Task OverviewAndNpsPage_ShowValuesWithIntervals_AndDrillDownListsTheAnswers(string language, string calendar)
    {
        var workspace = await server.NewWorkspaceAsync(language == "fa" ? "قهوهٔ همدل" : "Hamdel Coffee");
        using var person = await server.NewMemberAsync(workspace, WorkspaceRole.Admin);
        await person.Client.SetProfileAsync(language == "fa" ? "مریم" : "Maryam", language, calendar, "Asia/Tehran");
        var answers = await ImportAnswersAsync(person.Client, workspace, 150);
        await server.PumpAsync();
        await HamdelServer.EventuallyAsync(async () => !await server.QueryAsync(db => db.OutboxEvents.AnyAsync(e => e.WorkspaceId == workspace && e.ProcessedAt == null)),
            "the import is rolled up");

        var page = await server.NewPageAsync(language);
        var shell = await new LoginPage(page).SignInToWorkspaceAsync(person.Email, person.Password);
        await page.GotoAsync($"/w/{workspace}/metrics");
        await shell.WaitUntilInteractiveAsync();
        var npsCard = page.GetByTestId("card-nps");
        await Assertions.Expect(npsCard.GetByTestId("card-value")).Not.ToHaveTextAsync("—");
        await Assertions.Expect(shell.Html).ToHaveAttributeAsync("dir", language == "fa" ? "rtl" : "ltr");
        // 150 answers: a number with its sample size, in the viewer's digits.
        await Assertions.Expect(npsCard).ToContainTextAsync(language == "fa" ? "n = ۱۵۰" : "n = 150");
        await Assertions.Expect(page.GetByTestId("card-first-response-time").GetByTestId("card-value")).ToHaveTextAsync(language == "fa" ? "دادهٔ کافی نیست" : "Not enough data");
        await page.ScreenshotAsync(new() { Path = BrowserServer.Screenshot($"metrics-overview-{language}"), FullPage = true });

        await npsCard.ClickAsync();
        await page.WaitForURLAsync($"**/w/{workspace}/metrics/nps**");
        await Assertions.Expect(page.GetByTestId("metric-title")).ToHaveTextAsync(language == "fa" ? "NPS (شاخص خالص ترویج)" : "NPS");
        await Assertions.Expect(page.GetByTestId("trend-chart").Locator("polyline")).Not.ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("distribution")).ToBeVisibleAsync();
        // The range is picked on the viewer's calendar: a Jalali year (14xx) for the Persian viewer, 20xx otherwise.
        var from = Ascii(await page.Locator("input[data-testid=from], [data-testid=from] input").First.InputValueAsync());
        Assert.Matches(language == "fa" ? @"\b14\d\d\b" : @"\b20\d\d\b", from);
        if (language == "fa")
        {
            // Months of the Jalali calendar label the breakdown.
            var months = new[] { "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند" };
            var table = await page.GetByTestId("breakdown-table").InnerTextAsync();
            Assert.Contains(months, m => table.Contains(m, StringComparison.Ordinal));
        }
        await page.ScreenshotAsync(new() { Path = BrowserServer.Screenshot($"metrics-nps-{language}"), FullPage = true });

        // Drill into the latest month with answers: exactly its answers are listed.
        var rows = page.GetByTestId("breakdown-table").Locator("tbody tr");
        ILocator? latest = null;
        var n = 0;
        for (var i = await rows.CountAsync() - 1; i >= 0 && n == 0; i--)
        {
            latest = rows.Nth(i);
            n = int.Parse(Ascii(await latest.Locator("td").Nth(3).InnerTextAsync()), NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        }
        Assert.True(n > 0);
        await latest!.GetByTestId("row-value").ClickAsync();
        await Assertions.Expect(page.GetByTestId("drill-item")).ToHaveCountAsync(n);
        var drill = await page.GetByTestId("drill-down").InnerTextAsync();
        Assert.Contains("comment ", drill, StringComparison.Ordinal);
        await page.ScreenshotAsync(new() { Path = BrowserServer.Screenshot($"metrics-nps-{language}-drill-down"), FullPage = true });
        await page.Context.CloseAsync();
    }

    /// <summary>Persian and Arabic-Indic digits (and separators) as ASCII.</summary>
    private static string Ascii(string text) => new([.. text.Trim().Select(c => c switch
    {
        >= '\u06F0' and <= '\u06F9' => (char)('0' + (c - '\u06F0')),
        >= '\u0660' and <= '\u0669' => (char)('0' + (c - '\u0660')),
        '\u066C' or '\u060C' => ',',
        _ => c,
    })]);

    private sealed record Imported(DateTimeOffset At, int Score, string Comment);

    /// <summary>An NPS survey with answers spread over the last ten weeks (enough for a number in each full month), imported through the API.</summary>
    private static async Task<List<Imported>> ImportAnswersAsync(HttpClient client, Guid workspace, int count)
    {
        var touchpoint = await (await client.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/touchpoints", new { key = "support.resolved", name = "Support" })).Content.ReadFromJsonAsync<JsonElement>();
        var survey = await (await client.PostAsJsonAsync($"/api/v1/workspaces/{workspace}/surveys", new
        {
            name = "After support",
            touchpointId = touchpoint.GetProperty("id").GetGuid(),
            definition = new { type = "Nps", question = new { en = "How likely are you to recommend us?", fa = "چقدر احتمال دارد ما را پیشنهاد کنید؟", ar = "ما مدى احتمال أن توصي بنا؟" } },
        })).Content.ReadFromJsonAsync<JsonElement>();
        var now = TimeProvider.System.GetUtcNow();
        var random = new Random(3);
        var answers = Enumerable.Range(0, count).Select(i => new Imported(now.AddDays(-1 - i * 70.0 / count).AddMinutes(-random.Next(0, 600)), random.Next(0, 11), $"comment {i}")).ToList();
        var csv = new StringBuilder("date,email,score,comment\n");
        foreach (var (answer, i) in answers.Select((a, i) => (a, i)))
        {
            csv.Append(CultureInfo.InvariantCulture, $"{answer.At.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ},c{i}.{workspace:N}@example.com,{answer.Score},{answer.Comment}\n");
        }
        var response = await client.PostAsync($"/api/v1/workspaces/{workspace}/surveys/{survey.GetProperty("id").GetGuid()}/answers/import", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));
        response.EnsureSuccessStatusCode();
        return answers;
    }
}
