using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Core.Insights;

/// <summary>
/// A known failure signature and what to say about it. Data only: <see cref="RuleCatalogue"/> holds the list and
/// <see cref="RuleInsightProvider"/> matches it. In texts, <c>{exception}</c> becomes " (the matched exception
/// type)" or nothing, and <c>{target}</c> the remote endpoint named by the matched line or a neutral noun.
/// </summary>
public sealed record InsightRule
{
    /// <summary>Stable id reported as <see cref="Insight.Rule"/> ("timeout", "dns-failure", …).</summary>
    public required string Id { get; init; }

    /// <summary>Higher wins when several rules match: the most specific signature gets the highest priority.</summary>
    public required int Priority { get; init; }

    /// <summary>The kind of cause this signature names (the taxonomy of <see cref="Model.CauseCategory"/>).</summary>
    public CauseCategory Category { get; init; }

    /// <summary>
    /// True when the signature is usually a symptom of another failure (a timeout, an exhausted pool, a 5xx): a cause
    /// signature found in the same group (deepest exception cause first) explains it better.
    /// </summary>
    public bool Symptom { get; init; }

    /// <summary>Confidence when the signature is in the exception chain (text-only matches get a little less).</summary>
    public required double Confidence { get; init; }

    /// <summary>Substrings of exception type names, matched over the whole cause chain.</summary>
    public IReadOnlyList<MatchTerm> ExceptionTypes { get; init; } = [];

    /// <summary>Signatures over messages, template, samples and the records' text.</summary>
    public IReadOnlyList<TextSignature> Text { get; init; } = [];

    /// <summary>Terms that rule this signature out (another rule explains them better).</summary>
    public IReadOnlyList<MatchTerm> Excludes { get; init; } = [];

    /// <summary>Only groups of at least this severity match (null: any).</summary>
    public Severity? MinSeverity { get; init; }

    /// <summary>Noun for the remote side when no endpoint is named ("the remote endpoint").</summary>
    public string TargetNoun { get; init; } = "the remote endpoint";

    public required string ProbableCause { get; init; }

    public IReadOnlyList<string> SuggestedInvestigation { get; init; } = [];

    public IReadOnlyList<string> Mitigation { get; init; } = [];

    /// <summary>Context the investigator needs; each is checked against the records before it is reported.</summary>
    public ContextNeed Needs { get; init; }

    /// <summary>Which configuration matters, for <see cref="ContextNeed.Configuration"/>.</summary>
    public string? ConfigurationHint { get; init; }

    /// <summary>Which metrics matter, for <see cref="ContextNeed.ResourceMetrics"/>.</summary>
    public string? MetricsHint { get; init; }
}
