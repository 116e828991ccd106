namespace LogAnalyzer.Core.Analysis;

/// <summary>Pipeline stages, in the order their results arrive.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(LogAnalyzer.Core.Model.CamelCaseEnumConverter<AnalysisStage>))]
public enum AnalysisStage
{
    Records = 0,
    Patterns,
    Groups,
    RulesInsights,
    LlmInsights,
    Completed,
}
