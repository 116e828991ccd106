using Bunit;
using LogAnalyzer.Core.Llm;
using LogAnalyzer.Core.Model;
using LogAnalyzer.Web.Components.Pages;
using LogAnalyzer.Web.Hosting;
using LogAnalyzer.Web.Input;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LogAnalyzer.Tests.Web.Components;

public sealed class DashboardTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task LlmStageThrows_ShowsReadableErrorInInsightsPane_AndKeepsRulesAndGroups()
    {
        var llm = new ScriptedLlm(throwOnCall: true);
        await using var ctx = CreateContext(llm);
        var cut = ctx.Render<Dashboard>();

        var run = Upload(cut, ExampleLog.Text);
        await llm.Called.Task.WaitAsync(Wait);
        await run.WaitAsync(Wait);

        cut.WaitForAssertion(() => Assert.Equal("failed", RunState(cut)), Wait);
        var insightsPane = cut.Find(".la-right");
        var message = insightsPane.QuerySelector(".mud-alert")?.TextContent ?? "";
        Assert.Contains("The “LLM insights” stage failed unexpectedly", message, StringComparison.Ordinal);
        Assert.Contains("you can analyse again", message, StringComparison.Ordinal);
        // Neither the exception's message, its type nor a stack trace reaches the page.
        Assert.DoesNotContain("scripted failure", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain(" at LogAnalyzer.", cut.Markup, StringComparison.Ordinal);
        // The LLM status says the stage ended instead of still waiting for the model.
        var status = cut.Find("[data-testid=llm-status]");
        Assert.Equal("failed", status.GetAttribute("data-status"));
        Assert.DoesNotContain("Waiting for", status.TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll(".la-right [aria-label='Waiting for the LLM']"));
        // Everything the deterministic stages produced is still there.
        AssertDeterministicResultsShown(cut);
        Assert.Equal("failed", StageState(cut, "LlmInsights"));
        Assert.Empty(cut.FindAll("button[data-testid=cancel]"));
        Assert.False(cut.Find("button[data-testid=analyze]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task ReRun_AfterAnLlmFailure_ClearsTheStaleError_AndSaysHowLongThePersonWaited()
    {
        var llm = new LogAnalyzer.Tests.Web.Components.ScriptedLlm(LlmBehaviour.Throw, LlmBehaviour.Answer);
        await using var ctx = CreateContext(llm);
        var cut = ctx.Render<Dashboard>();

        await Upload(cut, ExampleLog.Text).WaitAsync(Wait);
        cut.WaitForAssertion(() => Assert.Equal("failed", RunState(cut)), Wait);
        Assert.NotEmpty(cut.FindAll(".la-right .mud-alert"));

        await cut.Find("button[data-testid=analyze]").ClickAsync(new MouseEventArgs());

        cut.WaitForAssertion(() => Assert.Equal("completed", RunState(cut)), Wait);
        Assert.Empty(cut.FindAll(".la-right .mud-alert"));
        Assert.Equal("done", StageState(cut, "LlmInsights"));
        Assert.Matches(@"^Completed in \d+(\.\d)? m?s\.$", cut.Find("[data-testid=run-status]").TextContent);
        Assert.Matches(@"^\d+ groups?$", cut.Find("[data-testid=group-total]").TextContent);
        Assert.Equal("succeeded", cut.Find("[data-testid=llm-status]").GetAttribute("data-status"));
    }

    [Fact]
    public async Task BlankPaste_ItsLateSizeReport_DoesNotClearTheError_ButAnEditDoes()
    {
        await using var ctx = CreateContext(new ScriptedLlm(throwOnCall: false));
        var cut = ctx.Render<Dashboard>();
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find("[data-testid=dashboard]").GetAttribute("data-ready")), Wait);

        // bUnit's loose JS runtime reports an empty text area.
        await cut.Find("button[data-testid=analyze]").ClickAsync(new MouseEventArgs());
        cut.WaitForAssertion(() => Assert.Equal("invalid", RunState(cut)), Wait);
        Assert.Contains("at least one line", cut.Find("[data-testid=input-error]").TextContent, StringComparison.Ordinal);

        // The browser's debounced report of the same (empty) text arrives after the refusal.
        await cut.InvokeAsync(() => cut.Instance.OnPastedTextChanged(0, blank: true, held: false));
        Assert.Contains("at least one line", cut.Find("[data-testid=input-error]").TextContent, StringComparison.Ordinal);

        // Typing changes the text: the message about the old text goes.
        await cut.InvokeAsync(() => cut.Instance.OnPastedTextChanged(42, blank: false, held: false));
        Assert.Empty(cut.FindAll("[data-testid=input-error]"));
    }

    [Fact]
    public async Task Cancel_CancelsTheRunningLlmCall()
    {
        var llm = new ScriptedLlm(throwOnCall: false);
        await using var ctx = CreateContext(llm);
        var cut = ctx.Render<Dashboard>();

        var run = Upload(cut, ExampleLog.Text);
        await llm.Called.Task.WaitAsync(Wait);
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=insight][data-source=rules]")), Wait);
        Assert.Equal("running", RunState(cut));
        Assert.False(run.IsCompleted, "the page's handler runs the whole analysis, LLM call included");

        await cut.Find("button[data-testid=cancel]").ClickAsync(new MouseEventArgs());

        await llm.Cancelled.Task.WaitAsync(Wait);
        await run.WaitAsync(Wait);
        cut.WaitForAssertion(() => Assert.Equal("cancelled", RunState(cut)), Wait);
        Assert.Contains("Analysis cancelled", cut.Find("[data-testid=run-status]").TextContent, StringComparison.Ordinal);
        Assert.Equal("cancelled", StageState(cut, "LlmInsights"));
        var status = cut.Find("[data-testid=llm-status]");
        Assert.Equal("cancelled", status.GetAttribute("data-status"));
        Assert.DoesNotContain("Waiting for", status.TextContent, StringComparison.Ordinal);

        // The document behind the panes and the exports says so too, instead of "pending".
        var llmReport = cut.FindComponent<LogAnalyzer.Web.Components.Analysis.InsightsPanel>().Instance.Llm!;
        Assert.Equal(LlmStatus.Cancelled, llmReport.Status);
        Assert.Contains("cancelled before the model answered", llmReport.FallbackReason, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll(".la-right [aria-label='Waiting for the LLM']"));
        AssertDeterministicResultsShown(cut);
        Assert.Empty(cut.FindAll("button[data-testid=cancel]"));
        Assert.False(cut.Find("button[data-testid=analyze]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task DisposingThePage_CancelsTheRun()
    {
        var llm = new ScriptedLlm(throwOnCall: false);
        await using var ctx = CreateContext(llm);
        var cut = ctx.Render<Dashboard>();

        var run = Upload(cut, ExampleLog.Text);
        await llm.Called.Task.WaitAsync(Wait);
        Assert.False(llm.Cancelled.Task.IsCompleted);

        // What the circuit does when the tab closes: the renderer disposes its components.
        await ctx.DisposeComponentsAsync();

        await llm.Cancelled.Task.WaitAsync(Wait);
        // The page's handler ends quietly (no exception escapes to the closed circuit).
        await run.WaitAsync(Wait);
    }

    [Fact]
    public async Task EmptyFile_ShowsReadableMessage()
    {
        await using var ctx = CreateContext(new ScriptedLlm(throwOnCall: false));
        var cut = ctx.Render<Dashboard>();

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("", "empty.log"));

        cut.WaitForAssertion(() => Assert.Contains("is empty", cut.Find("[data-testid=input-error]").TextContent, StringComparison.Ordinal), Wait);
    }

    [Fact]
    public async Task BlankInput_WhileTheServerGateIsFull_IsRefusedAtOnce_WithoutWaitingForASlot()
    {
        await using var ctx = CreateContext(new ScriptedLlm(throwOnCall: false));
        var gate = ctx.Services.GetRequiredService<AnalysisGate>();
        using var first = await gate.EnterAsync(0, CancellationToken.None); // the default gate: two analyses at once
        using var second = await gate.EnterAsync(0, CancellationToken.None);
        var cut = ctx.Render<Dashboard>();

        var run = Upload(cut, "   \n\t\n");

        cut.WaitForAssertion(() => Assert.Contains("only whitespace", cut.Find("[data-testid=input-error]").TextContent, StringComparison.Ordinal), Wait);
        await run.WaitAsync(Wait);
    }

    /// <summary>
    /// Chooses a file, as the InputFile's change event does, and returns the page's handler without waiting for it.
    /// The handler runs the whole analysis (LLM call included), and bUnit's <c>UploadFiles</c> blocks the test thread
    /// until it returns: with an LLM that thinks until cancelled, the test never got to press Cancel.
    /// </summary>
    [Fact]
    public async Task LoadExample_ClickedBeforeTheInputModuleIsReady_FillsTheTextOnceItIs()
    {
        // Under load the circuit turns interactive before logInput.js is imported; an early click must not be lost.
        var import = new TaskCompletionSource<Microsoft.JSInterop.IJSObjectReference>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var ctx = CreateContext(new ScriptedLlm(throwOnCall: false), c =>
            c.Services.AddSingleton<Microsoft.JSInterop.IJSRuntime>(new HeldImportRuntime(c.JSInterop.JSRuntime, import.Task)));
        var module = new RecordingModule();
        var cut = ctx.Render<Dashboard>();

        cut.Find("[data-testid=load-example]").Click();
        Assert.Empty(module.Calls);
        Assert.Equal("false", cut.Find("[data-testid=dashboard]").GetAttribute("data-ready"));

        import.SetResult(module);

        cut.WaitForAssertion(() => Assert.Contains(module.Calls, c => c.Identifier == "setText" && ((string?)c.Args[1])?.Length > 100), Wait);
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find("[data-testid=dashboard]").GetAttribute("data-ready")), Wait);
    }

    /// <summary>bUnit's JS runtime, except that importing a module waits until the test lets it finish.</summary>
    private sealed class HeldImportRuntime(Microsoft.JSInterop.IJSRuntime inner, Task<Microsoft.JSInterop.IJSObjectReference> module) : Microsoft.JSInterop.IJSRuntime
    {
        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) =>
            InvokeAsync<TValue>(identifier, CancellationToken.None, args);

        public async ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args) =>
            identifier == "import"
                ? (TValue)await module.WaitAsync(cancellationToken)
                : await inner.InvokeAsync<TValue>(identifier, cancellationToken, args);
    }

    /// <summary>A JS module that records what the page calls on it.</summary>
    private sealed class RecordingModule : Microsoft.JSInterop.IJSObjectReference
    {
        public System.Collections.Concurrent.ConcurrentQueue<(string Identifier, object?[] Args)> Calls { get; } = new();

        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) =>
            InvokeAsync<TValue>(identifier, CancellationToken.None, args);

        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args)
        {
            Calls.Enqueue((identifier, args ?? []));
            return ValueTask.FromResult(default(TValue)!);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    [Fact]
    public async Task ABoundedAnalysis_SaysWhatItLeftOut_CountsWhatWasCut_AndShowsAGroupsRecordsFromTheStore()
    {
        await using var ctx = CreateContext(new DisabledLlmInsightService(), c =>
        {
            c.Services.Configure<LogAnalyzer.Web.Runs.DashboardOptions>(o => (o.MaxRecordsHeld, o.RecordsKept, o.MaxGroupRecordsShown) = (100, 10, 5));
            c.Services.Configure<LogAnalyzer.Web.Api.ApiOptions>(o => o.MaxPatterns = 3);
        });
        var cut = ctx.Render<Dashboard>();

        await Upload(cut, AnalysisRunTests.LargeLog(400)).WaitAsync(Wait);

        cut.WaitForAssertion(() => Assert.Equal("completed", RunState(cut)), Wait);
        var notice = cut.Find("[data-testid=bounded-notice]").TextContent;
        Assert.Contains("390 records", notice, StringComparison.Ordinal);
        Assert.Matches(@"GET /api/v1/analyses/[0-9a-f]{32}/records\?offset=10&limit=1000", cut.Find("[data-testid=records-path]").TextContent);
        Assert.Matches(@"Patterns \(3 of \d+\)", cut.Find(".la-tabs").TextContent);
        Assert.Equal("400", cut.Find("[data-testid=total-records]").TextContent);

        await cut.InvokeAsync(() => cut.Find("[data-testid=show-group-records]").Click());

        cut.WaitForAssertion(() => Assert.StartsWith("First 5 of ", cut.Find("#la-viewer-title").TextContent, StringComparison.Ordinal), Wait);
        Assert.Equal(5, cut.FindAll("[data-testid=viewer-record][data-highlighted=true]").Count);
        Assert.Empty(cut.FindAll("[data-testid=viewer-note]"));
    }

    private static Task Upload(IRenderedComponent<Dashboard> cut, string text)
    {
        var input = cut.FindComponent<InputFile>();
        var args = new InputFileChangeEventArgs([new TextFile("incident.log", text)]);
        return cut.InvokeAsync(() => input.Instance.OnChange.InvokeAsync(args));
    }

    private static string? RunState(IRenderedComponent<Dashboard> cut) =>
        cut.Find("[data-testid=dashboard]").GetAttribute("data-run");

    private static string? StageState(IRenderedComponent<Dashboard> cut, string stage) =>
        cut.Find($"[data-stage={stage}]").GetAttribute("data-state");

    private static void AssertDeterministicResultsShown(IRenderedComponent<Dashboard> cut)
    {
        foreach (var stage in new[] { "Records", "Patterns", "Groups", "RulesInsights" })
        {
            Assert.Equal("done", StageState(cut, stage));
        }

        Assert.NotEmpty(cut.FindAll("[data-testid=total-lines]"));
        Assert.NotEmpty(cut.FindAll("[data-testid=pattern-row]"));
        Assert.NotEmpty(cut.FindAll("[data-testid=error-group]"));
        var insights = cut.FindAll("[data-testid=insight]");
        Assert.NotEmpty(insights);
        Assert.All(insights, i => Assert.Equal("rules", i.GetAttribute("data-source")));
    }

    private static BunitContext CreateContext(ILlmInsightService llm, Action<BunitContext>? services = null)
    {
        var ctx = ComponentTestContext.Create();
        services?.Invoke(ctx);
        var configuration = new ConfigurationBuilder().Build();
        ctx.Services.AddSingleton<IConfiguration>(configuration);
        ctx.Services.AddLogging();
        ctx.Services.AddLogAnalyzerCore();
        ctx.Services.AddSingleton(llm);
        ctx.Services.AddAnalysisLimits(configuration);
        ctx.Services.AddScoped<CircuitClient>();
        ctx.Services.AddHttpContextAccessor();
        LogAnalyzer.Tests.Storage.TestStore.AddTo(ctx.Services);
        ctx.Services.AddTransient<LogAnalyzer.Web.Runs.AnalysisRun>();
        ctx.Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        return ctx;
    }

    /// <summary>A chosen file as the browser hands it over.</summary>
    private sealed class TextFile(string name, string text) : IBrowserFile
    {
        private readonly byte[] _content = System.Text.Encoding.UTF8.GetBytes(text);

        public string Name => name;

        public DateTimeOffset LastModified => Samples.T0;

        public long Size => _content.Length;

        public string ContentType => "text/plain";

        public Stream OpenReadStream(long maxAllowedSize = 512000, CancellationToken cancellationToken = default) =>
            Size > maxAllowedSize ? throw new IOException("over the allowed size") : new MemoryStream(_content, writable: false);
    }

    /// <summary>A configured LLM that either throws or thinks until cancelled, and reports both.</summary>
    private sealed class ScriptedLlm(bool throwOnCall) : ILlmInsightService
    {
        public TaskCompletionSource Called { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool IsConfigured => true;

        public string? Model => "scripted-model";

        public async Task<LlmStageResult> ExplainAsync(LlmStageInput input, CancellationToken cancellationToken)
        {
            Called.TrySetResult();
            if (throwOnCall)
            {
                throw new InvalidOperationException("scripted failure");
            }

            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                Cancelled.TrySetResult();
                throw;
            }

            return new LlmStageResult([], [], new LlmReport { Status = LlmStatus.Succeeded });
        }
    }
}
