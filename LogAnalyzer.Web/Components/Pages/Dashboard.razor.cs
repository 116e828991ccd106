using LogAnalyzer.Core.Analysis;
using LogAnalyzer.Core.Ingestion;
using LogAnalyzer.Core.Model;
using LogAnalyzer.Web.Components.Analysis;
using LogAnalyzer.Web.Export;
using LogAnalyzer.Web.Hosting;
using LogAnalyzer.Web.Input;
using LogAnalyzer.Web.Runs;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;
using MudBlazor;
using System.Text.Json;

namespace LogAnalyzer.Web.Components.Pages;

/// <summary>
/// The dashboard's layout and wiring: the run itself (stages, document, errors, cancellation, viewer, preview) is
/// <see cref="AnalysisRun"/>; the page streams the input from the browser into it, renders it on every change,
/// talks to logInput.js, and cancels everything (the LLM call included) when the circuit closes.
/// </summary>
public sealed partial class Dashboard : IAsyncDisposable
{
    private static readonly DialogOptions PreviewOptions = new()
    {
        MaxWidth = MaxWidth.Large, FullWidth = true, CloseButton = true, CloseOnEscapeKey = true,
    };

    /// <summary>How long Analyze waits for the input module on a slow start before saying the page is still starting.</summary>
    private static readonly TimeSpan ModuleStartWait = TimeSpan.FromSeconds(30);

    private readonly CancellationTokenSource _lifetime = new();

    /// <summary>
    /// Completes when logInput.js is imported and attached. The circuit turns interactive before that (much before, on
    /// a busy server), so actions that need the module wait for it rather than doing nothing.
    /// </summary>
    private readonly TaskCompletionSource<IJSObjectReference> _moduleReady = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The input module once attached, else null (for actions that simply do nothing before it).</summary>
    private IJSObjectReference? Module => _moduleReady.Task.IsCompletedSuccessfully ? _moduleReady.Task.Result : null;
    private DotNetObjectReference<Dashboard>? _self;
    private bool _loadingFile;
    private bool _useLlm;
    private bool _revealViewer;
    private bool _disposed;
    private long? _pastedBytes;
    private bool _pastedHeld;
    private LoadedLogFile? _file;

    [Inject] private AnalysisRun Run { get; set; } = default!;

    [Inject] private IJSRuntime JS { get; set; } = default!;

    [Inject] private IOptions<IngestionOptions> Ingestion { get; set; } = default!;

    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [Inject] private ILogger<Dashboard> Logger { get; set; } = default!;

    [Inject] private IHttpContextAccessor HttpContextAccessor { get; set; } = default!;

    private long MaxBytes => Ingestion.Value.MaxInputBytes;

    /// <summary>
    /// The browser reports the pasted text's size (never the text) as it changes, 200 ms after the last keystroke. A
    /// report of the size the run already read is late news about the same text: it must not clear the error about it
    /// (a blank paste analysed at once lost its "empty or only whitespace" message to that late report).
    /// </summary>
    [JSInvokable]
    public Task OnPastedTextChanged(long bytes, bool blank, bool held)
    {
        var changed = bytes != _pastedBytes;
        _pastedBytes = bytes;
        _pastedHeld = held;
        if (changed && _file is null && !Run.Running)
        {
            Run.ShowInputError(null);
        }

        StateHasChanged();
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        Run.Changed -= OnRunChanged;
        await _lifetime.CancelAsync();
        await Run.DisposeAsync();
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
        _useLlm = Run.LlmConfigured;

        // The connection that opened this circuit identifies the client for the per-client limits the API shares.
        Run.Client = HttpContextAccessor.HttpContext is { } http ? ClientIdentity.Of(http) : "circuit:unknown";
        Run.User = Storage.AnalysisArchive.UserOf(HttpContextAccessor.HttpContext?.User);
        Run.Changed += OnRunChanged;
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

    /// <summary>Every change of the run renders the page (from whichever context the run continued on).</summary>
    private void OnRunChanged(object? sender, EventArgs e)
    {
        if (!_disposed)
        {
            _ = InvokeAsync(StateHasChanged);
        }
    }

    /// <summary>The input module, once the page has attached it (waits for it on a slow start).</summary>
    private Task<IJSObjectReference> ModuleAsync(CancellationToken cancellationToken) => _moduleReady.Task.WaitAsync(cancellationToken);

    private Task AnalyzeAsync() => Run.AnalyzeAsync(ReadInputAsync, _useLlm);

    private Task CancelAsync() => Run.CancelAsync();

    private Task OpenPreviewAsync() => Run.OpenPreviewAsync(ReadInputAsync);

    private async Task ShowGroupRecordsAsync(string groupId)
    {
        await Run.ShowGroupRecordsAsync(groupId);
        _revealViewer = Run.Viewer is not null;
    }

    private async Task ShowEvidenceAsync(EvidenceRequest request)
    {
        await Run.ShowEvidenceAsync(request);
        _revealViewer = Run.Viewer is not null;
    }

    /// <summary>The chosen file, or the pasted text streamed from the browser; or a message saying why not.</summary>
    private async Task<RunInput> ReadInputAsync(bool useLlm, CancellationToken cancellationToken)
    {
        if (_file is not null)
        {
            return RunInput.Of(new AnalysisRequest { Bytes = _file.Content, UseLlm = useLlm, IncludeRecords = true });
        }

        try
        {
            return await ReadPastedTextAsync(useLlm, cancellationToken);
        }
        catch (JSDisconnectedException)
        {
            return RunInput.Gone; // the tab closed while the text was being read
        }
        catch (JSException ex)
        {
            Log.PasteReadFailed(Logger, ex);
            return RunInput.Refused("The browser could not hand over the pasted text. Try again, or save it to a file and choose the file.");
        }
    }

    private async Task<RunInput> ReadPastedTextAsync(bool useLlm, CancellationToken cancellationToken)
    {
        IJSObjectReference module;
        try
        {
            module = await ModuleAsync(cancellationToken).WaitAsync(ModuleStartWait, cancellationToken);
        }
        catch (TimeoutException)
        {
            return RunInput.Refused("The page is still starting; try again in a moment.");
        }

        var size = await module.InvokeAsync<long>("textSize", cancellationToken, LogInputPanel.TextAreaId);
        _pastedBytes = size;
        if (size == 0)
        {
            return RunInput.Of(AnalysisRequest.FromText("", useLlm));
        }

        if (size > MaxBytes)
        {
            return RunInput.Refused($"The pasted text is {AnalysisRequestValidator.FormatSize(size)}, over the limit of {AnalysisRequestValidator.FormatSize(MaxBytes)}. Split it or keep the relevant time window.");
        }

        // The text travels as a chunked stream, not one SignalR message (whose default limit is 32 KB).
        Run.ShowStatus($"Reading {AnalysisRequestValidator.FormatSize(size)} from the browser…");
        await using var reference = await module.InvokeAsync<IJSStreamReference>("textStream", cancellationToken, LogInputPanel.TextAreaId);
        var stream = await reference.OpenReadStreamAsync(MaxBytes, cancellationToken);
        await using (stream.ConfigureAwait(true))
        {
            var bytes = await LogFileReader.ReadLimitedAsync(stream, MaxBytes, cancellationToken);
            Run.ShowStatus("Analyzing…");
            return bytes is null
                ? RunInput.Refused($"The pasted text is over the limit of {AnalysisRequestValidator.FormatSize(MaxBytes)}. Split it or keep the relevant time window.")
                : RunInput.Of(new AnalysisRequest { Bytes = bytes, UseLlm = useLlm, IncludeRecords = true });
        }
    }

    private async Task FileSelectedAsync(InputFileChangeEventArgs e)
    {
        var file = e.File;
        Run.ShowInputError(LogFileReader.Check(file.Name, file.Size, MaxBytes));
        if (Run.InputError is not null)
        {
            return;
        }

        _loadingFile = true;
        _file = null;
        StateHasChanged();
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
            Run.ShowInputError(ex.Message);
        }
        catch (Exception ex) when (ex is IOException or JSException or InvalidOperationException)
        {
            Log.FileReadFailed(Logger, ex);
            Run.ShowInputError($"\"{file.Name}\" could not be read. Try again, or paste its content.");
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
        Run.ShowInputError(null);
    }

    private async Task LoadExampleAsync()
    {
        _file = null;
        Run.ShowInputError(null);
        await SetTextAsync(ExampleLog.Text);
    }

    private async Task ClearTextAsync()
    {
        Run.ShowInputError(null);
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

    private async Task DownloadJsonAsync()
    {
        if (Run.ExportableDocument is not { } document || Module is not { } module)
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
        if (Run.ExportableDocument is not { } document || Module is not { } module)
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
        if (Run.ExportableDocument is not { } document || Module is not { } module)
        {
            return;
        }

        var copied = await module.InvokeAsync<bool>("copyText", _lifetime.Token, IncidentMarkdown.Build(document));
        Notify(copied, "Incident summary copied as Markdown.");
    }

    private void Notify(bool copied, string message) =>
        Snackbar.Add(copied ? message : "The browser did not allow copying to the clipboard.",
            copied ? MudBlazor.Severity.Success : MudBlazor.Severity.Warning);

    private static partial class Log
    {
        [LoggerMessage(5102, LogLevel.Warning, "The browser could not stream the pasted text", EventName = "DashboardPasteReadFailed")]
        public static partial void PasteReadFailed(ILogger logger, Exception exception);

        [LoggerMessage(5103, LogLevel.Warning, "An uploaded file could not be read", EventName = "DashboardFileReadFailed")]
        public static partial void FileReadFailed(ILogger logger, Exception exception);
    }
}
