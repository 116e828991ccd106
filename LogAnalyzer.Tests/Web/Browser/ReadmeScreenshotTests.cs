using LogAnalyzer.Tests.Support;
using Microsoft.Playwright;

namespace LogAnalyzer.Tests.Web.Browser;

/// <summary>
/// The README's screenshots, from real runs at 1440×900 (scripts/screenshots.sh copies them to docs/): a rules-only
/// analysis of samples/app.log, and separately the LLM path against the test suite's fake provider, labelled as such
/// in the image. Each checks that the page shows what its caption claims before taking the picture.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ReadmeScreenshotTests(BrowserFixture fixture)
{
    /// <summary>docs/screenshot.png, the README's hero image.</summary>
    public const string RulesOnly = "readme-rules-only";

    /// <summary>docs/screenshot-llm.png.</summary>
    public const string LlmTestProvider = "readme-llm-test-provider";

    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(6);

    private static string SampleLog => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "samples", "app.log"));

    [Fact]
    public async Task RulesOnly_TheShippedSample()
    {
        fixture.Llm.Scenario = FakeLlmScenario.ValidJson;
        var calls = fixture.Llm.CallCount;
        var page = await fixture.OpenDashboardAsync(1440, 900);
        await page.Locator("#la-log-text").FillAsync(SampleLog);
        var useLlm = page.GetByLabel("Use LLM");
        await useLlm.UncheckAsync();
        await Assertions.Expect(useLlm).Not.ToBeCheckedAsync();
        await AnalyzeAsync(page);

        var sources = await page.Locator("[data-testid=insight]").EvaluateAllAsync<string[]>("cards => cards.map(c => c.dataset.source)");
        Assert.NotEmpty(sources);
        Assert.All(sources, s => Assert.Equal("rules", s));
        Assert.Equal(calls, fixture.Llm.CallCount);
        await Assertions.Expect(page.Locator("[data-testid=error-group][data-group-id=A] [data-testid=group-probable-cause]")).ToBeInViewportAsync();
        await fixture.ScreenshotAsync(page, RulesOnly);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task LlmPath_AgainstTheTestProvider_IsLabelledInTheImage()
    {
        fixture.Llm.Scenario = FakeLlmScenario.ValidJson;
        var page = await fixture.OpenDashboardAsync(1440, 900);
        await page.Locator("#la-log-text").FillAsync(SampleLog);
        await Assertions.Expect(page.GetByLabel("Use LLM")).ToBeCheckedAsync();
        await AnalyzeAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=llm-status]")).ToHaveAttributeAsync("data-status", "succeeded");
        await Assertions.Expect(page.Locator("[data-testid=insight][data-source=llm]").First).ToBeVisibleAsync();

        // The answer comes from the test suite's fake OpenAI-compatible server, not from a model: say so in the picture.
        await page.EvaluateAsync("""
            () => {
              const label = document.createElement('div');
              label.setAttribute('role', 'note');
              label.textContent = 'TEST PROVIDER: the LLM answers here come from the test suite\u2019s fake OpenAI-compatible server (fake/instruct-model), not from a real model';
              label.style.cssText = 'position:fixed;top:8px;left:50%;transform:translateX(-50%);z-index:9999;padding:6px 12px;border-radius:4px;'
                + 'background:#FFE08A;color:#1A1A1A;font:600 13px system-ui,sans-serif;box-shadow:0 1px 3px rgba(0,0,0,.4)';
              document.body.appendChild(label);
            }
            """);
        await fixture.ScreenshotAsync(page, LlmTestProvider);
        await page.Context.CloseAsync();
    }

    private static async Task AnalyzeAsync(IPage page)
    {
        await Assertions.Expect(page.Locator("[data-testid=input-size]")).ToContainTextAsync("pasted");
        await page.Locator("button[data-testid=analyze]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=dashboard]"))
            .ToHaveAttributeAsync("data-run", "completed", new() { Timeout = (float)RunTimeout.TotalMilliseconds });
        await Assertions.Expect(page.Locator("[data-testid=insight]").First).ToBeVisibleAsync();
        // The left pane's text box starts at the top, as after a paste.
        await page.Locator("#la-log-text").EvaluateAsync("area => { area.scrollTop = 0; }");
    }
}
