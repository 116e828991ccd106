namespace LogAnalyzer.Core.Model;

/// <summary>
/// Bounds of an <see cref="Insight"/> that every source respects: the rules produce insights within them and the
/// LLM answer is validated against them, so both fill the one schema the same way.
/// </summary>
public static class InsightLimits
{
    /// <summary>Longest quote of a cited line.</summary>
    public const int MaxQuoteLength = 160;

    /// <summary>Longest <see cref="Insight.ProbableCause"/>.</summary>
    public const int MaxCauseLength = 600;

    /// <summary>Longest item of a list (missing context, investigation step, mitigation).</summary>
    public const int MaxItemLength = 300;

    /// <summary>Most evidence lines per insight.</summary>
    public const int MaxEvidence = 8;

    /// <summary>Most items per list (missing context, investigation steps, mitigations).</summary>
    public const int MaxItems = 8;

    /// <summary>The rule name of an insight built from facts when no known signature matched.</summary>
    public const string GenericRule = "generic";
}
