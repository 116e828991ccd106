using System.Diagnostics;
using System.Runtime.CompilerServices;
using FluentValidation;
using LogAnalyzer.Core.Grouping;
using LogAnalyzer.Core.Ingestion;
using LogAnalyzer.Core.Insights;
using LogAnalyzer.Core.Llm;
using LogAnalyzer.Core.Model;
using LogAnalyzer.Core.Patterns;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Core.Analysis;

/// <summary>
/// Runs normalize → cluster → group → rules → LLM → validate → fallback, yielding the document after each stage.
/// Scoped: one per circuit or request.
/// </summary>
public sealed partial class AnalysisService(
    LogIngestor ingestor,
    PatternClusterer clusterer,
    ErrorGrouper grouper,
    RuleInsightProvider rules,
    ILlmInsightService llm,
    IValidator<AnalysisRequest> validator,
    IOptions<IngestionOptions> ingestionOptions,
    AnalysisMetrics metrics,
    TimeProvider timeProvider,
    ILogger<AnalysisService> logger)
{
    /// <summary>True when an LLM provider is configured.</summary>
    public bool LlmConfigured => llm.IsConfigured;

    /// <summary>The configured model, when any.</summary>
    public string? LlmModel => llm.Model;

    /// <summary>Validates without running. Errors carry codes from <see cref="AnalysisRequestValidator"/>.</summary>
    public FluentValidation.Results.ValidationResult Validate(AnalysisRequest request) => validator.Validate(request);

    /// <summary>Runs the whole pipeline and returns the final document.</summary>
    public async Task<AnalysisDocument> AnalyzeAsync(AnalysisRequest request, CancellationToken cancellationToken = default)
    {
        AnalysisDocument? last = null;
        await foreach (var update in RunAsync(request, cancellationToken).ConfigureAwait(false))
        {
            last = update.Document;
        }

        return last!;
    }

    /// <summary>Runs the pipeline, yielding the document as each stage completes.</summary>
    /// <exception cref="AnalysisInputException">The input is empty, blank or too large.</exception>
    public async IAsyncEnumerable<AnalysisUpdate> RunAsync(
        AnalysisRequest request,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var validation = validator.Validate(request);
        if (!validation.IsValid)
        {
            throw new AnalysisInputException(validation.Errors);
        }

        var started = timeProvider.GetTimestamp();
        var id = Guid.CreateVersion7(timeProvider.GetUtcNow()).ToString("N");
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["AnalysisId"] = id });
        var options = ingestionOptions.Value;

        var ingestion = await Task.Run(
            () => request.Text is not null
                ? ingestor.Ingest(request.Text, options)
                : ingestor.Ingest(request.Bytes!.Value.Span, options),
            cancellationToken).ConfigureAwait(false);
        Log.Ingested(logger, ingestion.Summary.TotalLines, ingestion.Summary.TotalRecords);
        metrics.Ingested(ingestion.Summary.TotalLines, ingestion.Summary.TotalRecords);
        var stageStarted = timeProvider.GetTimestamp();
        metrics.StageCompleted(AnalysisStage.Records, timeProvider.GetElapsedTime(started));

        var document = new AnalysisDocument
        {
            Id = id,
            CreatedAt = timeProvider.GetUtcNow(),
            Summary = ingestion.Summary,
            Records = request.IncludeRecords ? ingestion.Records : null,
            Llm = request.UseLlm && llm.IsConfigured
                ? new LlmReport { Status = LlmStatus.Pending, Model = llm.Model }
                : LlmReport.Disabled(request.UseLlm
                    ? DisabledLlmInsightService.NotConfiguredReason
                    : "The LLM was not requested for this analysis; insights come from the rules."),
        };
        yield return new AnalysisUpdate(AnalysisStage.Records, document, timeProvider.GetElapsedTime(started));

        var records = ingestion.Records;
        var patterns = await Task.Run(() => clusterer.Cluster(records), cancellationToken).ConfigureAwait(false);
        document = document with { Patterns = patterns };
        stageStarted = RecordStage(AnalysisStage.Patterns, stageStarted);
        yield return new AnalysisUpdate(AnalysisStage.Patterns, document, timeProvider.GetElapsedTime(started));

        var groups = await Task.Run(() => grouper.Group(records, patterns), cancellationToken).ConfigureAwait(false);
        document = document with { Groups = groups };
        stageStarted = RecordStage(AnalysisStage.Groups, stageStarted);
        yield return new AnalysisUpdate(AnalysisStage.Groups, document, timeProvider.GetElapsedTime(started));

        var ruleInsights = rules.Explain(groups, records);
        document = document with { Insights = ruleInsights };
        stageStarted = RecordStage(AnalysisStage.RulesInsights, stageStarted);
        yield return new AnalysisUpdate(AnalysisStage.RulesInsights, document, timeProvider.GetElapsedTime(started));

        if (document.Llm.Status == LlmStatus.Pending)
        {
            var llmResult = groups.Count == 0
                ? new LlmStageResult([], [], new LlmReport
                {
                    Status = LlmStatus.Succeeded, Model = llm.Model,
                    FallbackReason = null,
                })
                : await llm.ExplainAsync(new LlmStageInput(groups, records, ruleInsights), cancellationToken).ConfigureAwait(false);
            document = document with
            {
                Insights = MergeInsights(ruleInsights, llmResult.Insights),
                Merges = llmResult.Merges,
                Llm = llmResult.Report,
            };
            RecordStage(AnalysisStage.LlmInsights, stageStarted);
            metrics.LlmFinished(llmResult.Report);
            yield return new AnalysisUpdate(AnalysisStage.LlmInsights, document, timeProvider.GetElapsedTime(started));
        }

        metrics.Completed(document.Llm.Status switch
        {
            LlmStatus.Disabled => "rules",
            LlmStatus.Succeeded or LlmStatus.Cached => "llm",
            LlmStatus.Partial => "partial",
            _ => "fallback",
        });
        Log.Completed(logger, (long)timeProvider.GetElapsedTime(started).TotalMilliseconds, groups.Count, document.Llm.Status);
        yield return new AnalysisUpdate(AnalysisStage.Completed, document, timeProvider.GetElapsedTime(started));
    }

    private long RecordStage(AnalysisStage stage, long since)
    {
        metrics.StageCompleted(stage, timeProvider.GetElapsedTime(since));
        return timeProvider.GetTimestamp();
    }

    /// <summary>An LLM insight replaces the rules insight of its group; other groups keep the rules.</summary>
    internal static IReadOnlyList<Insight> MergeInsights(IReadOnlyList<Insight> rules, IReadOnlyList<Insight> llmInsights)
    {
        var byGroup = llmInsights.ToDictionary(i => i.GroupId, StringComparer.Ordinal);
        return [.. rules.Select(r => byGroup.TryGetValue(r.GroupId, out var l) ? l : r)];
    }

    private static partial class Log
    {
        [LoggerMessage(1001, LogLevel.Information, "Ingested {Lines} lines into {Records} records", EventName = "Ingested")]
        public static partial void Ingested(ILogger logger, int lines, int records);

        [LoggerMessage(1002, LogLevel.Information, "Analysis completed in {ElapsedMs} ms: {Groups} groups, LLM {LlmStatus}", EventName = "AnalysisCompleted")]
        public static partial void Completed(ILogger logger, long elapsedMs, int groups, LlmStatus llmStatus);
    }
}
