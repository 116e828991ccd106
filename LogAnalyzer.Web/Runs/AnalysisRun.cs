using System.Globalization;
using LogAnalyzer.Core.Analysis;
using LogAnalyzer.Core.Llm;
using LogAnalyzer.Core.Model;
using LogAnalyzer.Web.Api;
using LogAnalyzer.Web.Components;
using LogAnalyzer.Web.Components.Analysis;
using LogAnalyzer.Web.Hosting;
using LogAnalyzer.Web.Storage;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Web.Runs;

/// <summary>
/// The dashboard's run state machine, without Blazor or JS: it takes a per-client permit and a server slot, streams
/// the pipeline's stages into <see cref="Stages"/> and <see cref="Document"/>, cancels a superseded run, settles the
/// LLM report of a run that stopped, says per pane what failed, and times the run from the Analyze press.
/// It also holds the records viewer and the prompt preview. Every change raises <see cref="Changed"/>; the page turns
/// that into a render. Not thread-safe: call it from one context at a time (the circuit's, on the page).
/// Once a run ends the tab keeps a bounded copy of an analysis over <c>Dashboard:MaxRecordsHeld</c> records (see
/// <see cref="DashboardOptions"/>, <see cref="HeldRecords"/>): its records are saved apart and the viewer reads them back.
/// </summary>
internal sealed partial class AnalysisRun : IAsyncDisposable
{
    /// <summary>Neighbouring records shown on each side of a highlighted one.</summary>
    public const int ContextRecords = 2;

    /// <summary>How long after a bounded analysis is kept its dropped records' heap is given back (see GiveMemoryBackLater).</summary>
    private static readonly TimeSpan GiveBackDelay = TimeSpan.FromSeconds(5);

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
    private readonly DashboardOptions _dashboard;
    private readonly ApiOptions _limits;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly HashSet<AnalysisStage> _done = [];
    private readonly Dictionary<ResultPane, string> _errors = [];
    private CancellationTokenSource? _run;
    private TimeSpan _lastElapsed;
    private HeldRecords? _held;
    private ITimer? _giveBack;
    private bool _disposed;

    public AnalysisRun(
        AnalysisService analysis,
        AnalysisArchive archive,
        AnalysisGate gate,
        AnalysisRateLimiter limiter,
        CircuitClient circuit,
        PromptPreviewService previews,
        TimeProvider time,
        IOptions<DashboardOptions> dashboard,
        IOptions<ApiOptions> limits,
        ILogger<AnalysisRun> logger)
    {
        _dashboard = dashboard.Value;
        _limits = limits.Value;
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

    /// <summary>
    /// The document as it stands after the latest stage (the saved one once the run completed). Once a run over
    /// <c>Dashboard:MaxRecordsHeld</c> records ended, the bounded copy the tab keeps (<see cref="AnalysisDocument.Truncated"/>
    /// says what it left out): the JSON view and the exports carry that.
    /// </summary>
    public AnalysisDocument? Document { get; private set; }

    /// <summary>
    /// The document the JSON view, Copy JSON and the downloads carry: <see cref="Document"/>, except while a run over
    /// <c>Dashboard:MaxRecordsHeld</c> records is under way (it holds every record then): null until its bounded copy is kept.
    /// </summary>
    public AnalysisDocument? ExportableDocument =>
        Document is { Records.Count: var count } && count > _dashboard.MaxRecordsHeld ? null : Document;

    /// <summary>True when the records viewer can show records of the current analysis (held, or read from the store).</summary>
    public bool RecordsAvailable => _held is not null || Document?.Records is not null;

    /// <summary>
    /// Where the records this tab does not hold can be read (the saved analysis's records pages), or null when it holds
    /// them all or they were not stored.
    /// </summary>
    public string? RecordsPath => _held?.RecordsPath(_limits.RecordsPageSize);

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
        AnalysisPermit? slot = null;
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

            slot = await _gate.EnterAsync(request.SizeInBytes(), run.Token);
            if (!slot.Granted)
            {
                InputError = ServerBusy(slot);
                Refuse();
                return;
            }

            await StreamAsync(request, run, pressed);
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
                KeepUnfinished();
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
            KeepUnfinished();
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
                    KeepUnfinished();
                    Outcome = RunOutcome.Cancelled;
                }
            }

            // Released once the document is bounded: after a large input the gate's compacting GC then frees its records.
            slot?.Dispose();
            run.Dispose();
            OnChanged();
        }
    }

    /// <summary>
    /// Streams the pipeline's stages into the run and keeps what the tab holds of the completed analysis. A method of
    /// its own: once it returned, no state of it holds the whole document (a completed async method's state is cleared),
    /// so the compacting GC the server slot's release starts after a large input finds those records unreachable.
    /// </summary>
    private async Task StreamAsync(AnalysisRequest request, CancellationTokenSource run, long pressed)
    {
        await foreach (var update in _analysis.RunAsync(request, run.Token))
        {
            if (!ReferenceEquals(run, _run))
            {
                return;
            }

            Apply(update);
            if (update.Stage == AnalysisStage.Completed)
            {
                var (kept, keptRecords) = await KeepAsync(update.Document, request);
                if (!ReferenceEquals(run, _run))
                {
                    return;
                }

                Document = kept;
                _held = keptRecords;
                if (keptRecords is not null)
                {
                    GiveMemoryBackLater();
                }

                Complete(_time.GetElapsedTime(pressed));
            }

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
                KeepUnfinished();
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

    /// <summary>Shows the records of a group in context: every one, or of a bounded analysis its first (read from the store).</summary>
    public async Task ShowGroupRecordsAsync(string groupId)
    {
        if (Document is not { } document || !RecordsAvailable)
        {
            return;
        }

        var group = document.Groups.FirstOrDefault(g => string.Equals(g.Id, groupId, StringComparison.Ordinal));
        var label = group?.Label ?? groupId;
        if (_held is not { } held)
        {
            var records = document.Records!;
            var rows = await Task.Run(() => RecordWindow.ForGroup(records, groupId, ContextRecords));
            Viewer = new RecordsView($"All {Plural.Of(group?.Count ?? 0, "record")} of {label} in context", rows, ContextRecords, groupId);
            OnChanged();
            return;
        }

        var focus = held.OfGroup(groupId);
        var count = Math.Max(group?.Count ?? 0, focus.Count);
        var asked = Math.Min(count, _dashboard.MaxGroupRecordsShown);
        var (shown, note, failure) = await held.RowsAsync(focus, asked - focus.Count, ContextRecords, _archive, _lifetime.Token);
        if (failure is not null)
        {
            Log.StoredRecordsFailed(_logger, failure);
        }

        if (!ReferenceEquals(document, Document))
        {
            return; // a new run started meanwhile
        }

        var title = asked < count
            ? string.Create(CultureInfo.InvariantCulture, $"First {asked:N0} of {Plural.Of(count, "record")} of {label} in context")
            : $"All {Plural.Of(count, "record")} of {label} in context";
        Viewer = new RecordsView(title, shown, ContextRecords, groupId, note);
        OnChanged();
    }

    /// <summary>Shows the lines an insight cites, in context (of a bounded analysis, read from the store).</summary>
    public async Task ShowEvidenceAsync(EvidenceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Document is not { } document || !RecordsAvailable)
        {
            return;
        }

        var group = document.Groups.FirstOrDefault(g => string.Equals(g.Id, request.GroupId, StringComparison.Ordinal));
        var title = $"{Plural.Noun(request.Lines.Count, "Line")} {string.Join(", ", request.Lines)} cited for {group?.Label ?? request.GroupId}";
        if (_held is not { } held)
        {
            Viewer = new RecordsView(title, RecordWindow.AroundLines(document.Records!, request.Lines, ContextRecords), ContextRecords, request.GroupId);
            OnChanged();
            return;
        }

        var focus = request.Lines.Select(held.OfLine).Where(p => p >= 0).Distinct().Order().ToList();
        var (rows, note, failure) = await held.RowsAsync(focus, 0, ContextRecords, _archive, _lifetime.Token);
        if (failure is not null)
        {
            Log.StoredRecordsFailed(_logger, failure);
        }

        if (!ReferenceEquals(document, Document))
        {
            return;
        }

        var unknown = request.Lines.Count(l => held.OfLine(l) < 0);
        if (unknown > 0)
        {
            var lines = string.Create(CultureInfo.InvariantCulture, $"{Plural.Of(unknown, "cited line")} cannot be shown: {held.Unavailable}");
            note = note is null ? lines : $"{note} {lines}";
        }

        Viewer = new RecordsView(title, rows, ContextRecords, request.GroupId, note);
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
            // A bounded analysis no longer holds the records the prompt quotes: it is prepared from the input again.
            if (Document is { Records: not null } document && _held is null && _done.Contains(AnalysisStage.Groups))
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
        _giveBack?.Dispose();
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
        _held = null;
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
    /// Saves the completed analysis (issue 12: saved, or saved: false and why) and says what the tab keeps of it: its
    /// lists cut as the API cuts them (a no-op for the usual paste), and when it has over <c>Dashboard:MaxRecordsHeld</c>
    /// records, only its first <c>Dashboard:RecordsKept</c>: every record is then stored apart for the viewer (as the
    /// API stores them), and where each group's first records and each cited line are is remembered before they go.
    /// </summary>
    private async Task<(AnalysisDocument Kept, HeldRecords? Held)> KeepAsync(AnalysisDocument completed, AnalysisRequest request)
    {
        var document = ResponseBounds.Apply(completed, _limits, cutRecords: false);
        if (document.Records is not { } records || records.Count <= _dashboard.MaxRecordsHeld)
        {
            // The records stay in the document (and in the saved row): nothing is compressed on the usual paste's path.
            return (await _archive.SaveAsync(document, request, User, CancellationToken.None), null);
        }

        Document = document;
        Status = "Saving the analysis, and its records for the records viewer…";
        OnChanged();
        var perGroup = _dashboard.MaxGroupRecordsShown;
        var positions = Task.Run(() => RecordPositions.Find(records, document, perGroup));
        var saved = await Task.Run(() => _archive.SaveAsync(document, request, User, records, CancellationToken.None));
        var stored = 0;
        if (saved.Saved is true)
        {
            try
            {
                stored = await _archive.GetStoredRecordCountAsync(saved.Id, _lifetime.Token) ?? 0;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.StoredCountFailed(_logger, ex);
            }
        }

        var kept = HeldRecords.KeepFirst(saved, _limits, _dashboard.RecordsKept);
        var keptRecords = kept.Records ?? [];
        var held = new HeldRecords
        {
            Total = records.Count,
            Kept = keptRecords,
            AnalysisId = stored > 0 ? saved.Id : null,
            Stored = stored,
            Positions = await positions,
            Unavailable = saved.Saved is true
                ? string.Create(CultureInfo.InvariantCulture,
                    $"only the first {stored:N0} of {records.Count:N0} records were stored for the records viewer (Storage:MaxStoredRecordBytes), and this tab holds its first {keptRecords.Count:N0} (Dashboard:RecordsKept).")
                : string.Create(CultureInfo.InvariantCulture,
                    $"the analysis could not be saved, so its records were not stored, and this tab holds only the first {keptRecords.Count:N0} of {records.Count:N0} (Dashboard:RecordsKept)."),
        };
        if (held.RecordsPath(_limits.RecordsPageSize) is { } path)
        {
            kept = kept with { Truncated = (kept.Truncated ?? new Truncation()) with { RecordsNext = path } };
        }

        return (kept, held);
    }

    /// <summary>
    /// Once the page rendered the bounded copy (a few seconds on), and no analysis runs on the server, one compacting
    /// GC gives back the heap the dropped records took: the gate's collection when the slot was released found them
    /// still referenced by the page's last render, and the process would otherwise keep that heap (measured: 650 MB of
    /// RSS for a 10 MB live heap after 10M records).
    /// </summary>
    private void GiveMemoryBackLater()
    {
        _giveBack?.Dispose();
        _giveBack = _time.CreateTimer(
            static state =>
            {
                if (((AnalysisGate)state!).Running == 0)
                {
                    GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                }
            },
            _gate, GiveBackDelay, Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// A run that ended unfinished (cancelled, failed) over <c>Dashboard:MaxRecordsHeld</c> records keeps what a completed
    /// one would, without saving: the viewer then shows what the first <c>Dashboard:RecordsKept</c> records hold.
    /// </summary>
    private void KeepUnfinished()
    {
        if (_held is not null || Document is not { Records: { } records } document || records.Count <= _dashboard.MaxRecordsHeld)
        {
            return;
        }

        var kept = HeldRecords.KeepFirst(ResponseBounds.Apply(document, _limits, cutRecords: false), _limits, _dashboard.RecordsKept);
        var keptRecords = kept.Records ?? [];
        Document = kept;
        _held = new HeldRecords
        {
            Total = records.Count,
            Kept = keptRecords,
            AnalysisId = null,
            Stored = 0,
            Positions = RecordPositions.Find(keptRecords, kept, _dashboard.MaxGroupRecordsShown),
            Unavailable = string.Create(CultureInfo.InvariantCulture,
                $"the run did not complete, so its records were not stored, and this tab holds only the first {keptRecords.Count:N0} of {records.Count:N0} (Dashboard:RecordsKept)."),
        };
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

        [LoggerMessage(5105, LogLevel.Warning, "The dashboard could not read how many records the store holds for a saved analysis", EventName = "DashboardStoredCountFailed")]
        public static partial void StoredCountFailed(ILogger logger, Exception exception);

        [LoggerMessage(5106, LogLevel.Warning, "The dashboard's records viewer could not read stored records", EventName = "DashboardStoredRecordsFailed")]
        public static partial void StoredRecordsFailed(ILogger logger, Exception exception);
    }
}
