using Hamdel.Testing;
using Microsoft.Playwright;

namespace Hamdel.Browser.Tests.Support;

/// <summary>
/// A real Hamdel server and a real Chromium (Debian's, driven by Playwright) for one test class.
/// Each test opens its own browser context, so cookies and storage never leak between tests.
/// </summary>
public class BrowserServer : HamdelServer
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = default!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        // Four test classes share two cores with their servers: a round trip through a Blazor
        // circuit can take seconds under that load, which is not what these tests are about.
        // (Timing promises, such as live arrival within a second, set their own timeouts.)
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("HAMDEL_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    public override async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    public async Task<IPage> NewPageAsync(string? acceptLanguage = "en-US")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            Locale = acceptLanguage,
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    /// <summary>Where screenshots go: artifacts/screenshots at the repository root, kept by CI.</summary>
    public static string Screenshot(string name) => Path.Combine(RepositoryPaths.Artifacts("screenshots"), name + ".png");
}
