namespace LogAnalyzer.Core.Model;

/// <summary>The whole analysis: what the API returns and the dashboard shows.</summary>
public sealed record AnalysisDocument
{
    public required string Id { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required InputSummary Summary { get; init; }

    /// <summary>Null when the caller asked for no records.</summary>
    public IReadOnlyList<LogRecord>? Records { get; init; }

    public IReadOnlyList<LogPattern> Patterns { get; init; } = [];

    public IReadOnlyList<ErrorGroup> Groups { get; init; } = [];

    /// <summary>Groups that share a cause, most important first.</summary>
    public IReadOnlyList<Incident> Incidents { get; init; } = [];

    public IReadOnlyList<Insight> Insights { get; init; } = [];

    public IReadOnlyList<MergeProposal> Merges { get; init; } = [];

    public required LlmReport Llm { get; init; }
}
