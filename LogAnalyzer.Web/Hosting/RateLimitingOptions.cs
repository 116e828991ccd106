using System.ComponentModel.DataAnnotations;

namespace LogAnalyzer.Web.Hosting;

/// <summary>Section "RateLimiting": per-client limits on analyses (API and page alike). 0 turns a limit off.</summary>
public sealed class RateLimitingOptions
{
    public const string SectionName = "RateLimiting";

    [Range(0, 100_000)]
    public int AnalysesPerMinute { get; set; } = 60;

    [Range(0, 1_000)]
    public int ConcurrentAnalyses { get; set; } = 4;

    /// <summary>The limits in words, for the page and for 429 answers.</summary>
    public string Describe() => (AnalysesPerMinute, ConcurrentAnalyses) switch
    {
        (0, 0) => "No rate limits are configured.",
        (0, var c) => $"Each client may run {c} analyses at the same time.",
        (var m, 0) => $"Each client may start {m} analyses per minute.",
        var (m, c) => $"Each client may start {m} analyses per minute, {c} at the same time.",
    };
}
