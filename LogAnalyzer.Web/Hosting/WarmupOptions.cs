namespace LogAnalyzer.Web.Hosting;

/// <summary>Section "Warmup": the start-up warm-up (<see cref="LogAnalyzer.Core.Analysis.PipelineWarmup"/>).</summary>
public sealed class WarmupOptions
{
    public const string SectionName = "Warmup";

    /// <summary>
    /// Analyse a built-in sample once after start-up (about a second of CPU, against an in-memory LLM), so the first
    /// analysis a person runs is not the one that pays for the JIT. On by default; off in tests that start many apps.
    /// </summary>
    public bool Enabled { get; set; } = true;
}
