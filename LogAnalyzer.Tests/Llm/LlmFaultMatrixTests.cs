using LogAnalyzer.Core.Model;
using LogAnalyzer.Tests.Support;

namespace LogAnalyzer.Tests.Llm;

/// <summary>
/// Every provider behaviour of the fault matrix, over real loopback HTTP: the analysis completes, validates against
/// the analysis schema, is flagged with the right status, and every group keeps an insight (LLM or rules).
/// </summary>
public sealed class LlmFaultMatrixTests
{
    public static TheoryData<FakeLlmScenario, LlmStatus, int, int> Matrix => new()
    {
        // scenario, expected status, expected HTTP attempts (calls), expected LLM insights
        { FakeLlmScenario.ValidJson, LlmStatus.Succeeded, 1, 3 },
        { FakeLlmScenario.CodeFence, LlmStatus.Succeeded, 1, 3 },
        { FakeLlmScenario.ThinkBlock, LlmStatus.Succeeded, 1, 3 },
        { FakeLlmScenario.Prose, LlmStatus.InvalidOutput, 2, 0 },
        { FakeLlmScenario.TruncatedLength, LlmStatus.InvalidOutput, 1, 0 },
        { FakeLlmScenario.SchemaInvalid, LlmStatus.InvalidOutput, 2, 0 },
        { FakeLlmScenario.InvalidThenValid, LlmStatus.Succeeded, 2, 3 },
        { FakeLlmScenario.HallucinatedIds, LlmStatus.Partial, 1, 1 },
        { FakeLlmScenario.SelfMerge, LlmStatus.Partial, 1, 3 },
        { FakeLlmScenario.ValidMerge, LlmStatus.Succeeded, 1, 3 },
        { FakeLlmScenario.RateLimitedWithRetryAfter, LlmStatus.RateLimited, 1, 0 },
        { FakeLlmScenario.RateLimitedWithoutRetryAfter, LlmStatus.RateLimited, 3, 0 },
        { FakeLlmScenario.QuotaExhausted429, LlmStatus.Failed, 1, 0 },
        { FakeLlmScenario.ModelLoadingThenSuccess, LlmStatus.Succeeded, 2, 3 },
        { FakeLlmScenario.ServerErrorHtml, LlmStatus.Failed, 3, 0 },
        { FakeLlmScenario.BadGateway, LlmStatus.Failed, 3, 0 },
        { FakeLlmScenario.GatewayTimeout, LlmStatus.Failed, 3, 0 },
        { FakeLlmScenario.BadRequest, LlmStatus.Failed, 1, 0 },
        { FakeLlmScenario.Unauthorized, LlmStatus.Failed, 1, 0 },
        { FakeLlmScenario.PaymentRequired, LlmStatus.Failed, 1, 0 },
        { FakeLlmScenario.NotFound, LlmStatus.Failed, 1, 0 },
        { FakeLlmScenario.DropConnection, LlmStatus.Failed, 3, 0 },
        { FakeLlmScenario.EmptyChoices, LlmStatus.InvalidOutput, 1, 0 },
        { FakeLlmScenario.GenerationFailedThenSuccess, LlmStatus.Succeeded, 2, 3 },
        { FakeLlmScenario.GenerationFailed, LlmStatus.Failed, 2, 0 },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Explain_ProviderScenario_CompletesFlaggedAndSchemaValid(FakeLlmScenario scenario, LlmStatus status, int calls, int llmInsights)
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.Scenario = scenario;
        await using var host = LlmTestHost.Create(server.BaseUrl);
        var input = LlmFixtures.Spring();

        var (result, document) = await LlmScenarioRunner.RunAsync(host, input);

        Assert.Equal(status, result.Report.Status);
        Assert.Equal(calls, result.Report.Calls);
        Assert.Equal(calls, server.CallCount);
        Assert.Equal(llmInsights, result.Insights.Count);
        Assert.All(result.Insights, i => Assert.Equal(InsightSource.Llm, i.Source));
        Assert.Equal(input.Groups.Count, document.Insights.Count);
        Assert.Equal(input.Groups.Select(g => g.Id).Order(), document.Insights.Select(i => i.GroupId).Order());
        Assert.Equal(llmInsights, document.Insights.Count(i => i.Source == InsightSource.Llm));
        Assert.Equal("meta-llama/Llama-3.1-8B-Instruct", result.Report.Model);
        Assert.True(result.Report.DurationMs >= 0);
        if (status != LlmStatus.Succeeded)
        {
            Assert.False(string.IsNullOrWhiteSpace(result.Report.FallbackReason));
        }

        Assert.DoesNotContain(LlmTestHost.ApiKey, result.Report.FallbackReason ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain("<html", result.Report.FallbackReason ?? "", StringComparison.OrdinalIgnoreCase);
        Assert.All(server.RequestHeaders, h => Assert.Equal("Bearer " + LlmTestHost.ApiKey, h["authorization"]));
        await LlmScenarioRunner.AssertSchemaValidAsync(document);
    }

    [Fact]
    public async Task Explain_ValidAnswer_CitesOnlyShownLinesWithOurQuotes()
    {
        await using var server = await FakeLlmServer.StartAsync();
        await using var host = LlmTestHost.Create(server.BaseUrl);
        var input = LlmFixtures.Spring();

        var (result, _) = await LlmScenarioRunner.RunAsync(host, input);

        Assert.Equal(LlmStatus.Succeeded, result.Report.Status);
        Assert.Null(result.Report.FallbackReason);
        Assert.True(result.Report.PromptTokens > 0);
        Assert.True(result.Report.CompletionTokens > 0);
        foreach (var insight in result.Insights)
        {
            Assert.NotEmpty(insight.Evidence);
            foreach (var evidence in insight.Evidence)
            {
                var record = input.Records.Single(r => r.LineStart <= evidence.Line && evidence.Line <= r.LineEnd);
                Assert.Contains(evidence.Quote.TrimEnd('…'), record.Text, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Explain_HallucinatedIdsAndLines_DropsAndCountsThem()
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.Scenario = FakeLlmScenario.HallucinatedIds;
        await using var host = LlmTestHost.Create(server.BaseUrl);

        var (result, _) = await LlmScenarioRunner.RunAsync(host, LlmFixtures.Spring());

        Assert.Equal(2, result.Report.DroppedItems);
        Assert.Equal("A", Assert.Single(result.Insights).GroupId);
        Assert.Contains("ZZZ", result.Report.FallbackReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_SelfMerge_DropsTheMergeKeepsInsights()
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.Scenario = FakeLlmScenario.SelfMerge;
        await using var host = LlmTestHost.Create(server.BaseUrl);

        var (result, _) = await LlmScenarioRunner.RunAsync(host, LlmFixtures.Spring());

        Assert.Empty(result.Merges);
        Assert.Equal(1, result.Report.DroppedItems);
        Assert.Contains("itself", result.Report.FallbackReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_ValidMerge_IsProposedWithLlmSource()
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.Scenario = FakeLlmScenario.ValidMerge;
        await using var host = LlmTestHost.Create(server.BaseUrl);

        var (result, _) = await LlmScenarioRunner.RunAsync(host, LlmFixtures.Spring());

        var merge = Assert.Single(result.Merges);
        Assert.Equal(["A", "B"], merge.GroupIds);
        Assert.Equal(InsightSource.Llm, merge.Source);
    }

    [Fact]
    public async Task Explain_RetryAfterLongerThanCap_FallsBackAtOnceAndSaysWhen()
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.Scenario = FakeLlmScenario.RateLimitedWithRetryAfter;
        await using var host = LlmTestHost.Create(server.BaseUrl);

        var (result, _) = await LlmScenarioRunner.RunAsync(host, LlmFixtures.Spring());

        Assert.Equal(1, server.CallCount);
        Assert.Equal(1, result.Report.RetryAfterSeconds);
        Assert.Contains("try again after", result.Report.FallbackReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_RetryAfterWithinCap_WaitsAndRetries()
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.Scenario = FakeLlmScenario.RateLimitedWithRetryAfter;
        await using var host = LlmTestHost.Create(server.BaseUrl, new Dictionary<string, string?>
        {
            ["Llm:RetryAfterCapSeconds"] = "5", ["Llm:TimeoutSeconds"] = "8", ["Llm:MaxRetries"] = "1",
        });
        var started = TimeProvider.System.GetTimestamp();

        var (result, _) = await LlmScenarioRunner.RunAsync(host, LlmFixtures.Spring());

        Assert.Equal(LlmStatus.RateLimited, result.Report.Status);
        Assert.Equal(2, server.CallCount);
        Assert.True(TimeProvider.System.GetElapsedTime(started) >= TimeSpan.FromSeconds(0.9), "the Retry-After of 1 s was not honoured");
    }

    [Fact]
    public async Task Explain_ProviderHangs_TimesOutWithinBudget()
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.Scenario = FakeLlmScenario.Hang;
        await using var host = LlmTestHost.Create(server.BaseUrl, new Dictionary<string, string?> { ["Llm:TimeoutSeconds"] = "2" });
        var input = LlmFixtures.Spring();
        var started = TimeProvider.System.GetTimestamp();

        var (result, document) = await LlmScenarioRunner.RunAsync(host, input);

        Assert.Equal(LlmStatus.TimedOut, result.Report.Status);
        var elapsed = TimeProvider.System.GetElapsedTime(started);
        Assert.True(elapsed < TimeSpan.FromSeconds(10), $"a 2 s budget against a provider that never answers took {elapsed}");
        Assert.InRange(server.CallCount, 1, 3);
        Assert.Empty(result.Insights);
        Assert.Contains("did not answer", result.Report.FallbackReason, StringComparison.Ordinal);
        await LlmScenarioRunner.AssertSchemaValidAsync(document);
    }

    [Fact]
    public async Task Explain_CallerCancels_PropagatesCancellationNotAFallback()
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.Scenario = FakeLlmScenario.Hang;
        await using var host = LlmTestHost.Create(server.BaseUrl, new Dictionary<string, string?> { ["Llm:TimeoutSeconds"] = "30" });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => LlmScenarioRunner.RunAsync(host, LlmFixtures.Spring(), cts.Token));
    }

    [Fact]
    public async Task Explain_DeadProvider_OpensCircuitAndNextAnalysisCostsNoCall()
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.Scenario = FakeLlmScenario.BadGateway;
        await using var host = LlmTestHost.Create(server.BaseUrl);

        var (first, _) = await LlmScenarioRunner.RunAsync(host, LlmFixtures.Spring());
        var callsAfterFirst = server.CallCount;
        var (second, document) = await LlmScenarioRunner.RunAsync(host, LlmFixtures.Spring());

        Assert.Equal(LlmStatus.Failed, first.Report.Status);
        Assert.True(host.Circuit.IsOpen);
        Assert.Equal(callsAfterFirst, server.CallCount);
        Assert.Equal(0, second.Report.Calls);
        Assert.Equal(LlmStatus.Failed, second.Report.Status);
        Assert.Contains("paused", second.Report.FallbackReason, StringComparison.Ordinal);
        Assert.NotNull(second.Report.RetryAfterSeconds);
        await LlmScenarioRunner.AssertSchemaValidAsync(document);
    }

    [Theory]
    [InlineData(FakeLlmScenario.Unauthorized, "API key")]
    [InlineData(FakeLlmScenario.PaymentRequired, "budget exhausted")]
    [InlineData(FakeLlmScenario.QuotaExhausted429, "budget exhausted")]
    public async Task Explain_AccountRefusal_ReportedAsSuchAndPausesCalls(FakeLlmScenario scenario, string words)
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.Scenario = scenario;
        await using var host = LlmTestHost.Create(server.BaseUrl);

        var (first, _) = await LlmScenarioRunner.RunAsync(host, LlmFixtures.Spring());
        var (second, _) = await LlmScenarioRunner.RunAsync(host, LlmFixtures.Spring());

        Assert.Contains(words, first.Report.FallbackReason, StringComparison.Ordinal);
        Assert.Equal(1, server.CallCount);
        Assert.Equal(0, second.Report.Calls);
        Assert.True(host.Circuit.IsOpen);
    }

    [Theory]
    [InlineData(FakeLlmScenario.NotFound, "404", "Llm__Model")]
    [InlineData(FakeLlmScenario.BadRequest, "400", "not supported")]
    [InlineData(FakeLlmScenario.ServerErrorHtml, "500", "HTML error page")]
    [InlineData(FakeLlmScenario.TruncatedLength, "cut off", "rambled")]
    [InlineData(FakeLlmScenario.ContextFull, "context is full", "Llm:MaxPromptTokens + Llm:MaxCompletionTokens")]
    [InlineData(FakeLlmScenario.EmptyChoices, "no choices", "rules")]
    public async Task Explain_Failure_ExplainedInPlainWords(FakeLlmScenario scenario, string first, string second)
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.Scenario = scenario;
        await using var host = LlmTestHost.Create(server.BaseUrl);

        var (result, _) = await LlmScenarioRunner.RunAsync(host, LlmFixtures.Spring());

        Assert.Contains(first, result.Report.FallbackReason, StringComparison.Ordinal);
        Assert.Contains(second, result.Report.FallbackReason, StringComparison.Ordinal);
    }
}
