using System.ComponentModel.DataAnnotations;

namespace LogAnalyzer.Core.Analysis;

/// <summary>
/// The <c>Analysis</c> configuration section: the whole-analysis budget (API request timeout). Unset, it is derived
/// from the LLM budget (<c>Llm:TimeoutSeconds</c> + <see cref="DerivedHeadroomSeconds"/>) so the rules answer always
/// comes back when the LLM stage runs out of time; set, it must leave at least <see cref="MinimumHeadroomSeconds"/>
/// over the LLM budget or the app refuses to start, naming both settings.
/// </summary>
public sealed class AnalysisOptions
{
    public const string SectionName = "Analysis";

    /// <summary>Added to <c>Llm:TimeoutSeconds</c> when <see cref="TimeoutSeconds"/> is not set (120 + 60 = 180 by default).</summary>
    public const double DerivedHeadroomSeconds = 60;

    /// <summary>The least an explicit <see cref="TimeoutSeconds"/> must exceed <c>Llm:TimeoutSeconds</c> by.</summary>
    public const double MinimumHeadroomSeconds = 10;

    /// <summary>What the pipeline keeps back from the analysis budget to answer with the rules after stopping the LLM stage.</summary>
    internal static readonly TimeSpan AnswerReserve = TimeSpan.FromSeconds(5);

    /// <summary>Whole-analysis budget in seconds (the API's request timeout); null derives it from <c>Llm:TimeoutSeconds</c>.</summary>
    [Range(1, 7200)]
    public double? TimeoutSeconds { get; set; }

    /// <summary>The effective budget (after post-configuration <see cref="TimeoutSeconds"/> is always set).</summary>
    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds ?? (new Llm.LlmOptions().TimeoutSeconds + DerivedHeadroomSeconds));
}
