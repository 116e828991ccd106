using System.IO.Compression;
using System.Text;
using System.Text.Json;
using LogAnalyzer.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace LogAnalyzer.Tests.Web.Browser;

[Collection(BrowserCollection.Name)]
public sealed class DashboardBrowserTests(BrowserFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(6);

    [Fact]
    public async Task PasteExample_Analyze_ShowsSegmentationGroupsAndLlmInsights()
    {
        var page = await OpenAsync(FakeLlmScenario.ValidJson);
        await AssertAccessibleAsync(page, "empty");
        await fixture.ScreenshotAsync(page, "01-empty-before-example");

        await page.Locator("button[data-testid=load-example]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=input-size]")).ToContainTextAsync("KB pasted");
        await page.Locator("button[data-testid=analyze]").ClickAsync();
        await WaitForRunAsync(page, "completed");

        var lines = await page.Locator("[data-testid=total-lines]").InnerTextAsync();
        Assert.True(int.Parse(lines, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture) > 30, lines);
        await Assertions.Expect(page.Locator("[data-testid=pattern-row]").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=error-group]").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=error-group] h3").First).ToHaveTextAsync("Error Group A");
        await Assertions.Expect(page.Locator("[data-testid=insight]").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=llm-status]")).ToHaveAttributeAsync("data-status", "succeeded");
        await Assertions.Expect(page.Locator("[data-testid=insight][data-source=llm] [data-testid=source-badge]").First).ToHaveTextAsync("LLM");
        foreach (var stage in new[] { "Records", "Patterns", "Groups", "RulesInsights", "LlmInsights" })
        {
            await Assertions.Expect(page.Locator($"[data-stage={stage}]")).ToHaveAttributeAsync("data-state", "done");
        }

        // The secret in the example never reaches the page or the LLM unmasked.
        var center = await page.Locator(".la-center").InnerTextAsync();
        Assert.DoesNotContain("Summer2026!", center, StringComparison.Ordinal);
        Assert.NotEmpty(fixture.Llm.RequestBodies);
        Assert.All(fixture.Llm.RequestBodies, b => Assert.DoesNotContain("Summer2026!", b, StringComparison.Ordinal));

        // A cited evidence line is revealed and highlighted in the center.
        var evidence = page.Locator("[data-testid=evidence-line]").First;
        await evidence.ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=records-viewer] [data-testid=viewer-record][data-highlighted=true]").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=records-viewer]")).ToBeInViewportAsync();

        await AssertAccessibleAsync(page, "results");
        await fixture.ScreenshotAsync(page, "02-results-example");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.ScreenshotDirectory, "screenshot.png") });

        await page.Locator("button[data-testid=preview-prompt-right]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=preview-message]").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=preview-redactions]")).ToBeVisibleAsync();
        var messages = string.Join("\n", await page.Locator("[data-testid=preview-message]").AllInnerTextsAsync());
        Assert.DoesNotContain("Summer2026!", messages, StringComparison.Ordinal);
        Assert.DoesNotContain(KestrelApp.ApiKey, await page.ContentAsync(), StringComparison.Ordinal);
        await AssertAccessibleAsync(page, "preview");
        await fixture.ScreenshotAsync(page, "05-what-will-be-sent");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task LlmDown_ShowsRulesWithTheReason()
    {
        var page = await OpenAsync(FakeLlmScenario.ServerErrorHtml);
        await page.Locator("button[data-testid=load-example]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=input-size]")).ToContainTextAsync("KB pasted");
        await page.Locator("button[data-testid=analyze]").ClickAsync();
        await WaitForRunAsync(page, "completed");

        await Assertions.Expect(page.Locator("[data-testid=llm-status]")).Not.ToHaveAttributeAsync("data-status", "succeeded");
        await Assertions.Expect(page.Locator("[data-testid=fallback-reason]")).ToContainTextAsync("Rules");
        var reason = await page.Locator("[data-testid=fallback-reason]").InnerTextAsync();
        Assert.True(reason.Trim().Length > "Rules".Length + 10, reason);
        var badges = await page.Locator("[data-testid=insight] [data-testid=source-badge]").AllInnerTextsAsync();
        Assert.NotEmpty(badges);
        Assert.All(badges, b => Assert.Equal("Rules", b.Trim()));
        await AssertAccessibleAsync(page, "llm-down");
        await fixture.ScreenshotAsync(page, "06-llm-down");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Cancel_WhileTheLlmThinks_StopsTheRun_AndKeepsTheRules()
    {
        var page = await OpenAsync(FakeLlmScenario.Hang);
        var calls = fixture.Llm.CallCount;
        var aborted = fixture.Llm.AbortedCalls;
        await page.Locator("button[data-testid=load-example]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=input-size]")).ToContainTextAsync("KB pasted");
        await page.Locator("button[data-testid=analyze]").ClickAsync();

        // The deterministic stages are on screen while the model thinks (the fake provider never answers).
        await Assertions.Expect(page.Locator("[data-stage=LlmInsights]")).ToHaveAttributeAsync("data-state", "running");
        await Assertions.Expect(page.Locator("[data-testid=llm-status]")).ToHaveAttributeAsync("data-status", "pending");
        await Assertions.Expect(page.Locator("[data-testid=error-group]").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=insight][data-source=rules]").First).ToBeVisibleAsync();
        await WaitUntilAsync(() => fixture.Llm.CallCount > calls, "the LLM request to reach the provider");
        var rules = await page.Locator("[data-testid=insight]").CountAsync();

        // Well inside the app's 20 s LLM timeout, so only Cancel can end this run.
        await page.Locator("button[data-testid=cancel]").ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=dashboard]")).ToHaveAttributeAsync("data-run", "cancelled");
        await Assertions.Expect(page.Locator("[data-testid=run-status]")).ToContainTextAsync("Analysis cancelled");
        await Assertions.Expect(page.Locator("[data-stage=LlmInsights]")).ToHaveAttributeAsync("data-state", "cancelled");
        await Assertions.Expect(page.Locator("[data-testid=llm-status]")).ToHaveAttributeAsync("data-status", "cancelled");
        await Assertions.Expect(page.Locator("[data-testid=llm-status]")).ToContainTextAsync("Cancelled before fake/instruct-model answered");
        await Assertions.Expect(page.Locator("[data-testid=insight][data-source=rules]")).ToHaveCountAsync(rules);
        await Assertions.Expect(page.Locator("[data-testid=error-group]").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("button[data-testid=analyze]")).ToBeEnabledAsync();
        await Assertions.Expect(page.Locator("button[data-testid=cancel]")).ToHaveCountAsync(0);
        // The HTTP call to the provider was cancelled too, not left to time out.
        await WaitUntilAsync(() => fixture.Llm.AbortedCalls > aborted, "the provider to see its request aborted", TimeSpan.FromSeconds(10));

        await AssertAccessibleAsync(page, "cancelled");
        await fixture.ScreenshotAsync(page, "07-cancelled");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task MarkupInLogLines_RendersLiterally()
    {
        var page = await OpenAsync(FakeLlmScenario.ValidJson);
        var dialogs = 0;
        page.Dialog += (_, d) => { dialogs++; _ = d.DismissAsync(); };
        const string text = "2026-03-02 10:15:39,540 WARN  [exec-7] app.Search - Rejected q=<script>window.__xss=1;alert('x')</script>\n"
            + "2026-03-02 10:15:40,001 ERROR [exec-8] app.Search - bad avatar <img src=x onerror=\"window.__xss=2\"> for user\n";
        await page.Locator("#la-log-text").FillAsync(text);
        await page.Locator("button[data-testid=analyze]").ClickAsync();
        await WaitForRunAsync(page, "completed");
        // The JSON tab shows the document at once.
        await page.GetByRole(AriaRole.Tab, new() { Name = "JSON" }).ClickAsync();
        await page.Locator("[data-testid=json-body]").WaitForAsync();

        var found = await page.EvaluateAsync<JsonElement>("""
            () => {
              const center = document.querySelector('.la-center');
              return {
                text: center.textContent.includes('<script>') && center.textContent.includes('onerror='),
                scripts: center.querySelectorAll('script').length,
                images: center.querySelectorAll('img').length,
                xss: window.__xss === undefined ? 0 : window.__xss,
              };
            }
            """);
        Assert.True(found.GetProperty("text").GetBoolean(), "the markup should be visible as text");
        Assert.Equal(0, found.GetProperty("scripts").GetInt32());
        Assert.Equal(0, found.GetProperty("images").GetInt32());
        Assert.Equal(0, found.GetProperty("xss").GetInt32());
        Assert.Equal(0, dialogs);
        await AssertAccessibleAsync(page, "results");
        await fixture.ScreenshotAsync(page, "02-results");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task UploadGzipFile_IsUnpackedAndAnalyzed()
    {
        var page = await OpenAsync(FakeLlmScenario.ValidJson);
        var content = string.Concat(Enumerable.Range(0, 400).Select(i =>
            $"2026-03-02 10:{i / 60:00}:{i % 60:00},000 {(i % 10 == 0 ? "ERROR" : "INFO ")} [main] app.Worker - step {i} done\n"));
        using var packed = new MemoryStream();
        await using (var gzip = new GZipStream(packed, CompressionLevel.Optimal, leaveOpen: true))
        {
            await gzip.WriteAsync(Encoding.UTF8.GetBytes(content));
        }

        await page.Locator("#la-log-file").SetInputFilesAsync(new FilePayload
        {
            Name = "worker.log.gz",
            MimeType = "application/gzip",
            Buffer = packed.ToArray(),
        });
        await WaitForRunAsync(page, "completed");

        await Assertions.Expect(page.Locator("[data-testid=selected-file]")).ToContainTextAsync("worker.log.gz");
        await Assertions.Expect(page.Locator("[data-testid=selected-file]")).ToContainTextAsync("unpacked");
        await Assertions.Expect(page.Locator("[data-testid=total-lines]")).ToHaveTextAsync("400");
        await fixture.ScreenshotAsync(page, "03-file");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task DropFileOnInputPane_IsAnalyzed()
    {
        var page = await OpenAsync(FakeLlmScenario.ValidJson);
        await page.EvaluateAsync("""
            () => {
              const text = '2026-03-02 10:00:00,000 INFO  [main] app.A - one\n2026-03-02 10:00:01,000 ERROR [main] app.A - two\n';
              const transfer = new DataTransfer();
              transfer.items.add(new File([text], 'dropped.log', { type: 'text/plain' }));
              const target = document.getElementById('la-log-text');
              target.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: transfer }));
              target.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: transfer }));
            }
            """);
        await WaitForRunAsync(page, "completed");
        await Assertions.Expect(page.Locator("[data-testid=selected-file]")).ToContainTextAsync("dropped.log");
        await Assertions.Expect(page.Locator("[data-testid=total-lines]")).ToHaveTextAsync("2");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task GzipUnpackingOverTheLimit_ShowsClearMessage_WithoutAnalyzing()
    {
        var page = await OpenAsync(FakeLlmScenario.ValidJson);
        using var packed = new MemoryStream();
        await using (var gzip = new GZipStream(packed, CompressionLevel.Fastest, leaveOpen: true))
        {
            var block = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("2026-03-02 10:00:00,000 INFO  [main] app - the same line again\n", 1024)));
            for (var written = 0L; written <= 21L * 1024 * 1024; written += block.Length)
            {
                await gzip.WriteAsync(block);
            }
        }

        await page.Locator("#la-log-file").SetInputFilesAsync(new FilePayload { Name = "huge.log.gz", MimeType = "application/gzip", Buffer = packed.ToArray() });

        await Assertions.Expect(page.Locator("[data-testid=input-error]")).ToContainTextAsync("unpacks to more than the limit of 20 MB");
        await Assertions.Expect(page.Locator("[data-testid=dashboard]")).ToHaveAttributeAsync("data-run", "idle");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task EmptyInput_ShowsValidationMessage()
    {
        var page = await OpenAsync(FakeLlmScenario.ValidJson);
        await AssertAccessibleAsync(page, "empty");
        await fixture.ScreenshotAsync(page, "01-empty");
        await page.Locator("#la-log-text").FillAsync("   \n  ");
        await page.Locator("button[data-testid=analyze]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=input-error]")).ToContainTextAsync("empty or only whitespace");
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData(100 * 1024, "100 KB")]
    [InlineData(10 * 1024 * 1024, "10 MB")]
    public async Task LargePaste_Completes_AndIsTimedInTheBrowser(int bytes, string label)
    {
        var page = await OpenAsync(FakeLlmScenario.ValidJson);
        var length = await page.EvaluateAsync<int>(PageScripts.FillWithGeneratedLog, bytes);
        Assert.True(length >= bytes);
        await Assertions.Expect(page.Locator("[data-testid=input-size]")).ToContainTextAsync("pasted");
        if (bytes > 1024 * 1024)
        {
            await Assertions.Expect(page.Locator("[data-testid=held-paste]")).ToBeVisibleAsync();
        }

        var measured = await page.EvaluateAsync<JsonElement>(PageScripts.AnalyzeAndTime).WaitAsync(RunTimeout);
        var timing = new RunTiming(
            measured.GetProperty("segmentationMs").GetDouble(), measured.GetProperty("finalMs").GetDouble(), measured.GetProperty("run").GetString() ?? "");

        var line = $"[timing] {label} paste: Analyze → text streamed to the server {measured.GetProperty("streamedMs").GetDouble():0} ms, "
            + $"→ first segmentation {timing.SegmentationMs:0} ms, → final insights {timing.FinalMs:0} ms ({await page.Locator("[data-testid=stage-progress]").InnerTextAsync()})";
        output.WriteLine(line.ReplaceLineEndings(" "));
        Console.WriteLine(line.ReplaceLineEndings(" "));
        Assert.Equal("completed", timing.Run);
        Assert.True(timing.SegmentationMs > 0 && timing.SegmentationMs <= timing.FinalMs);
        var lines = await page.Locator("[data-testid=total-lines]").InnerTextAsync();
        Assert.True(int.Parse(lines, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture) > 500);
        // Virtualized: the page holds a bounded number of pattern rows whatever the input size.
        Assert.True(await page.Locator("[data-testid=pattern-row]").CountAsync() < 200);
        if (bytes > 1024 * 1024)
        {
            await fixture.ScreenshotAsync(page, "04-10mb");
        }

        await page.Context.CloseAsync();
    }

    private async Task<IPage> OpenAsync(FakeLlmScenario scenario)
    {
        fixture.Llm.Scenario = scenario;
        return await fixture.OpenDashboardAsync();
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(50);
        }
    }

    private static async Task WaitForRunAsync(IPage page, string outcome)
    {
        await Assertions.Expect(page.Locator("[data-testid=dashboard]"))
            .ToHaveAttributeAsync("data-run", outcome, new() { Timeout = (float)RunTimeout.TotalMilliseconds });
    }

    private Task AssertAccessibleAsync(IPage page, string state) => AxeCheck.AssertNoSeriousViolationsAsync(page, state, output);
}
