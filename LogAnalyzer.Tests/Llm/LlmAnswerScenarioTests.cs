using System.Text.Json;
using LogAnalyzer.Core.Model;
using LogAnalyzer.Tests.Support;

namespace LogAnalyzer.Tests.Llm;

/// <summary>
/// Validation that is neither gullible nor wasteful, bounded answers, and the right advice, against the fake provider
/// over real loopback HTTP.
/// </summary>
public sealed class LlmAnswerScenarioTests
{
    [Fact]
    public async Task Explain_OneBadEvidenceLine_KeepsTheGroupAnswerWithItsGoodLines_Partial()
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.Scenario = FakeLlmScenario.OneBadEvidenceLine;
        await using var host = LlmTestHost.Create(server.BaseUrl);

        var (result, _) = await LlmScenarioRunner.RunAsync(host, LlmFixtures.Spring());

        Assert.Equal(LlmStatus.Partial, result.Report.Status);
        Assert.Equal(3, result.Insights.Count);
        Assert.Equal(1, result.Report.DroppedItems);
        Assert.DoesNotContain(result.Insights.SelectMany(i => i.Evidence), e => e.Line == 987_654);
        Assert.NotEmpty(result.Insights[0].Evidence);
        Assert.Contains("987654", result.Report.FallbackReason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(FakeLlmScenario.JunkMergeReason, "not language")]
    [InlineData(FakeLlmScenario.MergeWithoutEvidence, "needs evidence")]
    public async Task Explain_MergeWithJunkReasonOrNoEvidence_IsDropped(FakeLlmScenario scenario, string why)
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.Scenario = scenario;
        await using var host = LlmTestHost.Create(server.BaseUrl);

        var (result, _) = await LlmScenarioRunner.RunAsync(host, LlmFixtures.Spring());

        Assert.Empty(result.Merges);
        Assert.Equal(LlmStatus.Partial, result.Report.Status);
        Assert.Equal(3, result.Insights.Count);
        Assert.Contains(why, result.Report.FallbackReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_LoneSchemaValidMerge_DoesNotSuppressTheRepairRound()
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.Scenario = FakeLlmScenario.LoneMergeThenValid;
        await using var host = LlmTestHost.Create(server.BaseUrl);

        var (result, _) = await LlmScenarioRunner.RunAsync(host, LlmFixtures.Spring());

        Assert.Equal(2, server.CallCount);
        Assert.Equal(LlmStatus.Succeeded, result.Report.Status);
        Assert.Equal(3, result.Insights.Count);
    }

    [Fact]
    public async Task Explain_NoInsightAccepted_IsNeverPartial()
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.Scenario = FakeLlmScenario.SchemaInvalid;
        await using var host = LlmTestHost.Create(server.BaseUrl);

        var (result, _) = await LlmScenarioRunner.RunAsync(host, LlmFixtures.Spring());

        Assert.Empty(result.Insights);
        Assert.Equal(LlmStatus.InvalidOutput, result.Report.Status);
    }

    [Fact]
    public async Task Explain_RepairRound_SendsTheRejectedReplyAndWhatWasWrong()
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.Scenario = FakeLlmScenario.InvalidThenValid;
        await using var host = LlmTestHost.Create(server.BaseUrl);

        await LlmScenarioRunner.RunAsync(host, LlmFixtures.Spring());

        Assert.Equal(2, server.RequestBodies.Count);
        using var repair = JsonDocument.Parse(server.RequestBodies[1]);
        var messages = repair.RootElement.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["system", "user", "assistant", "user"], messages.Select(m => m.GetProperty("role").GetString()));
        Assert.Contains("\"cause\":\"database down\"", messages[2].GetProperty("content").GetString(), StringComparison.Ordinal);
        var feedback = messages[3].GetProperty("content").GetString()!;
        Assert.Contains("rejected", feedback, StringComparison.Ordinal);
        Assert.Contains("schema", feedback, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_RamblingModel_BoundedSchemaStopsIt()
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.Scenario = FakeLlmScenario.Rambling;
        await using var host = LlmTestHost.Create(server.BaseUrl);

        var (result, _) = await LlmScenarioRunner.RunAsync(host, LlmFixtures.Spring());

        Assert.Equal(LlmStatus.Succeeded, result.Report.Status);
        Assert.Equal(1, server.CallCount);
    }

    [Fact]
    public async Task Explain_RamblingModel_WithoutBounds_IsRejectedByTheValidator()
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.Scenario = FakeLlmScenario.Rambling;
        await using var host = LlmTestHost.Create(server.BaseUrl, new Dictionary<string, string?> { ["Llm:BoundedSchema"] = "false" });

        var (result, _) = await LlmScenarioRunner.RunAsync(host, LlmFixtures.Spring());

        Assert.Equal(LlmStatus.InvalidOutput, result.Report.Status);
        Assert.Contains("longer than 600", result.Report.FallbackReason, StringComparison.Ordinal);
        Assert.DoesNotContain("maxLength", server.RequestBodies[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_StrictProviderRejectingBounds_SaysToTurnThemOff_AndWorksWithoutThem()
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.Scenario = FakeLlmScenario.StrictRejectsBounds;
        await using (var bounded = LlmTestHost.Create(server.BaseUrl))
        {
            var (refused, _) = await LlmScenarioRunner.RunAsync(bounded, LlmFixtures.Spring());

            Assert.Equal(LlmStatus.Failed, refused.Report.Status);
            Assert.Contains("Llm__BoundedSchema=false", refused.Report.FallbackReason, StringComparison.Ordinal);
        }

        await using var plain = LlmTestHost.Create(server.BaseUrl, new Dictionary<string, string?> { ["Llm:BoundedSchema"] = "false" });
        var (result, _) = await LlmScenarioRunner.RunAsync(plain, LlmFixtures.Spring());

        Assert.Equal(LlmStatus.Succeeded, result.Report.Status);
    }

    [Fact]
    public async Task Explain_LimitTooSmallForTheGroups_AdvisesRaisingIt()
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.Scenario = FakeLlmScenario.TruncatedLength;
        await using var host = LlmTestHost.Create(server.BaseUrl, new Dictionary<string, string?> { ["Llm:MaxCompletionTokens"] = "300" });

        var (result, _) = await LlmScenarioRunner.RunAsync(host, LlmFixtures.Spring());

        Assert.Contains("raise Llm:MaxCompletionTokens", result.Report.FallbackReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_RamblingToTheLimit_DoesNotAdviseRaisingIt()
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.Scenario = FakeLlmScenario.TruncatedLength;
        await using var host = LlmTestHost.Create(server.BaseUrl);

        var (result, _) = await LlmScenarioRunner.RunAsync(host, LlmFixtures.Spring());

        Assert.DoesNotContain("raise Llm:MaxCompletionTokens", result.Report.FallbackReason, StringComparison.Ordinal);
        Assert.Contains("BoundedSchema", result.Report.FallbackReason, StringComparison.Ordinal);
    }
}
