using System.Collections.Concurrent;
using System.Net;
using LogAnalyzer.Tests.Support;
using LogAnalyzer.Web.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using Serilog.Core;
using Serilog.Events;

namespace LogAnalyzer.Tests.Web;

/// <summary>Issue 13's small truthful facts on the hosting side: favicon, toast placement, the console's request lines.</summary>
public sealed class PageFactsTests
{
    [Fact]
    public async Task Favicon_IsServed_AsAnIcon_AndThePageLinksIt()
    {
        await using var factory = new AppFactory(new Dictionary<string, string?>());
        using var client = factory.CreateClient();

        using var icon = await client.GetAsync("/favicon.ico");
        var page = await client.GetStringAsync("/");

        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.StartsWith("image/", icon.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        var bytes = await icon.Content.ReadAsByteArrayAsync();
        Assert.True(bytes.Length > 6, "not empty");
        Assert.Equal(new byte[] { 0, 0, 1, 0 }, bytes[..4]); // an ICO header: reserved 0, type 1 (icon)
        Assert.Contains("rel=\"icon\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public void Toasts_SitAtTheBottomCentre_Briefly_AwayFromThePaneHeaders()
    {
        var configuration = new MudServicesConfiguration();

        WebApplicationExtensions.ConfigureSnackbar(configuration);

        Assert.Equal(Defaults.Classes.Position.BottomCenter, configuration.SnackbarConfiguration.PositionClass);
        Assert.InRange(configuration.SnackbarConfiguration.VisibleStateDuration, 1000, 3000);
    }

    [Fact]
    public async Task RequestLines_GoThroughTheHostsLogger_NotTheBootstrapJsonLogger()
    {
        var sink = new CapturingSink();
        await using var factory = new AppFactory(new Dictionary<string, string?>());
        await using var app = factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<ILogEventSink>(sink)));
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The middleware writes its line once the response is complete, which the client may see first.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!sink.Events.Any(IsRequestLine) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Contains(sink.Events, IsRequestLine);

        static bool IsRequestLine(LogEvent e) =>
            e.MessageTemplate.Text.StartsWith("HTTP {RequestMethod} {RequestPath} responded", StringComparison.Ordinal)
            && e.Properties.TryGetValue("RequestPath", out var path) && path.ToString() == "\"/health/live\"";
    }

    [Theory]
    [InlineData("Development", true)]
    [InlineData("development", true)]
    [InlineData("Production", false)]
    [InlineData(null, false)]
    public void BootstrapLogger_IsHumanReadable_InDevelopmentOnly(string? environment, bool human) =>
        Assert.Equal(human, SerilogSetup.IsDevelopment(environment));

    private sealed class CapturingSink : ILogEventSink
    {
        public ConcurrentQueue<LogEvent> Events { get; } = new();

        public void Emit(LogEvent logEvent) => Events.Enqueue(logEvent);
    }
}
