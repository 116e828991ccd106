using LogAnalyzer.Core.Analysis;
using LogAnalyzer.Core.Llm;
using LogAnalyzer.Core.Model;
using LogAnalyzer.Tests.Support;

namespace LogAnalyzer.Tests.Llm;

/// <summary>Runs the LLM stage on fixture groups and assembles the analysis document the way AnalysisService does.</summary>
internal static class LlmScenarioRunner
{
    public static async Task<(LlmStageResult Result, AnalysisDocument Document)> RunAsync(
        LlmTestHost host, (List<ErrorGroup> Groups, List<LogRecord> Records, List<Insight> Rules) input, CancellationToken cancellationToken = default)
    {
        var result = await host.Llm.ExplainAsync(new LlmStageInput(input.Groups, input.Records, input.Rules), cancellationToken);
        var document = new AnalysisDocument
        {
            Id = "test",
            CreatedAt = DateTimeOffset.UnixEpoch,
            Summary = LlmFixtures.Summary(input.Records),
            Records = input.Records,
            Groups = input.Groups,
            Insights = AnalysisService.MergeInsights(input.Rules, result.Insights),
            Merges = result.Merges,
            Llm = result.Report,
        };
        return (result, document);
    }

    /// <summary>Asserts the whole document validates against the published analysis schema.</summary>
    public static Task AssertSchemaValidAsync(AnalysisDocument document)
    {
        var errors = SchemaErrors(AnalysisJson.Serialize(document));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        return Task.CompletedTask;
    }

    /// <summary>Where and why <paramref name="json"/> breaks the published analysis schema (JsonSchema.Net); empty when valid.</summary>
    public static IReadOnlyList<string> SchemaErrors(string json) => SchemaCheck.Errors(json);
}
