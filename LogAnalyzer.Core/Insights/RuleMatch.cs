namespace LogAnalyzer.Core.Insights;

/// <summary>
/// The rule that explains a group: how strongly it matched, the hits in record text that show it (for evidence),
/// the exception type it matched (if any), and the share of examined records that carry the signature.
/// <see cref="Innermost"/>: the signature is in the deepest cause of an exception chain; <see cref="CauseHits"/>: hits on
/// "Caused by" lines, cited first.
/// </summary>
internal sealed record RuleMatch(InsightRule Rule, MatchStrength Strength, IReadOnlyList<TermHit> Hits, string? ExceptionType, double Coverage)
{
    public bool Innermost { get; init; }

    public IReadOnlyList<TermHit> CauseHits { get; init; } = [];
}
