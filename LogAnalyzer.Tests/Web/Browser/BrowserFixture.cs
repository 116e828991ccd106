using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using LogAnalyzer.Tests.Support;
using Microsoft.Playwright;

namespace LogAnalyzer.Tests.Web.Browser;

/// <summary>
/// One app on real Kestrel (loopback, random port) and one headless Debian Chromium shared by every browser test.
/// A missing browser fails the tests: they never skip.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private static readonly string[] BrowserArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    private IPlaywright? _playwright;

    public KestrelApp App { get; private set; } = default!;

    /// <summary>The app's LLM provider: a fake OpenAI-compatible server on loopback whose scenario a test sets.</summary>
    public FakeLlmServer Llm { get; private set; } = default!;

    public IBrowser Browser { get; private set; } = default!;

    public Uri BaseUrl { get; private set; } = default!;

    /// <summary>Screenshots of the main states land here (under the test output directory).</summary>
    public string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        var executable = Environment.GetEnvironmentVariable("LOGANALYZER_CHROMIUM");
        if (string.IsNullOrWhiteSpace(executable))
        {
            executable = "/usr/bin/chromium";
        }

        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"Chromium was not found at '{executable}'. Install Debian's chromium (scripts/test.sh does) or set LOGANALYZER_CHROMIUM. Browser tests fail rather than skip.");
        }

        Directory.CreateDirectory(ScreenshotDirectory);
        Assertions.SetDefaultExpectTimeout(30_000);
        Llm = await FakeLlmServer.StartAsync(CancellationToken.None);
        App = new KestrelApp(Llm.BaseUrl);
        App.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        App.StartServer();
        var addresses = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = new Uri(addresses.First());

        // The app warms itself up after start (Warmup:Enabled, on by default, as in production); the timed tests measure
        // a server that finished it, as a person opening the page after a deploy meets one.
        await WaitForWarmupAsync();

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = BrowserArgs,
        });
    }

    private async Task WaitForWarmupAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseUrl };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            using var ready = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(new Uri("health/ready", UriKind.Relative)));
            var warmup = ready.RootElement.GetProperty("checks").GetProperty("warmup");
            if (warmup.GetProperty("status").GetString() == "Healthy")
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The app did not finish its start-up warm-up within 60 s: {warmup.GetProperty("description").GetString()}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>
    /// A fresh page (1366×768 unless told) with the dashboard loaded and its circuit up; <paramref name="colorScheme"/>
    /// is the system preference the page follows (light unless told), <paramref name="path"/> may carry a fragment.
    /// </summary>
    public async Task<IPage> OpenDashboardAsync(int width = 1366, int height = 768, ColorScheme colorScheme = ColorScheme.Light, string path = "/")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            AcceptDownloads = true,
            BaseURL = BaseUrl.ToString(),
            ColorScheme = colorScheme,
        });
        await context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = BaseUrl.GetLeftPart(UriPartial.Authority) });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        await page.GotoAsync(path);
        await page.Locator("[data-interactive='true']").WaitForAsync();
        // The input pane's script (size reports, paste and drop handling) is attached after the first interactive render.
        await page.Locator("#la-log-input[data-attached='true']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        return page;
    }

    public async Task ScreenshotAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = false });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (App is not null)
        {
            await App.DisposeAsync();
        }

        if (Llm is not null)
        {
            await Llm.DisposeAsync();
        }
    }
}

/// <summary>The real app for the browser tests, its LLM pointed at the fake provider, no answer caching, no rate limits.</summary>
public sealed class KestrelApp(Uri llmBaseUrl) : WebApplicationFactory<Program>
{
    public const string ApiKey = "hf_BrowserTestKeyDoNotLeak0123456789";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseStaticWebAssets();
        builder.UseSetting("Llm:Enabled", "true");
        builder.UseSetting("Llm:BaseUrl", llmBaseUrl.ToString().TrimEnd('/'));
        builder.UseSetting("Llm:ApiKey", ApiKey);
        builder.UseSetting("Llm:Model", "fake/instruct-model");
        builder.UseSetting("Llm:TimeoutSeconds", "20");
        builder.UseSetting("Llm:MaxRetries", "0");
        builder.UseSetting("Llm:CircuitBreakSeconds", "1");
        builder.UseSetting("Llm:AccountFailureBreakSeconds", "0");
        builder.UseSetting("Llm:CacheMinutes", "0");
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        builder.UseSetting("RateLimiting:AnalysesPerMinute", "0");
        builder.UseSetting("RateLimiting:ConcurrentAnalyses", "0");
    }
}

/// <summary>
/// Browser tests run apart from the parallel ones: the app under test shares this process, and beside the scale-out,
/// storage and pipeline tests its circuit was starved past the 30 s expectations (a blank paste stuck at "Analyzing…").
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
