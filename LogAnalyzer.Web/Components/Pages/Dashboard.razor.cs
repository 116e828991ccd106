using System.Globalization;
using System.Text.Json;
using LogAnalyzer.Core.Analysis;
using LogAnalyzer.Core.Ingestion;
using LogAnalyzer.Core.Llm;
using LogAnalyzer.Core.Model;
using LogAnalyzer.Web.Components.Analysis;
using LogAnalyzer.Web.Export;
using LogAnalyzer.Web.Hosting;
using LogAnalyzer.Web.Input;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;
using MudBlazor;

namespace LogAnalyzer.Web.Components.Pages;

/// <summary>
/// The dashboard owns the run: it streams the input from the browser, runs the pipeline, renders each stage as it
/// lands, cancels a superseded run, and cancels everything (the LLM call included) when the circuit closes.
/// </summary>
public sealed partial class Dashboard : IAsyncDisposable
{
    /// <summary>Neighbouring records shown on each side of a highlighted one.</summary>
    internal const int ContextRecords = 2;

    private static readonly AnalysisStage[] Ordered =
        [AnalysisStage.Records, AnalysisStage.Patterns, AnalysisStage.Groups, AnalysisStage.RulesInsights, AnalysisStage.LlmInsights];

    private static readonly DialogOptions PreviewOptions = new()
    {
        MaxWidth = MaxWidth.Large, FullWidth = true, CloseButton = true, CloseOnEscapeKey = true,
    };

    private readonly CancellationTokenSource _lifetime = new();
    private readonly HashSet<AnalysisStage> _stageDone = [];
    private readonly Dictionary<Pane, string> _errors = [];
    /// <summary>How long Analyze waits for the input module on a slow start before saying the page is still starting.</summary>
    private static readonly TimeSpan ModuleStartWait = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Completes when logInput.js is imported and attached. The circuit turns interactive before that (much before, on
    /// a busy server), so actions that need the module wait for it rather than doing nothing.
    /// </summary>
    private readonly TaskCompletionSource<IJSObjectReference> _moduleReady = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The input module once attached, else null (for actions that simply do nothing before it).</summary>
    private IJSObjectReference? Module => _moduleReady.Task.IsCompletedSuccessfully ? _moduleReady.Task.Result : null;
    private DotNetObjectReference<Dashboard>? _self;
    private CancellationTokenSource? _run;
    private bool _running;
    private bool _loadingFile;
    private bool _useLlm;
    private bool _revealViewer;
    private bool _disposed;
    private long? _pastedBytes;
    private bool _pastedHeld;
    private string _client = "circuit:unknown";
    private string? _user;
    private LoadedLogFile? _file;
    private string? _inputError;
    private string? _status;
    private string _outcome = "idle";
    private AnalysisDocument? _document;
    private LevelHistogram? _histogram;
    private IReadOnlyList<StageStatus> _stages = [];
    private TimeSpan _lastElapsed;
    private ViewerState? _viewer;
    private bool _previewOpen;
    private bool _previewLoading;
    private PromptPreview? _preview;
    private string? _previewError;

    private enum Pane
    {
        Results,
        Groups,
        Insights,
    }

    [Inject] private AnalysisService Analysis { get; set; } = default!;

    [Inject] private Storage.AnalysisArchive Archive { get; set; } = default!;

    [Inject] private IJSRuntime JS { get; set; } = default!;

    [Inject] private IOptions<IngestionOptions> Ingestion { get; set; } = default!;

    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [Inject] private ILogger<Dashboard> Logger { get; set; } = default!;

    [Inject] private AnalysisRateLimiter Limiter { get; set; } = default!;

    [Inject] private PromptPreviewService Previews { get; set; } = default!;

    [Inject] private AnalysisGate Gate { get; set; } = default!;

    [Inject] private CircuitClient Circuit { get; set; } = default!;

    [Inject] private IHttpContextAccessor HttpContextAccessor { get; set; } = default!;

    private long MaxBytes => Ingestion.Value.MaxInputBytes;

    /// <summary>The browser reports the pasted text's size (never the text) as it changes.</summary>
    [JSInvokable]
    public Task OnPastedTextChanged(long bytes, bool blank, bool held)
    {
        _pastedBytes = bytes;
        _pastedHeld = held;
        if (_file is null && !_running)
        {
            _inputError = null;
        }

        StateHasChanged();
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await _lifetime.CancelAsync();
        if (_run is not null)
        {
            await _run.CancelAsync();
        }

        _lifetime.Dispose();
        _self?.Dispose();
        if (Module is { } module)
        {
            try
            {
                await module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The tab is gone; nothing to release in the browser.
            }
        }
    }

    protected override void OnInitialized()
    {
        _useLlm = Analysis.LlmConfigured;

        // The connection that opened this circuit identifies the client for the per-client limits the API shares.
        _client = HttpContextAccessor.HttpContext is { } http ? ClientIdentity.Of(http) : "circuit:unknown";
        _user = Storage.AnalysisArchive.UserOf(HttpContextAccessor.HttpContext?.User);
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        try
        {
            if (firstRender)
            {
                var module = await JS.InvokeAsync<IJSObjectReference>("import", _lifetime.Token, "./" + Assets["js/logInput.js"]);
                _self = DotNetObjectReference.Create(this);
                await module.InvokeVoidAsync("attach", _lifetime.Token,
                    LogInputPanel.RootId, LogInputPanel.TextAreaId, LogInputPanel.FileInputId, _self);
                _moduleReady.TrySetResult(module);
                StateHasChanged();
            }

            if (_revealViewer && Module is { } attached)
            {
                _revealViewer = false;
                await attached.InvokeVoidAsync("reveal", _lifetime.Token, RecordsViewer.ElementId);
            }

            if (Module is { } linked)
            {
                await RevealSelectionAsync(linked);
            }
        }
        catch (Exception ex) when (ex is JSDisconnectedException or OperationCanceledException)
        {
            // The circuit is closing.
            _moduleReady.TrySetCanceled();
        }
        catch (Exception ex)
        {
            _moduleReady.TrySetException(ex);
            throw;
        }
    }

    /// <summary>The input module, once the page has attached it (waits for it on a slow start).</summary>
    private Task<IJSObjectReference> ModuleAsync(CancellationToken cancellationToken) => _moduleReady.Task.WaitAsync(cancellationToken);

    private async Task AnalyzeAsync()
    {
        await CancelRunAsync();
        var run = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
        _run = run;
        var useLlm = _useLlm && Analysis.LlmConfigured;
        var (permit, refusal) = await AcquirePermitAsync(run.Token);
        using var held = permit;
        if (refusal is not null)
        {
            _run = null;
            run.Dispose();
            _inputError = refusal;
            _outcome = "invalid";
            return;
        }

        StartRun(useLlm);
        try
        {
            var (request, error) = await ReadInputAsync(useLlm, run.Token);
            _inputError = error ?? InvalidInput(request);
            if (request is null || _inputError is not null)
            {
                _stages = [];
                _outcome = "invalid";
                return;
            }

            using var slot = await Gate.EnterAsync(request.SizeInBytes(), run.Token);
            if (!slot.Granted)
            {
                _inputError = ServerBusy(slot);
                _stages = [];
                _outcome = "invalid";
                return;
            }

            await foreach (var update in Analysis.RunAsync(request, run.Token))
            {
                if (!ReferenceEquals(run, _run))
                {
                    return;
                }

                Apply(update);
                if (update.Stage == AnalysisStage.Completed)
                {
                    _document = await Archive.SaveAsync(update.Document, request, _user, CancellationToken.None); // issue 12: saved, or saved: false + why
                }

                Render();
            }
        }
        catch (AnalysisInputException ex) when (ReferenceEquals(run, _run))
        {
            _inputError = ex.Message;
            _stages = [];
            _outcome = "invalid";
        }
        catch (OperationCanceledException) when (run.IsCancellationRequested)
        {
            if (ReferenceEquals(run, _run))
            {
                MarkUnfinished(StageState.Cancelled);
                SettleUnansweredLlm(StageState.Cancelled);
                _status = "Analysis cancelled. The results shown are the stages that finished.";
                _outcome = "cancelled";
            }
        }
        catch (JSDisconnectedException)
        {
            // The tab closed while the text was being read.
        }
        catch (JSException ex) when (ReferenceEquals(run, _run))
        {
            Log.PasteReadFailed(Logger, ex);
            _inputError = "The browser could not hand over the pasted text. Try again, or save it to a file and choose the file.";
            _stages = [];
            _outcome = "invalid";
        }
        catch (Exception ex) when (ReferenceEquals(run, _run) && ex is not OperationCanceledException)
        {
            var failed = Ordered.FirstOrDefault(s => !_stageDone.Contains(s) && StateOf(s) != StageState.Skipped);
            Log.StageFailed(Logger, ex, failed);
            MarkUnfinished(StageState.Failed, failed);
            SettleUnansweredLlm(StageState.Failed);
            _outcome = "failed";
            _errors[PaneFor(failed)] = $"The “{LabelOf(failed)}” stage failed unexpectedly, so its results are missing. "
                + "The results of earlier stages are complete; you can analyse again.";
        }
        finally
        {
            if (ReferenceEquals(run, _run))
            {
                _running = false;
                _run = null;
            }

            run.Dispose();
        }
    }

    private void StartRun(bool useLlm)
    {
        _running = true;
        _outcome = "running";
        _inputError = null;
        _status = null;
        _document = null;
        _histogram = null;
        _viewer = null;
        _errors.Clear();
        _stageDone.Clear();
        _lastElapsed = TimeSpan.Zero;
        _stages = StageStatus.Initial(useLlm);
        SetState(AnalysisStage.Records, StageState.Running);
    }

    /// <summary>The chosen file, or the pasted text streamed from the browser; or a message saying why not.</summary>
    private async Task<(AnalysisRequest? Request, string? Error)> ReadInputAsync(bool useLlm, CancellationToken cancellationToken)
    {
        if (_file is not null)
        {
            return (new AnalysisRequest { Bytes = _file.Content, UseLlm = useLlm, IncludeRecords = true }, null);
        }

        IJSObjectReference module;
        try
        {
            module = await ModuleAsync(cancellationToken).WaitAsync(ModuleStartWait, cancellationToken);
        }
        catch (TimeoutException)
        {
            return (null, "The page is still starting; try again in a moment.");
        }

        var size = await module.InvokeAsync<long>("textSize", cancellationToken, LogInputPanel.TextAreaId);
        _pastedBytes = size;
        if (size == 0)
        {
            return (AnalysisRequest.FromText("", useLlm), null);
        }

        if (size > MaxBytes)
        {
            return (null, $"The pasted text is {AnalysisRequestValidator.FormatSize(size)}, over the limit of {AnalysisRequestValidator.FormatSize(MaxBytes)}. Split it or keep the relevant time window.");
        }

        // The text travels as a chunked stream, not one SignalR message (whose default limit is 32 KB).
        _status = $"Reading {AnalysisRequestValidator.FormatSize(size)} from the browser…";
        Render();
        await using var reference = await module.InvokeAsync<IJSStreamReference>("textStream", cancellationToken, LogInputPanel.TextAreaId);
        var stream = await reference.OpenReadStreamAsync(MaxBytes, cancellationToken);
        await using (stream.ConfigureAwait(true))
        {
            var bytes = await LogFileReader.ReadLimitedAsync(stream, MaxBytes, cancellationToken);
            _status = "Analyzing…";
            Render();
            return bytes is null
                ? (null, $"The pasted text is over the limit of {AnalysisRequestValidator.FormatSize(MaxBytes)}. Split it or keep the relevant time window.")
                : (new AnalysisRequest { Bytes = bytes, UseLlm = useLlm, IncludeRecords = true }, null);
        }
    }

    private void Apply(AnalysisUpdate update)
    {
        _document = update.Document;
        if (update.Stage == AnalysisStage.Records)
        {
            _status = null;
            _histogram = LevelHistogram.Build(update.Document.Records);
        }

        if (update.Stage == AnalysisStage.Completed)
        {
            _status = string.Create(CultureInfo.InvariantCulture, $"Completed in {update.Elapsed.TotalMilliseconds:N0} ms.");
            _outcome = "completed";
            return;
        }

        _stageDone.Add(update.Stage);
        SetState(update.Stage, StageState.Done, update.Elapsed - _lastElapsed);
        _lastElapsed = update.Elapsed;
        var next = Ordered.SkipWhile(s => s != update.Stage).Skip(1)
            .FirstOrDefault(s => StateOf(s) == StageState.Waiting, (AnalysisStage)(-1));
        if (next >= 0)
        {
            SetState(next, StageState.Running);
        }
    }

    /// <summary>
    /// A run that stopped while the model was still thinking leaves the document's LLM report "pending"; say what
    /// happened instead, so the JSON view, the export and the Markdown summary do not claim an answer is on its way.
    /// </summary>
    private void SettleUnansweredLlm(StageState state)
    {
        if (_document is { Llm.Status: LlmStatus.Pending } document)
        {
            _document = document with
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
            var current = StateOf(stage);
            if (current is StageState.Running or StageState.Waiting)
            {
                SetState(stage, failed is null || stage == failed ? state : StageState.Cancelled);
            }
        }
    }

    private StageState StateOf(AnalysisStage stage) =>
        _stages.FirstOrDefault(s => s.Stage == stage)?.State ?? StageState.Waiting;

    private void SetState(AnalysisStage stage, StageState state, TimeSpan? elapsed = null) =>
        _stages = [.. _stages.Select(s => s.Stage == stage ? s with { State = state, Elapsed = elapsed ?? s.Elapsed } : s)];

    private bool IsRunning(AnalysisStage stage) => _running && StateOf(stage) == StageState.Running;

    private string? ErrorFor(Pane pane) => _errors.GetValueOrDefault(pane);

    private static Pane PaneFor(AnalysisStage stage) => stage switch
    {
        AnalysisStage.Records or AnalysisStage.Patterns => Pane.Results,
        AnalysisStage.Groups => Pane.Groups,
        _ => Pane.Insights,
    };

    private static string LabelOf(AnalysisStage stage) =>
        StageStatus.Initial(useLlm: true).First(s => s.Stage == stage).Label;

    private async Task Cancel()
    {
        if (_run is not null)
        {
            await _run.CancelAsync();
        }
    }

    private async Task CancelRunAsync()
    {
        var previous = _run;
        _run = null;
        if (previous is not null)
        {
            await previous.CancelAsync();
        }
    }

    private async Task FileSelectedAsync(InputFileChangeEventArgs e)
    {
        var file = e.File;
        _inputError = LogFileReader.Check(file.Name, file.Size, MaxBytes);
        if (_inputError is not null)
        {
            return;
        }

        _loadingFile = true;
        _file = null;
        Render();
        try
        {
            var stream = file.OpenReadStream(MaxBytes, _lifetime.Token);
            await using (stream.ConfigureAwait(true))
            {
                _file = await LogFileReader.ReadAsync(file.Name, file.Size, stream, MaxBytes, _lifetime.Token);
            }
        }
        catch (LogFileException ex)
        {
            _inputError = ex.Message;
        }
        catch (Exception ex) when (ex is IOException or JSException or InvalidOperationException)
        {
            Log.FileReadFailed(Logger, ex);
            _inputError = $"\"{file.Name}\" could not be read. Try again, or paste its content.";
        }
        catch (Exception ex) when (ex is OperationCanceledException or JSDisconnectedException)
        {
            return;
        }
        finally
        {
            _loadingFile = false;
        }

        if (_file is not null)
        {
            await AnalyzeAsync();
        }
    }

    private void ClearFile()
    {
        _file = null;
        _inputError = null;
    }

    private async Task LoadExampleAsync()
    {
        _file = null;
        _inputError = null;
        await SetTextAsync(ExampleLog.Text);
    }

    private async Task ClearTextAsync()
    {
        _inputError = null;
        await SetTextAsync("");
    }

    /// <summary>Puts <paramref name="text"/> in the paste box, once the input module is attached.</summary>
    private async Task SetTextAsync(string text)
    {
        try
        {
            var module = await ModuleAsync(_lifetime.Token);
            await module.InvokeVoidAsync("setText", _lifetime.Token, LogInputPanel.TextAreaId, text);
        }
        catch (Exception ex) when (ex is JSDisconnectedException or OperationCanceledException)
        {
            // The circuit is closing.
        }
    }

    private async Task ShowGroupRecordsAsync(string groupId)
    {
        if (_document?.Records is not { } records)
        {
            return;
        }

        var group = _document.Groups.FirstOrDefault(g => string.Equals(g.Id, groupId, StringComparison.Ordinal));
        var rows = await Task.Run(() => RecordWindow.ForGroup(records, groupId, ContextRecords));
        _viewer = new ViewerState(
            string.Create(CultureInfo.InvariantCulture, $"All {group?.Count ?? 0:N0} records of {group?.Label ?? groupId} in context"),
            rows, ContextRecords, groupId);
        _revealViewer = true;
    }

    private Task ShowEvidenceAsync(EvidenceRequest request)
    {
        if (_document?.Records is not { } records)
        {
            return Task.CompletedTask;
        }

        var group = _document.Groups.FirstOrDefault(g => string.Equals(g.Id, request.GroupId, StringComparison.Ordinal));
        var lines = string.Join(", ", request.Lines);
        _viewer = new ViewerState(
            $"{(request.Lines.Count == 1 ? "Line" : "Lines")} {lines} cited for {group?.Label ?? request.GroupId}",
            RecordWindow.AroundLines(records, request.Lines, ContextRecords), ContextRecords, request.GroupId);
        _revealViewer = true;
        return Task.CompletedTask;
    }

    private void CloseViewer() => _viewer = null;

    /// <summary>A per-client permit for one analysis (or preview); <paramref name="refusal"/> says why not, for the page.</summary>
    private async Task<(AnalysisPermit Permit, string? Refusal)> AcquirePermitAsync(CancellationToken cancellationToken)
    {
        if (Circuit.OverCircuitCap)
        {
            return (AnalysisPermit.Unlimited, $"Too many LogAnalyzer tabs are open for you ({Limiter.Options.CircuitsPerClient} at most). Close one and reload this tab to analyse here.");
        }

        // With Redis configured the per-minute budget is one budget across instances (AnalysisRateLimiter.TryAcquireAsync).
        var permit = await Limiter.TryAcquireAsync(_client, cancellationToken);
        return (permit, permit.Granted ? null : $"{Limiter.Options.Describe()} Try again in {permit.RetryAfterSeconds} s.");
    }

    /// <summary>Why the input cannot be analysed (empty, too large), checked before waiting for a server slot.</summary>
    private string? InvalidInput(AnalysisRequest? request) =>
        request is not null && Analysis.Validate(request) is { IsValid: false } validation ? validation.Errors[0].ErrorMessage : null;

    private static string ServerBusy(AnalysisPermit slot) =>
        $"The server is busy with other analyses. Try again in {slot.RetryAfterSeconds} s.";

    /// <summary>Shows the exact messages the LLM stage would send for the current results, or for the current input.</summary>
    private async Task OpenPreviewAsync()
    {
        _previewOpen = true;
        _previewLoading = true;
        _preview = null;
        _previewError = null;
        Render();
        try
        {
            if (_document is { Records: not null } document && _stageDone.Contains(AnalysisStage.Groups))
            {
                _preview = Previews.Preview(document);
                return;
            }

            // Previewing the input runs a whole analysis: the same per-client limits and server gate as Analyse.
            var (permit, refusal) = await AcquirePermitAsync(_lifetime.Token);
            using var held = permit;
            if (refusal is not null)
            {
                _previewError = refusal;
                return;
            }

            var (request, error) = await ReadInputAsync(useLlm: false, _lifetime.Token);
            _status = null;
            error ??= InvalidInput(request);
            if (request is null || error is not null)
            {
                _previewError = error;
                return;
            }

            using var slot = await Gate.EnterAsync(request.SizeInBytes(), _lifetime.Token);
            if (!slot.Granted)
            {
                _previewError = ServerBusy(slot);
                return;
            }

            _preview = await Previews.PreviewAsync(request, _lifetime.Token);
        }
        catch (AnalysisInputException ex)
        {
            _previewError = ex.Message;
        }
        catch (Exception ex) when (ex is OperationCanceledException or JSDisconnectedException)
        {
            // The page is closing.
        }
        catch (Exception ex)
        {
            Log.PreviewFailed(Logger, ex);
            _previewError = "The preview could not be prepared. The analysis itself is not affected.";
        }
        finally
        {
            _previewLoading = false;
        }
    }

    private async Task DownloadJsonAsync()
    {
        if (_document is not { } document || Module is not { } module)
        {
            return;
        }

        var bytes = await Task.Run(() => JsonSerializer.SerializeToUtf8Bytes(document, AnalysisJson.Indented));
        using var content = new MemoryStream(bytes, writable: false);
        using var reference = new DotNetStreamReference(content, leaveOpen: true);
        await module.InvokeVoidAsync("download", _lifetime.Token, $"analysis-{document.Id}.json", "application/json", reference);
    }

    private async Task CopyJsonAsync()
    {
        if (_document is not { } document || Module is not { } module)
        {
            return;
        }

        var bytes = await Task.Run(() => JsonSerializer.SerializeToUtf8Bytes(document, AnalysisJson.Indented));
        using var content = new MemoryStream(bytes, writable: false);
        using var reference = new DotNetStreamReference(content, leaveOpen: true);
        var copied = await module.InvokeAsync<bool>("copyFromStream", _lifetime.Token, reference);
        Notify(copied, "JSON copied to the clipboard.");
    }

    private async Task CopyMarkdownAsync()
    {
        if (_document is not { } document || Module is not { } module)
        {
            return;
        }

        var copied = await module.InvokeAsync<bool>("copyText", _lifetime.Token, IncidentMarkdown.Build(document));
        Notify(copied, "Incident summary copied as Markdown.");
    }

    private void Notify(bool copied, string message) =>
        Snackbar.Add(copied ? message : "The browser did not allow copying to the clipboard.",
            copied ? MudBlazor.Severity.Success : MudBlazor.Severity.Warning);

    private void Render()
    {
        if (!_disposed)
        {
            StateHasChanged();
        }
    }

    private sealed record ViewerState(string Title, IReadOnlyList<RecordRow> Rows, int Context, string? GroupId);

    private static partial class Log
    {
        [LoggerMessage(5101, LogLevel.Error, "Analysis stage {Stage} failed in the dashboard", EventName = "DashboardStageFailed")]
        public static partial void StageFailed(ILogger logger, Exception exception, AnalysisStage stage);

        [LoggerMessage(5102, LogLevel.Warning, "The browser could not stream the pasted text", EventName = "DashboardPasteReadFailed")]
        public static partial void PasteReadFailed(ILogger logger, Exception exception);

        [LoggerMessage(5103, LogLevel.Warning, "An uploaded file could not be read", EventName = "DashboardFileReadFailed")]
        public static partial void FileReadFailed(ILogger logger, Exception exception);

        [LoggerMessage(5104, LogLevel.Error, "The prompt preview failed in the dashboard", EventName = "DashboardPreviewFailed")]
        public static partial void PreviewFailed(ILogger logger, Exception exception);
    }
}
