using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LogAnalyzer.Core.Analysis;
using LogAnalyzer.Core.Llm;
using LogAnalyzer.Core.Model;
using LogAnalyzer.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Tests.Llm;

/// <summary>
/// The rules answer always comes back: the analysis budget is derived from (or checked against) the LLM budget, and an
/// LLM stage that runs out of time ends the LLM stage, never the analysis.
/// </summary>
public sealed class LlmBudgetTests
{
    private const string Log =
        "2026-03-02 10:14:07,120 ERROR [pool-1] app.Db - Connection refused to db-primary:5432\n" +
        "2026-03-02 10:14:09,001 ERROR [pool-1] app.Db - Connection refused to db-primary:5432\n" +
        "2026-03-02 10:14:10,001 WARN  [main] app.Web - Slow request GET /orders took 5000 ms\n";

    [Fact]
    public async Task Start_AnalysisBudgetShorterThanLlmBudget_RefusesNamingBothSettings()
    {
        await using var host = LlmTestHost.Create(null, new Dictionary<string, string?>
        {
            ["Llm:TimeoutSeconds"] = "200", ["Analysis:TimeoutSeconds"] = "180",
        });

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<AnalysisOptions>>().Value);

        Assert.Contains("Analysis:TimeoutSeconds (180 s)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Llm:TimeoutSeconds (200 s)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_AnalysisBudgetUnset_IsDerivedFromTheLlmBudget()
    {
        await using var host = LlmTestHost.Create(null, new Dictionary<string, string?> { ["Llm:TimeoutSeconds"] = "200" });

        var options = host.Services.GetRequiredService<IOptions<AnalysisOptions>>().Value;

        Assert.Equal(TimeSpan.FromSeconds(200 + AnalysisOptions.DerivedHeadroomSeconds), options.Timeout);
    }

    [Fact]
    public async Task Start_DefaultBudgets_KeepTheDocumented180Seconds()
    {
        await using var host = LlmTestHost.Create(null, new Dictionary<string, string?> { ["Llm:TimeoutSeconds"] = null });

        Assert.Equal(TimeSpan.FromSeconds(180), host.Services.GetRequiredService<IOptions<AnalysisOptions>>().Value.Timeout);
    }

    [Fact]
    public async Task Api_ProviderNeverAnswers_Answers200WithRulesAndTimedOutLlm()
    {
        await using var fake = await FakeLlmServer.StartAsync();
        fake.Scenario = FakeLlmScenario.Hang;
        await using var app = new AppFactory(new Dictionary<string, string?>
        {
            ["Llm:BaseUrl"] = fake.BaseUrl.ToString().TrimEnd('/'),
            ["Llm:ApiKey"] = LlmTestHost.ApiKey,
            ["Llm:TimeoutSeconds"] = "2",
            ["Llm:RetryBaseDelaySeconds"] = "0.02",
            ["RateLimiting:AnalysesPerMinute"] = "0",
        });
        using var client = app.CreateClient();
        var clock = Stopwatch.StartNew();

        using var response = await client.PostAsJsonAsync("/api/v1/analyses", new { text = Log, useLlm = true, includeRecords = false });

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
        using var json = JsonDocument.Parse(body);
        var llm = json.RootElement.GetProperty("llm");
        Assert.Equal("timedOut", llm.GetProperty("status").GetString());
        Assert.Contains("Llm:TimeoutSeconds", llm.GetProperty("fallbackReason").GetString(), StringComparison.Ordinal);
        Assert.True(llm.GetProperty("calls").GetInt32() >= 1, body);
        var insights = json.RootElement.GetProperty("insights").EnumerateArray().ToList();
        Assert.NotEmpty(insights);
        Assert.All(insights, i => Assert.Equal("rules", i.GetProperty("source").GetString()));
        Assert.DoesNotContain(LlmTestHost.ApiKey, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_LlmStageIgnoringItsBudget_IsStoppedAndTheRulesAnswer()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Llm:Enabled"] = "false", ["Analysis:TimeoutSeconds"] = "6",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(b => b.ClearProviders());
        services.AddLogAnalyzerCore();
        services.AddSingleton<ILlmInsightService, NeverAnswers>();
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var analysis = scope.ServiceProvider.GetRequiredService<AnalysisService>();
        var clock = Stopwatch.StartNew();

        var document = await analysis.AnalyzeAsync(new AnalysisRequest { Text = Log, UseLlm = true });

        Assert.Equal(LlmStatus.TimedOut, document.Llm.Status);
        Assert.Contains("Analysis:TimeoutSeconds", document.Llm.FallbackReason, StringComparison.Ordinal);
        Assert.NotEmpty(document.Insights);
        Assert.All(document.Insights, i => Assert.Equal(InsightSource.Rules, i.Source));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5.5), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Explain_StageBudgetExpiresDuringRetryWait_CountsTheAttemptsMade()
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.Scenario = FakeLlmScenario.Hang;
        await using var host = LlmTestHost.Create(server.BaseUrl, new Dictionary<string, string?>
        {
            // A 1.5 s attempt inside a 6 s stage: long enough for the first request to reach the server on a busy CI
            // machine (with 2 s / 0.5 s it sometimes had not), while the 30 s retry wait still outlasts the stage.
            ["Llm:TimeoutSeconds"] = "6", ["Llm:AttemptTimeoutFraction"] = "0.25", ["Llm:RetryBaseDelaySeconds"] = "30",
        });

        var (result, _) = await LlmScenarioRunner.RunAsync(host, LlmFixtures.Spring());

        Assert.Equal(LlmStatus.TimedOut, result.Report.Status);
        Assert.True(server.CallCount >= 1);
        Assert.Equal(server.CallCount, result.Report.Calls);
    }

    /// <summary>A stage that ignores every budget of its own and only stops when cancelled.</summary>
    private sealed class NeverAnswers : ILlmInsightService
    {
        public bool IsConfigured => true;

        public string? Model => "never/answers";

        public async Task<LlmStageResult> ExplainAsync(LlmStageInput input, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            throw new UnreachableException();
        }
    }
}
