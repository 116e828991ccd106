namespace LogAnalyzer.Core.Insights;

/// <summary>
/// The rule that explains a group: how strongly it matched, the hits in record text that show it (for evidence),
/// the exception type it matched (if any), and the share of examined records that carry the signature.
/// </summary>
internal sealed record RuleMatch(InsightRule Rule, MatchStrength Strength, IReadOnlyList<TermHit> Hits, string? ExceptionType, double Coverage);
