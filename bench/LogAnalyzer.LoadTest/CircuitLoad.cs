using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Playwright;

namespace LogAnalyzer.LoadTest;

/// <summary>
/// N concurrent Blazor circuits in real headless Chromium (one browser, one context each): open the dashboard,
/// wait for the circuit, load the example, analyse, wait for the run to complete. Bounded by count and time.
/// </summary>
internal static class CircuitLoad
{
    private static readonly string[] BrowserArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage",
    ];

    public static async Task<CircuitLoadResult> RunAsync(Uri baseAddress, int circuits, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var executable = Environment.GetEnvironmentVariable("LOGANALYZER_CHROMIUM") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
        using var playwright = await Playwright.CreateAsync().ConfigureAwait(false);
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = BrowserArgs,
        }).ConfigureAwait(false);
        var latencies = new ConcurrentBag<double>();
        var errors = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var steps = new string[circuits];
        var clock = Stopwatch.StartNew();
        var runs = Enumerable.Range(0, circuits).Select(async i =>
        {
            steps[i] = "open";
            await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 768 } }).ConfigureAwait(false);
            var page = await context.NewPageAsync().ConfigureAwait(false);
            page.SetDefaultTimeout((float)timeout.TotalMilliseconds);
            try
            {
                await page.GotoAsync(baseAddress.ToString()).ConfigureAwait(false);
                steps[i] = "wait for the circuit";
                await page.Locator("[data-interactive='true']").WaitForAsync().ConfigureAwait(false);
                steps[i] = "load example";
                await page.Locator("[data-testid=load-example]").ClickAsync().ConfigureAwait(false);
                // The browser reports the pasted size once its input module holds the text: then Analyze can read it.
                steps[i] = "wait for the paste";
                await page.Locator("[data-testid=input-size]", new() { HasTextString = "pasted" }).WaitForAsync().ConfigureAwait(false);
                var started = Stopwatch.GetTimestamp();
                steps[i] = "analyze";
                await page.Locator("button[data-testid=analyze]").ClickAsync().ConfigureAwait(false);
                steps[i] = "wait for the run to end";
                await page.Locator("[data-testid=dashboard][data-run=completed], [data-testid=dashboard][data-run=failed], [data-testid=dashboard][data-run=invalid]")
                    .WaitForAsync().ConfigureAwait(false);
                var outcome = await page.Locator("[data-testid=dashboard]").GetAttributeAsync("data-run").ConfigureAwait(false);
                steps[i] = "done";
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (outcome != "completed")
                {
                    var message = await page.Locator("[data-testid=input-error]").AllInnerTextsAsync().ConfigureAwait(false);
                    errors.AddOrUpdate($"run {outcome}: {string.Join(" ", message)}".Trim(), 1, (_, n) => n + 1);
                }
            }
            catch (Exception ex) when (ex is PlaywrightException or TimeoutException)
            {
                errors.AddOrUpdate(ex.GetType().Name, 1, (_, n) => n + 1);
            }
        }).ToArray();
        try
        {
            await Task.WhenAll(runs).WaitAsync(timeout + TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Report where the unfinished circuits were instead of losing the whole run.
            foreach (var step in steps.Where(s => s != "done"))
            {
                errors.AddOrUpdate($"unfinished at: {step}", 1, (_, n) => n + 1);
            }
        }

        clock.Stop();
        return new CircuitLoadResult(circuits, latencies.Count, errors.Values.Sum(),
            errors.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal),
            Math.Round(clock.Elapsed.TotalSeconds, 2), LatencyStats.From([.. latencies]));
    }
}

internal sealed record CircuitLoadResult(
    int Circuits,
    int Completed,
    int Errors,
    IReadOnlyDictionary<string, int> ErrorKinds,
    double Seconds,
    LatencyStats AnalyzeToCompleted);
