using LogAnalyzer.Core.Analysis;

namespace LogAnalyzer.Web.Components.Analysis;

/// <summary>One row of the stage progress list.</summary>
public sealed record StageStatus(AnalysisStage Stage, string Label, StageState State, TimeSpan? Elapsed = null, string? Note = null)
{
    /// <summary>The stages a run shows, in order, all waiting.</summary>
    public static IReadOnlyList<StageStatus> Initial(bool useLlm) =>
    [
        new(AnalysisStage.Records, "Records", StageState.Waiting),
        new(AnalysisStage.Patterns, "Patterns", StageState.Waiting),
        new(AnalysisStage.Groups, "Error groups", StageState.Waiting),
        new(AnalysisStage.RulesInsights, "Rules insights", StageState.Waiting),
        new(AnalysisStage.LlmInsights, "LLM insights", useLlm ? StageState.Waiting : StageState.Skipped, Note: useLlm ? null : "off"),
    ];
}
