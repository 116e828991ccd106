using System.Text.Json;
using LogAnalyzer.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace LogAnalyzer.Tests.Web.Browser;

/// <summary>
/// Issue 13 at 1440×900: after a multi-service paste the incidents and Error Groups open the centre, a probable cause
/// is readable without scrolling, the panes are linked both ways (and by the URL fragment), and the input wraps.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class IncidentFirstLayoutTests(BrowserFixture fixture, ITestOutputHelper output)
{
    private const int Width = 1440;
    private const int Height = 900;
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(6);

    /// <summary>≈500 lines from six services over midnight: stack traces (Java, Python, .NET), 502s, warnings, info noise.</summary>
    internal static string MultiServiceLog => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "browser", "multi-service.log"));

    [Fact]
    public async Task AfterAnalysis_GroupAAndAProbableCause_AreInTheUpperHalf_WithoutScrolling()
    {
        var page = await OpenAsync();
        await AnalyzeAsync(page, MultiServiceLog);

        // Nothing was scrolled: not the page, not the centre pane.
        var scrolled = await page.EvaluateAsync<double>("() => window.scrollY + document.querySelector('[data-testid=centre-pane]').scrollTop");
        Assert.Equal(0, scrolled);

        await fixture.ScreenshotAsync(page, "08-incident-first-1440");
        var heading = page.Locator("[data-testid=centre-pane] [data-testid=error-group][data-group-id=A] h3");
        await Assertions.Expect(heading).ToHaveTextAsync("Error Group A");
        var box = await heading.BoundingBoxAsync();
        Assert.NotNull(box);
        output.WriteLine($"[layout] 'Error Group A' heading at y={box.Y:0}..{box.Y + box.Height:0} of {Height}");
        Assert.True(box.Y >= 0 && box.Y + box.Height <= Height / 2.0, $"'Error Group A' is at y={box.Y:0}..{box.Y + box.Height:0}, not in the upper half of {Height}.");

        var cause = page.Locator("[data-testid=error-group][data-group-id=A] [data-testid=group-probable-cause]");
        await Assertions.Expect(cause).ToContainTextAsync("Probable Cause");
        await Assertions.Expect(cause).ToBeInViewportAsync(new() { Ratio = 1 });
        var causeText = await cause.InnerTextAsync();
        Assert.True(causeText.Length > "Probable Cause".Length + 20, causeText);

        // The summary strip gives both dates of a range that crosses midnight.
        await Assertions.Expect(page.Locator("[data-testid=time-range]")).ToContainTextAsync("2026-03-01 23:52:03 → 2026-03-02 00:11:42 UTC");
        await Assertions.Expect(page.Locator("[data-testid=incident]").First).ToBeInViewportAsync();
        // The incident names its groups as a sentence: "root Error Group D, then Error Group A, Error Group B".
        var named = await page.Locator("[data-testid=incident] .la-incident-groups").First.InnerTextAsync();
        Assert.Matches(@"^root Error Group [A-Z]+(, then Error Group [A-Z]+(, Error Group [A-Z]+)*)?$", named);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SelectingAGroup_ShowsItsRecommendation_AndTheRecommendationLinksBack_AndTheUrlNamesIt()
    {
        var page = await OpenAsync();
        await AnalyzeAsync(page, MultiServiceLog);
        var right = page.Locator("[data-testid=right-pane]");
        var insightB = page.Locator("[data-testid=insight][data-group-id=B]");

        // Put B's recommendation out of view first, so only the link can bring it back.
        await right.EvaluateAsync("pane => { pane.scrollTop = pane.scrollHeight; }");
        await Assertions.Expect(insightB).Not.ToBeInViewportAsync();

        await page.Locator("[data-testid=error-group][data-group-id=B] [data-testid=group-header]").ClickAsync(new() { Position = new() { X = 40, Y = 10 } });
        await Assertions.Expect(page.Locator("[data-testid=error-group][data-group-id=B]")).ToHaveAttributeAsync("data-selected", "true");
        await Assertions.Expect(insightB).ToHaveAttributeAsync("data-selected", "true");
        await Assertions.Expect(insightB).ToBeInViewportAsync();
        Assert.EndsWith("#group-B", page.Url, StringComparison.Ordinal);

        // And back: the recommendation's "Error Group C" brings group C into view in the centre, selected and focused.
        var groupC = page.Locator("[data-testid=error-group][data-group-id=C]");
        await page.Locator("[data-testid=centre-pane]").EvaluateAsync("pane => { pane.scrollTop = pane.scrollHeight; }");
        await Assertions.Expect(groupC.Locator("h3")).Not.ToBeInViewportAsync();
        await page.Locator("[data-testid=insight][data-group-id=C] [data-testid=insight-group-link]").ClickAsync();
        await Assertions.Expect(groupC).ToHaveAttributeAsync("data-selected", "true");
        await Assertions.Expect(groupC.Locator("h3")).ToBeInViewportAsync();
        await Assertions.Expect(groupC.Locator("[data-testid=select-group]")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("[data-testid=error-group][data-group-id=B]")).ToHaveAttributeAsync("data-selected", "false");
        Assert.EndsWith("#group-C", page.Url, StringComparison.Ordinal);

        // By keyboard: Tab to group A's heading button and press Enter.
        await right.EvaluateAsync("pane => { pane.scrollTop = pane.scrollHeight; }");
        await page.Locator("[data-testid=error-group][data-group-id=A] [data-testid=select-group]").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-testid=insight][data-group-id=A]")).ToHaveAttributeAsync("data-selected", "true");
        await Assertions.Expect(page.Locator("[data-testid=insight][data-group-id=A]")).ToBeInViewportAsync();

        // Cited lines still open the records in context (in the Records tab).
        await page.Locator("[data-testid=insight][data-group-id=A] [data-testid=evidence-line]").First.ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=records-viewer] [data-testid=viewer-record][data-highlighted=true]").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=records-viewer]")).ToBeInViewportAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Records" })).ToHaveAttributeAsync("aria-selected", "true");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ALinkWithAGroupFragment_SelectsThatGroup_OnceAnalysed()
    {
        var page = await OpenAsync(path: "/#group-C");
        await AnalyzeAsync(page, MultiServiceLog);

        var groupC = page.Locator("[data-testid=error-group][data-group-id=C]");
        await Assertions.Expect(groupC).ToHaveAttributeAsync("data-selected", "true");
        await Assertions.Expect(groupC.Locator("h3")).ToBeInViewportAsync();
        await Assertions.Expect(page.Locator("[data-testid=insight][data-group-id=C]")).ToHaveAttributeAsync("data-selected", "true");
        await Assertions.Expect(page.Locator("[data-testid=insight][data-group-id=C]")).ToBeInViewportAsync();

        // Changing the fragment while the page is open selects the other group.
        await page.EvaluateAsync("() => { location.hash = '#group-B'; }");
        await Assertions.Expect(page.Locator("[data-testid=error-group][data-group-id=B]")).ToHaveAttributeAsync("data-selected", "true");
        await Assertions.Expect(page.Locator("[data-testid=error-group][data-group-id=B] h3")).ToBeInViewportAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ALongPastedLine_Wraps_WithWrapOn_AndIsCutWithWrapOff()
    {
        var page = await OpenAsync();
        var longLine = "2026-03-02T10:14:36.118Z ERROR [checkout-api] c.a.checkout.web.CheckoutController: checkout failed "
            + string.Concat(Enumerable.Range(0, 40).Select(i => $"field{i}=value{i} "));
        await page.Locator("#la-log-text").FillAsync(longLine + "\n");

        await Assertions.Expect(page.Locator("#la-log-text")).ToHaveAttributeAsync("wrap", "soft");
        var wrapped = await MeasureTextAreaAsync(page);
        output.WriteLine($"[wrap on] {wrapped}");
        // Every character is on screen: nothing runs past the right edge, and a visual line holds ≥ 30 characters.
        Assert.True(wrapped.GetProperty("scrollWidth").GetDouble() <= wrapped.GetProperty("clientWidth").GetDouble(), wrapped.ToString());
        Assert.True(wrapped.GetProperty("charsPerLine").GetDouble() >= 30, wrapped.ToString());
        // Before any results the input has the room: a line of a log reads at ≥ 60 characters at 1440 px.
        Assert.True(wrapped.GetProperty("charsPerLine").GetDouble() >= 60, wrapped.ToString());
        Assert.True(wrapped.GetProperty("lines").GetDouble() >= Math.Floor(longLine.Length / wrapped.GetProperty("charsPerLine").GetDouble()), wrapped.ToString());

        await page.GetByLabel("Wrap lines").ClickAsync();
        await Assertions.Expect(page.Locator("#la-log-text")).ToHaveAttributeAsync("wrap", "off");
        var cut = await MeasureTextAreaAsync(page);
        output.WriteLine($"[wrap off] {cut}");
        Assert.True(cut.GetProperty("scrollWidth").GetDouble() > cut.GetProperty("clientWidth").GetDouble(), cut.ToString());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TheInputPane_CanBeHidden_OnceResultsAreShown_GivingTheCentreTheRoom()
    {
        var page = await OpenAsync();
        await Assertions.Expect(page.Locator("[data-testid=collapse-input]")).ToHaveCountAsync(0);
        await AnalyzeAsync(page, MultiServiceLog);
        var centre = page.Locator("[data-testid=centre-pane]");
        var before = (await centre.BoundingBoxAsync())!.Width;

        await page.Locator("[data-testid=collapse-input]").ClickAsync();
        await Assertions.Expect(page.Locator("#la-log-text")).ToBeHiddenAsync();
        var after = (await centre.BoundingBoxAsync())!.Width;
        Assert.True(after > before + 200, $"centre {before:0} → {after:0} px");

        await page.Locator("[data-testid=expand-input]").ClickAsync();
        await Assertions.Expect(page.Locator("#la-log-text")).ToBeVisibleAsync();
        // The pasted text stayed in the box.
        Assert.StartsWith("2026-03-01T23:52:03.621Z", await page.Locator("#la-log-text").InputValueAsync(), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("light")]
    [InlineData("dark")]
    public async Task Axe_TheNewLayoutStates_HaveNoSeriousViolations(string scheme)
    {
        var page = await OpenAsync(colorScheme: scheme == "dark" ? ColorScheme.Dark : ColorScheme.Light);
        Assert.Equal(scheme == "dark", await page.EvaluateAsync<bool>("() => matchMedia('(prefers-color-scheme: dark)').matches"));
        await AxeCheck.AssertNoSeriousViolationsAsync(page, $"{scheme}:empty", output);
        await AnalyzeAsync(page, MultiServiceLog);
        await AxeCheck.AssertNoSeriousViolationsAsync(page, $"{scheme}:results", output);

        await page.Locator("[data-testid=error-group][data-group-id=B] [data-testid=select-group]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=insight][data-group-id=B]")).ToHaveAttributeAsync("data-selected", "true");
        await AxeCheck.AssertNoSeriousViolationsAsync(page, $"{scheme}:selected", output);

        await page.Locator("[data-testid=error-group][data-group-id=A] [data-testid=show-group-records]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=records-viewer]")).ToBeVisibleAsync();
        await AxeCheck.AssertNoSeriousViolationsAsync(page, $"{scheme}:records-tab", output);

        await page.GetByRole(AriaRole.Tab, new() { Name = "Timeline" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=summary-details]")).ToBeVisibleAsync();
        await AxeCheck.AssertNoSeriousViolationsAsync(page, $"{scheme}:timeline-tab", output);

        await page.GetByRole(AriaRole.Tab, new() { Name = "JSON" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=json-body]")).ToBeVisibleAsync();
        await AxeCheck.AssertNoSeriousViolationsAsync(page, $"{scheme}:json-tab", output);

        await page.Locator("[data-testid=collapse-input]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=expand-input]")).ToBeVisibleAsync();
        await AxeCheck.AssertNoSeriousViolationsAsync(page, $"{scheme}:input-hidden", output);
        await fixture.ScreenshotAsync(page, $"09-layout-{scheme}");
        await page.Context.CloseAsync();
    }

    private async Task<IPage> OpenAsync(ColorScheme colorScheme = ColorScheme.Light, string path = "/")
    {
        fixture.Llm.Scenario = FakeLlmScenario.ValidJson;
        return await fixture.OpenDashboardAsync(Width, Height, colorScheme, path);
    }

    private static async Task AnalyzeAsync(IPage page, string text)
    {
        await page.Locator("#la-log-text").FillAsync(text);
        await Assertions.Expect(page.Locator("[data-testid=input-size]")).ToContainTextAsync("pasted");
        await page.Locator("button[data-testid=analyze]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=dashboard]"))
            .ToHaveAttributeAsync("data-run", "completed", new() { Timeout = (float)RunTimeout.TotalMilliseconds });
        await Assertions.Expect(page.Locator("[data-testid=insight]").First).ToBeVisibleAsync();
    }

    /// <summary>The textarea's widths, how many monospace characters fit on one of its lines, and how many lines it lays out.</summary>
    private static Task<JsonElement> MeasureTextAreaAsync(IPage page) => page.EvaluateAsync<JsonElement>("""
        () => {
          const area = document.getElementById('la-log-text');
          const style = getComputedStyle(area);
          const canvas = document.createElement('canvas').getContext('2d');
          canvas.font = `${style.fontSize} ${style.fontFamily}`;
          const charWidth = canvas.measureText('0123456789').width / 10;
          const inner = area.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
          const lineHeight = parseFloat(style.lineHeight);
          const text = area.value.replace(/\n$/, '');
          area.style.minHeight = '0';
          area.style.height = '1px';
          const contentHeight = area.scrollHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
          area.style.height = '';
          area.style.minHeight = '';
          return {
            clientWidth: area.clientWidth, scrollWidth: area.scrollWidth, charsPerLine: Math.floor(inner / charWidth),
            lines: Math.round(contentHeight / lineHeight), length: text.length,
          };
        }
        """);
}
