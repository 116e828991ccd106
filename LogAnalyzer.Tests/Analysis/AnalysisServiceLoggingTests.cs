using System.Diagnostics;
using LogAnalyzer.Core.Analysis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace LogAnalyzer.Tests.Analysis;

public sealed class AnalysisServiceLoggingTests
{
    [Fact]
    public async Task Analyze_EveryLogEvent_CarriesAnalysisIdAndTraceId()
    {
        var collector = new FakeLogCollector();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddLogging(b => b.AddProvider(new FakeLoggerProvider(collector)).SetMinimumLevel(LogLevel.Debug))
            .AddLogAnalyzerCore();
        await using var provider = services.BuildServiceProvider();
        using var activity = new Activity("request").Start();

        await using var scope = provider.CreateAsyncScope();
        var document = await scope.ServiceProvider.GetRequiredService<AnalysisService>()
            .AnalyzeAsync(AnalysisRequest.FromText("2026-03-02 10:14:07 ERROR boom\n"), CancellationToken.None);

        var events = collector.GetSnapshot().Where(r => r.Category == typeof(AnalysisService).FullName).ToList();
        Assert.NotEmpty(events);
        foreach (var record in events)
        {
            var scopeValues = record.Scopes.OfType<IEnumerable<KeyValuePair<string, object>>>().SelectMany(s => s).ToList();
            Assert.Contains(scopeValues, kv => kv.Key == "AnalysisId" && (string)kv.Value == document.Id);
            Assert.Contains(scopeValues, kv => kv.Key == "TraceId" && (string)kv.Value == activity.TraceId.ToHexString());
        }
    }
}
