using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using FluentValidation;
using LogAnalyzer.Core.Grouping;
using LogAnalyzer.Core.Incidents;
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
    IOptions<AnalysisOptions> analysisOptions,
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
    /// <remarks>
    /// The stages run in one ordinary async method (so the log scope holds for all of them: an async iterator
    /// would lose it at its first yield) and hand each update over a channel; the caller renders one stage while
    /// the next is computed. Disposing the enumeration early cancels the pipeline.
    /// </remarks>
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

        var channel = Channel.CreateUnbounded<AnalysisUpdate>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pipeline = Task.Run(() => RunPipelineAsync(request, channel.Writer, run.Token), run.Token);
        try
        {
            await foreach (var update in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return update;
            }

            await pipeline.ConfigureAwait(false);
        }
        finally
        {
            await run.CancelAsync().ConfigureAwait(false);
            await pipeline.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task RunPipelineAsync(AnalysisRequest request, ChannelWriter<AnalysisUpdate> writer, CancellationToken cancellationToken)
    {
        try
        {
            var started = timeProvider.GetTimestamp();
            var id = Storage.AnalysisId.New();
            using var scope = logger.BeginScope(LogScope(id));
            var options = ingestionOptions.Value;

            // Already on the thread pool: the CPU-bound stages run inline, checking for cancellation between them.
            var ingestion = request.Text is not null
                ? ingestor.Ingest(request.Text, options)
                : ingestor.Ingest(request.Bytes!.Value.Span, options);
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
                // "Not configured" wins over "not requested": asking would not have changed anything (issue 13 item 4).
                Llm = !llm.IsConfigured
                    ? LlmReport.Disabled(DisabledLlmInsightService.NotConfiguredReason, LlmDisabledReason.NotConfigured)
                    : request.UseLlm
                        ? new LlmReport { Status = LlmStatus.Pending, Model = llm.Model }
                        : LlmReport.Disabled("The LLM was not requested for this analysis; insights come from the rules.", LlmDisabledReason.NotRequested),
            };
            await writer.WriteAsync(new AnalysisUpdate(AnalysisStage.Records, document, timeProvider.GetElapsedTime(started)), cancellationToken).ConfigureAwait(false);

            var records = ingestion.Records;
            cancellationToken.ThrowIfCancellationRequested();
            var patterns = clusterer.Cluster(records);
            document = document with { Patterns = patterns };
            stageStarted = RecordStage(AnalysisStage.Patterns, stageStarted);
            await writer.WriteAsync(new AnalysisUpdate(AnalysisStage.Patterns, document, timeProvider.GetElapsedTime(started)), cancellationToken).ConfigureAwait(false);

            cancellationToken.ThrowIfCancellationRequested();
            var groups = grouper.Group(records, patterns);
            document = document with { Groups = groups };
            stageStarted = RecordStage(AnalysisStage.Groups, stageStarted);
            await writer.WriteAsync(new AnalysisUpdate(AnalysisStage.Groups, document, timeProvider.GetElapsedTime(started)), cancellationToken).ConfigureAwait(false);

            cancellationToken.ThrowIfCancellationRequested();
            var ruleInsights = rules.Explain(groups, records);

            // Incidents join the groups that share a cause; the groups gain their incident id, the insights lose
            // missing-context claims that the incident's records contradict.
            var incidents = IncidentBuilder.Build(groups, records, ruleInsights);
            groups = incidents.Groups;
            ruleInsights = incidents.Insights;
            document = document with { Groups = groups, Insights = ruleInsights, Incidents = incidents.Incidents };
            stageStarted = RecordStage(AnalysisStage.RulesInsights, stageStarted);
            await writer.WriteAsync(new AnalysisUpdate(AnalysisStage.RulesInsights, document, timeProvider.GetElapsedTime(started)), cancellationToken).ConfigureAwait(false);

            if (document.Llm.Status == LlmStatus.Pending)
            {
                var llmResult = groups.Count == 0
                    ? new LlmStageResult([], [], new LlmReport
                    {
                        Status = LlmStatus.Succeeded, Model = llm.Model,
                        FallbackReason = null,
                    })
                    : await ExplainWithinBudgetAsync(new LlmStageInput(groups, records, ruleInsights, document.Incidents), started, cancellationToken).ConfigureAwait(false);
                document = document with
                {
                    Insights = MergeInsights(ruleInsights, llmResult.Insights),
                    Merges = llmResult.Merges,
                    Llm = llmResult.Report,
                };
                if (llmResult.Incidents is { } refined)
                {
                    document = document with { Incidents = refined, Groups = LlmIncidentRefinement.Regroup(document.Groups, refined) };
                }
                RecordStage(AnalysisStage.LlmInsights, stageStarted);
                metrics.LlmFinished(llmResult.Report);
                await writer.WriteAsync(new AnalysisUpdate(AnalysisStage.LlmInsights, document, timeProvider.GetElapsedTime(started)), cancellationToken).ConfigureAwait(false);
            }

            metrics.Completed(document.Llm.Status switch
            {
                LlmStatus.Disabled => "rules",
                LlmStatus.Succeeded or LlmStatus.Cached => "llm",
                LlmStatus.Partial => "partial",
                _ => "fallback",
            });
            Log.Completed(logger, (long)timeProvider.GetElapsedTime(started).TotalMilliseconds, groups.Count, document.Llm.Status);
            await writer.WriteAsync(new AnalysisUpdate(AnalysisStage.Completed, document, timeProvider.GetElapsedTime(started)), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            writer.TryComplete();
        }
    }

    /// <summary>
    /// The LLM stage, stopped when what is left of the analysis budget (minus a reserve to answer) runs out: a stage
    /// that runs out of time ends the LLM stage with a timed-out report, never the analysis. The stage keeps its own,
    /// shorter budget (<c>Llm:TimeoutSeconds</c>); this is the guarantee behind it, whatever the provider does.
    /// </summary>
    private async Task<LlmStageResult> ExplainWithinBudgetAsync(LlmStageInput input, long analysisStarted, CancellationToken cancellationToken)
    {
        var budget = analysisOptions.Value.Timeout;
        var left = budget - timeProvider.GetElapsedTime(analysisStarted) - AnalysisOptions.AnswerReserve;
        using var stop = new CancellationTokenSource(left > TimeSpan.Zero ? left : TimeSpan.Zero, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stop.Token);
        try
        {
            return await llm.ExplainAsync(input, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Log.LlmStopped(logger, (long)budget.TotalSeconds);
            return new LlmStageResult([], [], new LlmReport
            {
                Status = LlmStatus.TimedOut, Model = llm.Model,
                FallbackReason = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"The LLM stage was stopped to answer within the analysis budget of {budget.TotalSeconds:0.#} s (Analysis:TimeoutSeconds); the rules answered."),
            });
        }
    }

    /// <summary>Every log event of an analysis carries its id, and the request's trace id when there is one.</summary>
    private static Dictionary<string, object> LogScope(string analysisId)
    {
        var scope = new Dictionary<string, object>(2, StringComparer.Ordinal) { ["AnalysisId"] = analysisId };
        if (Activity.Current is { } activity)
        {
            scope["TraceId"] = activity.TraceId.ToHexString();
        }

        return scope;
    }

    private long RecordStage(AnalysisStage stage, long since)
    {
        metrics.StageCompleted(stage, timeProvider.GetElapsedTime(since));
        return timeProvider.GetTimestamp();
    }

    /// <summary>
    /// An LLM insight replaces the rules insight of its group; other groups keep the rules. An LLM insight for a group
    /// the rules did not explain is added after them (never dropped).
    /// </summary>
    internal static IReadOnlyList<Insight> MergeInsights(IReadOnlyList<Insight> rules, IReadOnlyList<Insight> llmInsights)
    {
        var byGroup = llmInsights.ToDictionary(i => i.GroupId, StringComparer.Ordinal);
        var ruled = rules.Select(r => r.GroupId).ToHashSet(StringComparer.Ordinal);
        return [.. rules.Select(r => byGroup.TryGetValue(r.GroupId, out var l) ? l : r), .. llmInsights.Where(l => !ruled.Contains(l.GroupId))];
    }

    private static partial class Log
    {
        [LoggerMessage(1001, LogLevel.Information, "Ingested {Lines} lines into {Records} records", EventName = "Ingested")]
        public static partial void Ingested(ILogger logger, int lines, int records);

        [LoggerMessage(1002, LogLevel.Information, "Analysis completed in {ElapsedMs} ms: {Groups} groups, LLM {LlmStatus}", EventName = "AnalysisCompleted")]
        public static partial void Completed(ILogger logger, long elapsedMs, int groups, LlmStatus llmStatus);

        [LoggerMessage(1003, LogLevel.Warning, "LLM stage stopped to answer within the analysis budget of {BudgetSeconds} s; the rules answered",
            EventName = "LlmStageStopped")]
        public static partial void LlmStopped(ILogger logger, long budgetSeconds);
    }
}
