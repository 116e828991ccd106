using System.ComponentModel.DataAnnotations;

namespace LogAnalyzer.Web.Hosting;

/// <summary>
/// Section "RateLimiting": per-client limits on analyses (API, prompt preview and page alike), the server-wide gate
/// on analyses running at once, and the throttle on failed sign-ins. 0 turns a per-client limit off.
/// </summary>
public sealed class RateLimitingOptions
{
    public const string SectionName = "RateLimiting";

    [Range(0, 100_000)]
    public int AnalysesPerMinute { get; set; } = 60;

    [Range(0, 1_000)]
    public int ConcurrentAnalyses { get; set; } = 4;

    /// <summary>
    /// Analyses running at once on the whole server, whoever asks (each can take up to the documented per-analysis
    /// memory budget, so this is what sizes the container). 0 turns the gate off.
    /// </summary>
    [Range(0, 1_000)]
    public int ServerConcurrentAnalyses { get; set; } = 2;

    /// <summary>Analyses waiting for the server gate (oldest first) before new ones get 503 + Retry-After.</summary>
    [Range(0, 10_000)]
    public int ServerQueueLimit { get; set; } = 64;

    /// <summary>
    /// After an analysis of at least this many input bytes, once no analysis is running, the GC compacts and gives the
    /// heap back to the OS (one aggressive collection). 0 turns it off.
    /// </summary>
    [Range(0, long.MaxValue)]
    public long ReturnMemoryAfterBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Dashboard tabs (circuits) one client may have open at once; a tab over the cap may not analyse. 0: no cap.</summary>
    [Range(0, 1_000)]
    public int CircuitsPerClient { get; set; } = 8;

    /// <summary>Failed sign-ins / wrong API keys per client per minute before 429 + Retry-After. 0 turns it off.</summary>
    [Range(0, 100_000)]
    public int FailedAuthenticationsPerMinute { get; set; } = 10;

    /// <summary>The limits in words, for the page and for 429 answers.</summary>
    public string Describe() => (AnalysesPerMinute, ConcurrentAnalyses) switch
    {
        (0, 0) => "No rate limits are configured.",
        (0, var c) => $"Each client may run {c} analyses at the same time.",
        (var m, 0) => $"Each client may start {m} analyses per minute.",
        var (m, c) => $"Each client may start {m} analyses per minute, {c} at the same time.",
    };
}
