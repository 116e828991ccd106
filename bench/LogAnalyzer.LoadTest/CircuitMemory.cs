using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;

namespace LogAnalyzer.LoadTest;

/// <summary>
/// What dashboard tabs cost the server once they analysed a large paste (issue 15): N tabs in headless Chromium, one
/// after the other, each pastes the same generated input (up to 20,000,000 bytes, built in the page) and analyses it;
/// the server's resident memory (VmRSS, from /proc of <c>--pid</c>) is read after each run and again after the tabs sat
/// idle, all tabs still open (their circuits alive). VmHWM is the process's peak.
/// </summary>
internal static class CircuitMemory
{
    /// <summary>Builds the paste in the page: "tiny" = one-character lines, "unique" = never-repeating lines of words.</summary>
    private const string FillScript = """
        ([kind, bytes]) => {
          let text;
          if (kind === 'tiny') {
            text = 'a\n'.repeat(Math.floor(bytes / 2));
          } else {
            // A seeded generator: every run pastes the same text. Eight words of 3-9 letters, no digits to fold.
            let seed = 15;
            const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
            const letters = 'abcdefghijklmnopqrstuvwxyz';
            const word = () => { let w = ''; const n = 3 + Math.floor(next() * 7); for (let i = 0; i < n; i++) w += letters[Math.floor(next() * 26)]; return w; };
            const parts = [];
            let size = 0;
            for (;;) {
              const line = [word(), word(), word(), word(), word(), word(), word(), word()].join(' ');
              if (size + line.length + 1 > bytes) break;
              parts.push(line);
              size += line.length + 1;
            }
            text = parts.join('\n') + '\n';
          }
          const area = document.getElementById('la-log-text');
          const transfer = new DataTransfer();
          transfer.setData('text/plain', text);
          area.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
          return text.length;
        }
        """;

    public static async Task<CircuitMemoryResult> RunAsync(
        Uri baseAddress, int serverPid, string kind, int bytes, int tabs, TimeSpan runTimeout, TimeSpan settle, CancellationToken cancellationToken)
    {
        var executable = Environment.GetEnvironmentVariable("LOGANALYZER_CHROMIUM") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
        using var playwright = await Playwright.CreateAsync().ConfigureAwait(false);
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking"],
        }).ConfigureAwait(false);
        var before = Status(serverPid);
        var steps = new List<CircuitMemoryStep>();
        var contexts = new List<IBrowserContext>();
        try
        {
            for (var tab = 1; tab <= tabs; tab++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 768 } }).ConfigureAwait(false);
                contexts.Add(context);
                var page = await context.NewPageAsync().ConfigureAwait(false);
                page.SetDefaultTimeout((float)runTimeout.TotalMilliseconds);
                await page.GotoAsync(baseAddress.ToString()).ConfigureAwait(false);
                await page.Locator("[data-ready='true']").WaitForAsync().ConfigureAwait(false);
                var length = await page.EvaluateAsync<int>(FillScript, new object[] { kind, bytes }).ConfigureAwait(false);
                await page.Locator("[data-testid=input-size]", new() { HasTextString = "pasted" }).WaitForAsync().ConfigureAwait(false);
                var clock = Stopwatch.StartNew();
                await page.Locator("button[data-testid=analyze]").ClickAsync().ConfigureAwait(false);
                await page.Locator("[data-testid=dashboard][data-run=completed], [data-testid=dashboard][data-run=failed], [data-testid=dashboard][data-run=invalid], [data-testid=dashboard][data-run=cancelled]")
                    .WaitForAsync().ConfigureAwait(false);
                var outcome = await page.Locator("[data-testid=dashboard]").GetAttributeAsync("data-run").ConfigureAwait(false) ?? "";
                var seconds = clock.Elapsed.TotalSeconds;
                var records = await page.Locator("[data-testid=total-records]").AllInnerTextsAsync().ConfigureAwait(false);
                var saved = await page.Locator("[data-testid=saved-notice]").AllInnerTextsAsync().ConfigureAwait(false);
                var error = await page.Locator("[data-testid=input-error]").AllInnerTextsAsync().ConfigureAwait(false);
                await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken).ConfigureAwait(false);
                var after = Status(serverPid);
                steps.Add(new CircuitMemoryStep(tab, length, outcome, Math.Round(seconds, 1), string.Join(" ", records), 
                    string.Join(" ", saved.Concat(error)).ReplaceLineEndings(" ").Trim(), after.RssMb, after.PeakMb));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"tab {tab}: {kind} paste of {length:N0} chars, {outcome} in {seconds:0.0} s, records {string.Join(" ", records)}, server RSS {after.RssMb} MB (peak {after.PeakMb} MB)"));
            }

            // Every tab still open: what their circuits retain once the server settled.
            await Task.Delay(settle, cancellationToken).ConfigureAwait(false);
            var settled = Status(serverPid);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{tabs} tabs open after {settle.TotalSeconds:0} s idle: server RSS {settled.RssMb} MB (peak {settled.PeakMb} MB; {before.RssMb} MB before the first tab)"));
            return new CircuitMemoryResult(kind, bytes, tabs, before.RssMb, steps, settled.RssMb, settled.PeakMb);
        }
        finally
        {
            foreach (var context in contexts)
            {
                await context.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>VmRSS and VmHWM of a process, in MB, from /proc (Linux).</summary>
    private static (long RssMb, long PeakMb) Status(int pid)
    {
        long rss = 0, peak = 0;
        foreach (var line in File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kilobytes(line) / 1024;
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = Kilobytes(line) / 1024;
            }
        }

        return (rss, peak);

        static long Kilobytes(string line) =>
            long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }
}

internal sealed record CircuitMemoryStep(int Tab, int PastedChars, string Outcome, double Seconds, string Records, string Notice, long ServerRssMb, long ServerPeakMb);

internal sealed record CircuitMemoryResult(
    string Input, int Bytes, int Tabs, long ServerRssBeforeMb, IReadOnlyList<CircuitMemoryStep> Steps, long ServerRssSettledMb, long ServerPeakMb);
