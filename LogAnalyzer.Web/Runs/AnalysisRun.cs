using System.Globalization;
using LogAnalyzer.Core.Analysis;
using LogAnalyzer.Core.Llm;
using LogAnalyzer.Core.Model;
using LogAnalyzer.Web.Components;
using LogAnalyzer.Web.Components.Analysis;
using LogAnalyzer.Web.Hosting;
using LogAnalyzer.Web.Storage;

namespace LogAnalyzer.Web.Runs;

/// <summary>
/// The dashboard's run state machine, without Blazor or JS: it takes a per-client permit and a server slot, streams
/// the pipeline's stages into <see cref="Stages"/> and <see cref="Document"/>, cancels a superseded run, settles the
/// LLM report of a run that stopped, says per pane what failed, and times the run from the Analyze press.
/// It also holds the records viewer and the prompt preview. Every change raises <see cref="Changed"/>; the page turns
/// that into a render. Not thread-safe: call it from one context at a time (the circuit's, on the page).
/// </summary>
internal sealed partial class AnalysisRun : IAsyncDisposable
{
    /// <summary>Neighbouring records shown on each side of a highlighted one.</summary>
    public const int ContextRecords = 2;

    private static readonly AnalysisStage[] Ordered =
        [AnalysisStage.Records, AnalysisStage.Patterns, AnalysisStage.Groups, AnalysisStage.RulesInsights, AnalysisStage.LlmInsights];

    private readonly AnalysisService _analysis;
    private readonly AnalysisArchive _archive;
    private readonly AnalysisGate _gate;
    private readonly AnalysisRateLimiter _limiter;
    private readonly CircuitClient _circuit;
    private readonly PromptPreviewService _previews;
    private readonly TimeProvider _time;
    private readonly ILogger<AnalysisRun> _logger;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly HashSet<AnalysisStage> _done = [];
    private readonly Dictionary<ResultPane, string> _errors = [];
    private CancellationTokenSource? _run;
    private TimeSpan _lastElapsed;
    private bool _disposed;

    public AnalysisRun(
        AnalysisService analysis,
        AnalysisArchive archive,
        AnalysisGate gate,
        AnalysisRateLimiter limiter,
        CircuitClient circuit,
        PromptPreviewService previews,
        TimeProvider time,
        ILogger<AnalysisRun> logger)
    {
        _analysis = analysis;
        _archive = archive;
        _gate = gate;
        _limiter = limiter;
        _circuit = circuit;
        _previews = previews;
        _time = time;
        _logger = logger;
    }

    /// <summary>Raised after every change of state, on the caller's context.</summary>
    public event EventHandler? Changed;

    /// <summary>The per-client limiter key (the page sets it from the connection that opened the circuit).</summary>
    public string Client { get; set; } = "circuit:unknown";

    /// <summary>The signed-in user the saved analysis belongs to, if any.</summary>
    public string? User { get; set; }

    /// <summary>True when an LLM provider is configured.</summary>
    public bool LlmConfigured => _analysis.LlmConfigured;

    /// <summary>The configured model, when any.</summary>
    public string? LlmModel => _analysis.LlmModel;

    public RunOutcome Outcome { get; private set; } = RunOutcome.Idle;

    /// <summary>The outcome as the page's <c>data-run</c> attribute spells it.</summary>
    public string OutcomeName => Outcome.ToString().ToLowerInvariant();

    public bool Running => Outcome == RunOutcome.Running;

    /// <summary>One row per stage of the current run, in order; empty before the first run and after refused input.</summary>
    public IReadOnlyList<StageStatus> Stages { get; private set; } = [];

    /// <summary>The document as it stands after the latest stage (the saved one once the run completed).</summary>
    public AnalysisDocument? Document { get; private set; }

    public LevelHistogram? Histogram { get; private set; }

    /// <summary>A line for the person about the run (reading, cancelled, completed in…), or null.</summary>
    public string? Status { get; private set; }

    /// <summary>Why the input was refused, for the input pane.</summary>
    public string? InputError { get; private set; }

    /// <summary>How long the person waited: from the Analyze press to the final stage (null until a run completes).</summary>
    public TimeSpan? Waited { get; private set; }

    /// <summary>Records shown in context, or null.</summary>
    public RecordsView? Viewer { get; private set; }

    /// <summary>Whether the prompt preview dialog is open (the dialog closes it through this setter too).</summary>
    public bool PreviewOpen { get; set; }

    public bool PreviewLoading { get; private set; }

    public PromptPreview? Preview { get; private set; }

    public string? PreviewError { get; private set; }

    public StageState StateOf(AnalysisStage stage) =>
        Stages.FirstOrDefault(s => s.Stage == stage)?.State ?? StageState.Waiting;

    /// <summary>True once <paramref name="stage"/>'s results arrived in the current run.</summary>
    public bool IsDone(AnalysisStage stage) => _done.Contains(stage);

    public bool IsRunning(AnalysisStage stage) => Running && StateOf(stage) == StageState.Running;

    /// <summary>The message for a stage that failed in <paramref name="pane"/>, or null.</summary>
    public string? ErrorFor(ResultPane pane) => _errors.GetValueOrDefault(pane);

    /// <summary>
    /// Runs one analysis of what <paramref name="input"/> reads, cancelling the one before; returns when it ends
    /// (completed, cancelled, failed or refused). The LLM is asked for when <paramref name="useLlm"/> and one is
    /// configured; with none configured the request says so, so the document tells "not configured" from "not requested".
    /// </summary>
    public async Task AnalyzeAsync(RunInputSource input, bool useLlm)
    {
        ArgumentNullException.ThrowIfNull(input);
        var pressed = _time.GetTimestamp();
        await CancelAsync();
        var run = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
        _run = run;
        var askLlm = useLlm || !_analysis.LlmConfigured;
        var (permit, refusal) = await AcquirePermitAsync(run.Token);
        using var held = permit;
        if (refusal is not null)
        {
            _run = null;
            run.Dispose();
            InputError = refusal;
            Outcome = RunOutcome.Invalid;
            OnChanged();
            return;
        }

        Start(useLlm && _analysis.LlmConfigured);
        try
        {
            var read = await input(askLlm, run.Token);
            if (!ReferenceEquals(run, _run))
            {
                return;
            }

            if (read.Request is null && read.Error is null)
            {
                Stages = [];
                Outcome = RunOutcome.Idle;
                return;
            }

            InputError = read.Error ?? InvalidInput(read.Request);
            if (read.Request is not { } request || InputError is not null)
            {
                Refuse();
                return;
            }

            using var slot = await _gate.EnterAsync(request.SizeInBytes(), run.Token);
            if (!slot.Granted)
            {
                InputError = ServerBusy(slot);
                Refuse();
                return;
            }

            await foreach (var update in _analysis.RunAsync(request, run.Token))
            {
                if (!ReferenceEquals(run, _run))
                {
                    return;
                }

                Apply(update);
                if (update.Stage == AnalysisStage.Completed)
                {
                    // issue 12: saved, or saved: false and why.
                    var saved = await _archive.SaveAsync(update.Document, request, User, CancellationToken.None);
                    if (!ReferenceEquals(run, _run))
                    {
                        return;
                    }

                    Document = saved;
                    Complete(_time.GetElapsedTime(pressed));
                }

                OnChanged();
            }
        }
        catch (AnalysisInputException ex) when (ReferenceEquals(run, _run))
        {
            InputError = ex.Message;
            Refuse();
        }
        catch (OperationCanceledException) when (run.IsCancellationRequested)
        {
            if (ReferenceEquals(run, _run))
            {
                MarkUnfinished(StageState.Cancelled);
                SettleUnansweredLlm(StageState.Cancelled);
                Status = "Analysis cancelled. The results shown are the stages that finished.";
                Outcome = RunOutcome.Cancelled;
            }
        }
        catch (Exception ex) when (ReferenceEquals(run, _run) && ex is not OperationCanceledException)
        {
            var failed = Ordered.FirstOrDefault(s => !_done.Contains(s) && StateOf(s) != StageState.Skipped);
            Log.StageFailed(_logger, ex, failed);
            MarkUnfinished(StageState.Failed, failed);
            SettleUnansweredLlm(StageState.Failed);
            Outcome = RunOutcome.Failed;
            _errors[PaneFor(failed)] = $"The “{LabelOf(failed)}” stage failed unexpectedly, so its results are missing. "
                + "The results of earlier stages are complete; you can analyse again.";
        }
        finally
        {
            if (ReferenceEquals(run, _run))
            {
                _run = null;
                if (Outcome == RunOutcome.Running)
                {
                    // The pipeline ended without its final update (it cannot, but a page must never spin forever).
                    MarkUnfinished(StageState.Cancelled);
                    Outcome = RunOutcome.Cancelled;
                }
            }

            run.Dispose();
            OnChanged();
        }
    }

    /// <summary>Cancels the running analysis, if any (the stages that finished stay).</summary>
    public async Task CancelAsync()
    {
        var previous = _run;
        _run = null;
        if (previous is not null)
        {
            await previous.CancelAsync();
            if (Outcome == RunOutcome.Running)
            {
                MarkUnfinished(StageState.Cancelled);
                SettleUnansweredLlm(StageState.Cancelled);
                Status = "Analysis cancelled. The results shown are the stages that finished.";
                Outcome = RunOutcome.Cancelled;
                OnChanged();
            }
        }
    }

    /// <summary>Shows a line about the run (e.g. "Reading 2 MB from the browser…"); null clears it.</summary>
    public void ShowStatus(string? status)
    {
        Status = status;
        OnChanged();
    }

    /// <summary>Shows why the input cannot be analysed; null clears it.</summary>
    public void ShowInputError(string? message)
    {
        InputError = message;
        OnChanged();
    }

    /// <summary>Shows every record of a group, in context.</summary>
    public async Task ShowGroupRecordsAsync(string groupId)
    {
        if (Document is not { Records: { } records } document)
        {
            return;
        }

        var group = document.Groups.FirstOrDefault(g => string.Equals(g.Id, groupId, StringComparison.Ordinal));
        var rows = await Task.Run(() => RecordWindow.ForGroup(records, groupId, ContextRecords));
        Viewer = new RecordsView($"All {Plural.Of(group?.Count ?? 0, "record")} of {group?.Label ?? groupId} in context",
            rows, ContextRecords, groupId);
        OnChanged();
    }

    /// <summary>Shows the lines an insight cites, in context.</summary>
    public void ShowEvidence(EvidenceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Document is not { Records: { } records } document)
        {
            return;
        }

        var group = document.Groups.FirstOrDefault(g => string.Equals(g.Id, request.GroupId, StringComparison.Ordinal));
        var lines = string.Join(", ", request.Lines);
        Viewer = new RecordsView(
            $"{Plural.Noun(request.Lines.Count, "Line")} {lines} cited for {group?.Label ?? request.GroupId}",
            RecordWindow.AroundLines(records, request.Lines, ContextRecords), ContextRecords, request.GroupId);
        OnChanged();
    }

    public void CloseViewer()
    {
        Viewer = null;
        OnChanged();
    }

    /// <summary>
    /// Opens the preview of the exact messages the LLM stage would send: for the current results when their groups are
    /// in, else for the input (which runs the deterministic stages under the same limits as an analysis).
    /// </summary>
    public async Task OpenPreviewAsync(RunInputSource input)
    {
        ArgumentNullException.ThrowIfNull(input);
        PreviewOpen = true;
        PreviewLoading = true;
        Preview = null;
        PreviewError = null;
        OnChanged();
        var token = _lifetime.Token;
        try
        {
            if (Document is { Records: not null } document && _done.Contains(AnalysisStage.Groups))
            {
                Preview = _previews.Preview(document);
                return;
            }

            var (permit, refusal) = await AcquirePermitAsync(token);
            using var held = permit;
            if (refusal is not null)
            {
                PreviewError = refusal;
                return;
            }

            var read = await input(false, token);
            Status = null;
            var error = read.Error ?? InvalidInput(read.Request);
            if (read.Request is not { } request || error is not null)
            {
                PreviewError = error;
                return;
            }

            using var slot = await _gate.EnterAsync(request.SizeInBytes(), token);
            if (!slot.Granted)
            {
                PreviewError = ServerBusy(slot);
                return;
            }

            Preview = await _previews.PreviewAsync(request, token);
        }
        catch (AnalysisInputException ex)
        {
            PreviewError = ex.Message;
        }
        catch (OperationCanceledException)
        {
            // The page is closing.
        }
        catch (Exception ex)
        {
            Log.PreviewFailed(_logger, ex);
            PreviewError = "The preview could not be prepared. The analysis itself is not affected.";
        }
        finally
        {
            PreviewLoading = false;
            OnChanged();
        }
    }

    public void ClosePreview()
    {
        PreviewOpen = false;
        OnChanged();
    }

    /// <summary>"412 ms" under a second, else "1.3 s".</summary>
    public static string FormatWaited(TimeSpan waited) => waited < TimeSpan.FromSeconds(1)
        ? string.Create(CultureInfo.InvariantCulture, $"{waited.TotalMilliseconds:N0} ms")
        : string.Create(CultureInfo.InvariantCulture, $"{waited.TotalSeconds:N1} s");

    /// <summary>Cancels whatever runs (the LLM call included); the page calls it when the circuit closes.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Changed = null;
        await _lifetime.CancelAsync();
        if (_run is { } run)
        {
            try
            {
                await run.CancelAsync();
            }
            catch (ObjectDisposedException)
            {
                // It ended meanwhile.
            }
        }

        _lifetime.Dispose();
    }

    private void Start(bool useLlm)
    {
        Outcome = RunOutcome.Running;
        InputError = null;
        Status = null;
        Document = null;
        Histogram = null;
        Viewer = null;
        Waited = null;
        _errors.Clear();
        _done.Clear();
        _lastElapsed = TimeSpan.Zero;
        Stages = _analysis.LlmConfigured
            ? StageStatus.Initial(useLlm)
            : [.. StageStatus.Initial(useLlm: false).Select(s => s.State == StageState.Skipped ? s with { Note = "not configured" } : s)];
        SetState(AnalysisStage.Records, StageState.Running);
        OnChanged();
    }

    private void Refuse()
    {
        Stages = [];
        Status = null;
        Outcome = RunOutcome.Invalid;
    }

    private void Apply(AnalysisUpdate update)
    {
        Document = update.Document;
        if (update.Stage == AnalysisStage.Records)
        {
            Status = null;
            Histogram = LevelHistogram.Build(update.Document.Records);
        }

        if (update.Stage == AnalysisStage.Completed)
        {
            return;
        }

        _done.Add(update.Stage);
        SetState(update.Stage, StageState.Done, update.Elapsed - _lastElapsed);
        _lastElapsed = update.Elapsed;
        var next = Ordered.SkipWhile(s => s != update.Stage).Skip(1)
            .FirstOrDefault(s => StateOf(s) == StageState.Waiting, (AnalysisStage)(-1));
        if (next >= 0)
        {
            SetState(next, StageState.Running);
        }
    }

    private void Complete(TimeSpan waited)
    {
        Waited = waited;
        Status = $"Completed in {FormatWaited(waited)}.";
        Outcome = RunOutcome.Completed;
    }

    /// <summary>
    /// A run that stopped while the model was still thinking leaves the document's LLM report "pending"; say what
    /// happened instead, so the JSON view, the export and the Markdown summary do not claim an answer is on its way.
    /// </summary>
    private void SettleUnansweredLlm(StageState state)
    {
        if (Document is { Llm.Status: LlmStatus.Pending } document)
        {
            Document = document with
            {
                Llm = document.Llm with
                {
                    Status = state == StageState.Cancelled ? LlmStatus.Cancelled : LlmStatus.Failed,
                    FallbackReason = state == StageState.Cancelled
                        ? "The analysis was cancelled before the model answered; the rules answered."
                        : "The LLM stage failed unexpectedly; the rules answered.",
                },
            };
        }
    }

    private void MarkUnfinished(StageState state, AnalysisStage? failed = null)
    {
        foreach (var stage in Ordered)
        {
            if (StateOf(stage) is StageState.Running or StageState.Waiting)
            {
                SetState(stage, failed is null || stage == failed ? state : StageState.Cancelled);
            }
        }
    }

    private void SetState(AnalysisStage stage, StageState state, TimeSpan? elapsed = null) =>
        Stages = [.. Stages.Select(s => s.Stage == stage ? s with { State = state, Elapsed = elapsed ?? s.Elapsed } : s)];

    private static ResultPane PaneFor(AnalysisStage stage) => stage switch
    {
        AnalysisStage.Records or AnalysisStage.Patterns => ResultPane.Results,
        AnalysisStage.Groups => ResultPane.Groups,
        _ => ResultPane.Insights,
    };

    private static string LabelOf(AnalysisStage stage) =>
        StageStatus.Initial(useLlm: true).First(s => s.Stage == stage).Label;

    /// <summary>A per-client permit for one analysis (or preview); the refusal says why not, for the page.</summary>
    private async Task<(AnalysisPermit Permit, string? Refusal)> AcquirePermitAsync(CancellationToken cancellationToken)
    {
        if (_circuit.OverCircuitCap)
        {
            return (AnalysisPermit.Unlimited, $"Too many LogAnalyzer tabs are open for you ({_limiter.Options.CircuitsPerClient} at most). Close one and reload this tab to analyse here.");
        }

        // With Redis configured the per-minute budget is one budget across instances (AnalysisRateLimiter.TryAcquireAsync).
        var permit = await _limiter.TryAcquireAsync(Client, cancellationToken);
        return (permit, permit.Granted ? null : $"{_limiter.Options.Describe()} Try again in {permit.RetryAfterSeconds} s.");
    }

    /// <summary>Why the input cannot be analysed (empty, too large), checked before waiting for a server slot.</summary>
    private string? InvalidInput(AnalysisRequest? request) =>
        request is not null && _analysis.Validate(request) is { IsValid: false } validation ? validation.Errors[0].ErrorMessage : null;

    private static string ServerBusy(AnalysisPermit slot) =>
        $"The server is busy with other analyses. Try again in {slot.RetryAfterSeconds} s.";

    private void OnChanged() => Changed?.Invoke(this, EventArgs.Empty);

    private static partial class Log
    {
        [LoggerMessage(5101, LogLevel.Error, "Analysis stage {Stage} failed in the dashboard", EventName = "DashboardStageFailed")]
        public static partial void StageFailed(ILogger logger, Exception exception, AnalysisStage stage);

        [LoggerMessage(5104, LogLevel.Error, "The prompt preview failed in the dashboard", EventName = "DashboardPreviewFailed")]
        public static partial void PreviewFailed(ILogger logger, Exception exception);
    }
}
