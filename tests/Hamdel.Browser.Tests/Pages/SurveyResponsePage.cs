using Microsoft.Playwright;

namespace Hamdel.Browser.Tests.Pages;

/// <summary>The public survey page (/s/{token}) a customer answers on: plain HTML forms, no script needed.</summary>
public sealed class SurveyResponsePage(IPage page)
{
    public ILocator Html => page.Locator("html");
    public ILocator Scale => page.GetByTestId("scale");
    public ILocator LowLabel => page.GetByTestId("label-low");
    public ILocator HighLabel => page.GetByTestId("label-high");
    public ILocator Thanks => page.GetByTestId("survey-thanks");
    public ILocator FollowUpQuestion => page.GetByTestId("follow-up-question");
    public ILocator Comment => page.Locator("#comment");

    public ILocator Option(int score) => page.Locator($"label.scale-option[data-score='{score}']");
    public ILocator Radio(int score) => page.Locator($"#score-{score}");

    public async Task OpenAsync(string token, string language) => await page.GotoAsync($"/s/{token}?lang={language}");

    /// <summary>The id of the focused element.</summary>
    public Task<string> FocusedIdAsync() => page.EvaluateAsync<string>("() => document.activeElement ? document.activeElement.id : ''");

    /// <summary>Presses Tab until the element with the id has focus (at most <paramref name="max"/> times).</summary>
    public async Task TabToAsync(string id, int max = 15)
    {
        for (var i = 0; i < max; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await FocusedIdAsync() == id)
            {
                return;
            }
        }
        throw new InvalidOperationException($"#{id} never got the focus by Tab.");
    }
}
