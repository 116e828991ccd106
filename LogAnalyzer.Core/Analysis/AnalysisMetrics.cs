using System.Diagnostics.Metrics;
using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Core.Analysis;

/// <summary>The pipeline's metrics (meter "LogAnalyzer"): analyses, records, stage durations, LLM outcomes, fallbacks, cache hits.</summary>
public sealed class AnalysisMetrics
{
    public const string MeterName = "LogAnalyzer";

    private readonly Counter<long> _analyses;
    private readonly Counter<long> _records;
    private readonly Counter<long> _lines;
    private readonly Histogram<double> _stageDuration;
    private readonly Counter<long> _llmCalls;
    private readonly Counter<long> _fallbacks;
    private readonly Counter<long> _cacheHits;

    public AnalysisMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _analyses = meter.CreateCounter<long>("loganalyzer.analyses", "{analysis}", "Analyses completed, by outcome.");
        _records = meter.CreateCounter<long>("loganalyzer.records.processed", "{record}", "Records produced by ingestion.");
        _lines = meter.CreateCounter<long>("loganalyzer.lines.processed", "{line}", "Input lines ingested.");
        _stageDuration = meter.CreateHistogram<double>("loganalyzer.stage.duration", "s", "Duration of each pipeline stage.");
        _llmCalls = meter.CreateCounter<long>("loganalyzer.llm.calls", "{call}", "Calls to the LLM provider, by analysis outcome.");
        _fallbacks = meter.CreateCounter<long>("loganalyzer.llm.fallbacks", "{analysis}", "Analyses where the rules answered for the LLM, by LLM status.");
        _cacheHits = meter.CreateCounter<long>("loganalyzer.llm.cache_hits", "{analysis}", "LLM answers served from the cache.");
    }

    public void Ingested(int lines, int records)
    {
        _lines.Add(lines);
        _records.Add(records);
    }

    public void StageCompleted(AnalysisStage stage, TimeSpan duration) =>
        _stageDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("stage", StageName(stage)));

    public void Completed(string outcome) =>
        _analyses.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void LlmFinished(LlmReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var status = new KeyValuePair<string, object?>("status", StatusName(report.Status));
        if (report.Calls > 0)
        {
            _llmCalls.Add(report.Calls, status);
        }

        if (report.Status == LlmStatus.Cached)
        {
            _cacheHits.Add(1);
        }
        else if (report.Status is not LlmStatus.Succeeded and not LlmStatus.Disabled)
        {
            _fallbacks.Add(1, status);
        }
    }

    private static string StageName(AnalysisStage stage) => stage switch
    {
        AnalysisStage.Records => "records",
        AnalysisStage.Patterns => "patterns",
        AnalysisStage.Groups => "groups",
        AnalysisStage.RulesInsights => "rulesInsights",
        AnalysisStage.LlmInsights => "llmInsights",
        _ => "completed",
    };

    private static string StatusName(LlmStatus status) =>
        System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(status.ToString());
}
