using LogAnalyzer.Core.Analysis;
using LogAnalyzer.Core.Llm;
using LogAnalyzer.Core.Model;
using LogAnalyzer.Tests.Support;
using NJsonSchema;

namespace LogAnalyzer.Tests.Llm;

/// <summary>Runs the LLM stage on fixture groups and assembles the analysis document the way AnalysisService does.</summary>
internal static class LlmScenarioRunner
{
    private static readonly Lazy<Task<JsonSchema>> Schema = new(() => JsonSchema.FromJsonAsync(AnalysisSchema.Json));

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
    public static async Task AssertSchemaValidAsync(AnalysisDocument document)
    {
        var schema = await Schema.Value;
        var errors = schema.Validate(AnalysisJson.Serialize(document));
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => e.ToString())));
    }
}
