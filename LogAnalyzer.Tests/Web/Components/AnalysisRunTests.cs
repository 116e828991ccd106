using System.Collections.Concurrent;
using System.Text;
using LogAnalyzer.Core.Analysis;
using LogAnalyzer.Core.Llm;
using LogAnalyzer.Core.Model;
using LogAnalyzer.Web.Components.Analysis;
using LogAnalyzer.Web.Hosting;
using LogAnalyzer.Web.Input;
using LogAnalyzer.Web.Runs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LogAnalyzer.Tests.Web.Components;

/// <summary>The dashboard's run state machine on its own: the real pipeline and store, a scripted LLM, fake time.</summary>
public sealed class AnalysisRunTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }
    }
    private static readonly AnalysisStage[] DeterministicStages =
        [AnalysisStage.Records, AnalysisStage.Patterns, AnalysisStage.Groups, AnalysisStage.RulesInsights];

    [Fact]
    public async Task Run_ThatCompletes_StreamsStagesInOrder_SavesTheDocument_AndSaysHowLongThePersonWaited()
    {
        await using var host = Host.Create(new ScriptedLlm(LlmBehaviour.Answer));
        var run = host.Run;
        var doneOrder = new List<AnalysisStage>();
        var changes = 0;
        run.Changed += (_, _) =>
        {
            changes++;
            foreach (var stage in run.Stages.Where(s => s.State == StageState.Done).Select(s => s.Stage))
            {
                if (!doneOrder.Contains(stage))
                {
                    doneOrder.Add(stage);
                }
            }
        };

        // Reading the input takes the person's time (350 ms on the fake clock); the pipeline itself takes none.
        await run.AnalyzeAsync(Input(ExampleLog.Text, advance: (host.Time, TimeSpan.FromMilliseconds(350))), useLlm: true);

        Assert.Equal(RunOutcome.Completed, run.Outcome);
        Assert.Equal("completed", run.OutcomeName);
        Assert.False(run.Running);
        Assert.Equal([.. DeterministicStages, AnalysisStage.LlmInsights], doneOrder);
        Assert.True(changes >= 6, $"a change per stage at least, got {changes}");
        Assert.All(run.Stages, s => Assert.Equal(StageState.Done, s.State));
        var document = Assert.IsType<AnalysisDocument>(run.Document);
        Assert.True(document.Saved, "the completed document is the saved one");
        Assert.Equal(LlmStatus.Succeeded, document.Llm.Status);
        Assert.NotEmpty(document.Groups);
        Assert.NotNull(run.Histogram);
        Assert.Equal(TimeSpan.FromMilliseconds(350), run.Waited);
        Assert.Equal("Completed in 350 ms.", run.Status);
        Assert.Null(run.InputError);
        Assert.All(Enum.GetValues<ResultPane>(), p => Assert.Null(run.ErrorFor(p)));
    }

    [Fact]
    public async Task Cancel_MidRun_CancelsTheLlmCall_KeepsFinishedStages_AndSettlesThePendingReport()
    {
        var llm = new ScriptedLlm(LlmBehaviour.ThinkUntilCancelled);
        await using var host = Host.Create(llm);
        var run = host.Run;

        var analysis = run.AnalyzeAsync(Input(ExampleLog.Text), useLlm: true);
        await llm.Called.Task.WaitAsync(Wait);

        // The pipeline writes its updates to a channel that the run reads on its own: the LLM can be asked before the
        // run has applied the stages before it.
        await Until(() => DeterministicStages.All(run.IsDone) && run.IsRunning(AnalysisStage.LlmInsights));
        Assert.True(run.Running);
        Assert.Equal(RunOutcome.Running, run.Outcome);
        Assert.All(DeterministicStages, s => Assert.True(run.IsDone(s), $"{s} done before the LLM is asked"));
        Assert.Equal(StageState.Running, run.StateOf(AnalysisStage.LlmInsights));
        Assert.True(run.IsRunning(AnalysisStage.LlmInsights));
        Assert.Equal(LlmStatus.Pending, run.Document!.Llm.Status);

        await run.CancelAsync();
        await llm.Cancelled.Task.WaitAsync(Wait);
        await analysis.WaitAsync(Wait);

        Assert.Equal(RunOutcome.Cancelled, run.Outcome);
        Assert.Equal(StageState.Cancelled, run.StateOf(AnalysisStage.LlmInsights));
        Assert.All(DeterministicStages, s => Assert.Equal(StageState.Done, run.StateOf(s)));
        Assert.StartsWith("Analysis cancelled", run.Status, StringComparison.Ordinal);
        Assert.Equal(LlmStatus.Cancelled, run.Document!.Llm.Status);
        Assert.Contains("cancelled before the model answered", run.Document.Llm.FallbackReason, StringComparison.Ordinal);
        Assert.NotEmpty(run.Document.Insights);
        Assert.All(run.Document.Insights, i => Assert.Equal(InsightSource.Rules, i.Source));
        Assert.Null(run.Waited);
    }

    [Fact]
    public async Task LlmFailure_KeepsTheRulesAnswer_MarksTheLlmStageFailed_AndSaysWhyInTheInsightsPaneOnly()
    {
        await using var host = Host.Create(new ScriptedLlm(LlmBehaviour.Throw));
        var run = host.Run;

        await run.AnalyzeAsync(Input(ExampleLog.Text), useLlm: true);

        Assert.Equal(RunOutcome.Failed, run.Outcome);
        Assert.Equal(StageState.Failed, run.StateOf(AnalysisStage.LlmInsights));
        Assert.All(DeterministicStages, s => Assert.Equal(StageState.Done, run.StateOf(s)));
        var message = run.ErrorFor(ResultPane.Insights);
        Assert.NotNull(message);
        Assert.Contains("The “LLM insights” stage failed unexpectedly", message, StringComparison.Ordinal);
        Assert.DoesNotContain("scripted failure", message, StringComparison.Ordinal);
        Assert.Null(run.ErrorFor(ResultPane.Results));
        Assert.Null(run.ErrorFor(ResultPane.Groups));
        var document = run.Document!;
        Assert.Equal(LlmStatus.Failed, document.Llm.Status);
        Assert.Equal("The LLM stage failed unexpectedly; the rules answered.", document.Llm.FallbackReason);
        Assert.NotEmpty(document.Insights);
        Assert.All(document.Insights, i => Assert.Equal(InsightSource.Rules, i.Source));
    }

    [Fact]
    public async Task ReRun_ResetsTheState_ReplacesTheDocument_AndLeavesNoStaleErrorOrViewer()
    {
        var llm = new ScriptedLlm(LlmBehaviour.Throw, LlmBehaviour.Answer);
        await using var host = Host.Create(llm);
        var run = host.Run;
        await run.AnalyzeAsync(Input(ExampleLog.Text), useLlm: true);
        var first = run.Document!;
        Assert.NotNull(run.ErrorFor(ResultPane.Insights));
        await run.ShowGroupRecordsAsync(first.Groups[0].Id);
        Assert.NotNull(run.Viewer);

        var stagesSeen = new List<IReadOnlyList<StageStatus>>();
        run.Changed += (_, _) => stagesSeen.Add(run.Stages);
        await run.AnalyzeAsync(Input(ExampleLog.Text), useLlm: true);

        Assert.Equal(RunOutcome.Completed, run.Outcome);
        Assert.NotEqual(first.Id, run.Document!.Id);
        Assert.Equal(LlmStatus.Succeeded, run.Document.Llm.Status);
        Assert.All(Enum.GetValues<ResultPane>(), p => Assert.Null(run.ErrorFor(p)));
        Assert.Null(run.Viewer);
        Assert.Null(run.InputError);
        Assert.All(run.Stages, s => Assert.Equal(StageState.Done, s.State));
        // The second run started from scratch: its first stages were Records running and the rest waiting.
        var start = stagesSeen.First(s => s.Count > 0);
        Assert.Equal(StageState.Running, start[0].State);
        Assert.All(start.Skip(1), s => Assert.Equal(StageState.Waiting, s.State));
    }

    [Fact]
    public async Task ReRun_WhileRunning_CancelsTheEarlierRun_WhoseEndDoesNotOverwriteTheNewOne()
    {
        var llm = new ScriptedLlm(LlmBehaviour.ThinkUntilCancelled, LlmBehaviour.Answer);
        await using var host = Host.Create(llm);
        var run = host.Run;

        var earlier = run.AnalyzeAsync(Input(ExampleLog.Text), useLlm: true);
        await llm.Called.Task.WaitAsync(Wait);
        await run.AnalyzeAsync(Input(ExampleLog.Text), useLlm: true);
        await llm.Cancelled.Task.WaitAsync(Wait);
        await earlier.WaitAsync(Wait);

        Assert.Equal(RunOutcome.Completed, run.Outcome);
        Assert.StartsWith("Completed in", run.Status, StringComparison.Ordinal);
        Assert.Equal(LlmStatus.Succeeded, run.Document!.Llm.Status);
        Assert.All(run.Stages, s => Assert.Equal(StageState.Done, s.State));
    }

    [Theory]
    [InlineData("", "at least one line")]
    [InlineData("   \n\t\n", "at least one line")]
    public async Task EmptyOrBlankInput_IsRefused_WithAReadableMessage_AndNoStages(string text, string expected)
    {
        await using var host = Host.Create(new ScriptedLlm(LlmBehaviour.Answer));
        var run = host.Run;

        await run.AnalyzeAsync(Input(text), useLlm: true);

        Assert.Equal(RunOutcome.Invalid, run.Outcome);
        Assert.Contains(expected, run.InputError, StringComparison.Ordinal);
        Assert.Empty(run.Stages);
        Assert.Null(run.Document);
        Assert.Null(run.Status);
    }

    [Fact]
    public async Task InputTheReaderRefuses_IsShownAsTheInputError()
    {
        await using var host = Host.Create(new ScriptedLlm(LlmBehaviour.Answer));
        var run = host.Run;

        await run.AnalyzeAsync((_, _) => Task.FromResult(RunInput.Refused("The pasted text is over the limit.")), useLlm: true);

        Assert.Equal(RunOutcome.Invalid, run.Outcome);
        Assert.Equal("The pasted text is over the limit.", run.InputError);
        Assert.Empty(run.Stages);
    }

    [Fact]
    public async Task OverThePerClientBudget_IsRefused_AndTheEarlierResultsStay()
    {
        await using var host = Host.Create(new ScriptedLlm(LlmBehaviour.Answer), new() { ["RateLimiting:AnalysesPerMinute"] = "1" });
        var run = host.Run;
        await run.AnalyzeAsync(Input(ExampleLog.Text), useLlm: true);
        var first = run.Document;
        var reads = 0;

        await run.AnalyzeAsync((useLlm, ct) =>
        {
            reads++;
            return Input(ExampleLog.Text)(useLlm, ct);
        }, useLlm: true);

        Assert.Equal(RunOutcome.Invalid, run.Outcome);
        Assert.Contains("Try again in", run.InputError, StringComparison.Ordinal);
        Assert.Equal(0, reads);
        Assert.Same(first, run.Document);
    }

    [Fact]
    public async Task TheTabClosingWhileTheInputIsRead_EndsQuietly()
    {
        await using var host = Host.Create(new ScriptedLlm(LlmBehaviour.Answer));
        var run = host.Run;

        await run.AnalyzeAsync((_, _) => Task.FromResult(RunInput.Gone), useLlm: true);

        Assert.Equal(RunOutcome.Idle, run.Outcome);
        Assert.Empty(run.Stages);
        Assert.Null(run.InputError);
    }

    [Fact]
    public async Task NoLlmConfigured_TheDocumentSaysSo_NotThatItWasNotRequested()
    {
        await using var host = Host.Create(new DisabledLlmInsightService());
        var run = host.Run;
        Assert.False(run.LlmConfigured);

        // The page's switch is off (and disabled) when no LLM is configured.
        await run.AnalyzeAsync(Input(ExampleLog.Text), useLlm: false);

        Assert.Equal(RunOutcome.Completed, run.Outcome);
        Assert.Equal(LlmStatus.Disabled, run.Document!.Llm.Status);
        Assert.Equal(DisabledLlmInsightService.NotConfiguredReason, run.Document.Llm.FallbackReason);
        var llmStage = run.Stages.Single(s => s.Stage == AnalysisStage.LlmInsights);
        Assert.Equal(StageState.Skipped, llmStage.State);
        Assert.Equal("not configured", llmStage.Note);
    }

    [Fact]
    public async Task LlmConfiguredButSwitchedOff_TheDocumentSaysNotRequested()
    {
        var llm = new ScriptedLlm(LlmBehaviour.Answer);
        await using var host = Host.Create(llm);
        var run = host.Run;

        await run.AnalyzeAsync(Input(ExampleLog.Text), useLlm: false);

        Assert.Equal(RunOutcome.Completed, run.Outcome);
        Assert.Equal(LlmStatus.Disabled, run.Document!.Llm.Status);
        Assert.Contains("not requested", run.Document.Llm.FallbackReason, StringComparison.Ordinal);
        Assert.Equal("off", run.Stages.Single(s => s.Stage == AnalysisStage.LlmInsights).Note);
        Assert.False(llm.Called.Task.IsCompleted);
    }

    [Fact]
    public async Task Viewer_ShowsAGroupsRecords_AndCitedLines_WithCorrectPlurals()
    {
        await using var host = Host.Create(new ScriptedLlm(LlmBehaviour.Answer));
        var run = host.Run;
        await run.AnalyzeAsync(Input(ExampleLog.Text), useLlm: false);
        var group = run.Document!.Groups[0];

        await run.ShowGroupRecordsAsync(group.Id);
        Assert.Equal($"All {LogAnalyzer.Web.Components.Plural.Of(group.Count, "record")} of {group.Label} in context", run.Viewer!.Title);
        Assert.Equal(group.Id, run.Viewer.GroupId);
        Assert.Contains(run.Viewer.Rows, r => r.Highlighted);

        var line = group.Samples[0].LineStart;
        run.ShowEvidence(new EvidenceRequest(group.Id, [line]));
        Assert.Equal($"Line {line} cited for {group.Label}", run.Viewer!.Title);
        run.ShowEvidence(new EvidenceRequest(group.Id, [line, line + 1]));
        Assert.StartsWith("Lines ", run.Viewer!.Title, StringComparison.Ordinal);

        run.CloseViewer();
        Assert.Null(run.Viewer);
    }

    [Fact]
    public async Task Preview_OfTheCurrentResults_OpensWithoutReadingTheInputAgain()
    {
        await using var host = Host.Create(new ScriptedLlm(LlmBehaviour.Answer));
        var run = host.Run;
        await run.AnalyzeAsync(Input(ExampleLog.Text), useLlm: true);

        await run.OpenPreviewAsync((_, _) => throw new InvalidOperationException("the input is not read for current results"));

        Assert.True(run.PreviewOpen);
        Assert.False(run.PreviewLoading);
        Assert.Null(run.PreviewError);
        Assert.NotNull(run.Preview);
        run.ClosePreview();
        Assert.False(run.PreviewOpen);
    }

    [Fact]
    public async Task Preview_OfBlankInput_SaysWhyNot()
    {
        await using var host = Host.Create(new ScriptedLlm(LlmBehaviour.Answer));
        var run = host.Run;

        await run.OpenPreviewAsync(Input("  \n"));

        Assert.True(run.PreviewOpen);
        Assert.Null(run.Preview);
        Assert.Contains("only whitespace", run.PreviewError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispose_CancelsTheRunningLlmCall()
    {
        var llm = new ScriptedLlm(LlmBehaviour.ThinkUntilCancelled);
        await using var host = Host.Create(llm);
        var analysis = host.Run.AnalyzeAsync(Input(ExampleLog.Text), useLlm: true);
        await llm.Called.Task.WaitAsync(Wait);

        await host.Run.DisposeAsync();

        await llm.Cancelled.Task.WaitAsync(Wait);
        await analysis.WaitAsync(Wait);
    }

    [Theory]
    [InlineData(2, "2 ms")]
    [InlineData(412, "412 ms")]
    [InlineData(999, "999 ms")]
    [InlineData(1000, "1.0 s")]
    [InlineData(4370, "4.4 s")]
    public void FormatWaited_MillisecondsUnderASecond_ElseSeconds(int milliseconds, string expected) =>
        Assert.Equal(expected, AnalysisRun.FormatWaited(TimeSpan.FromMilliseconds(milliseconds)));

    private static RunInputSource Input(string text, (FakeTimeProvider Time, TimeSpan By)? advance = null) => (useLlm, _) =>
    {
        if (advance is { } a)
        {
            a.Time.Advance(a.By);
        }

        return Task.FromResult(RunInput.Of(new AnalysisRequest { Bytes = Encoding.UTF8.GetBytes(text), UseLlm = useLlm, IncludeRecords = true }));
    };

    private sealed class Host : IAsyncDisposable
    {
        private readonly ServiceProvider _services;

        private Host(ServiceProvider services)
        {
            _services = services;
            Run = services.GetRequiredService<AnalysisRun>();
            Time = (FakeTimeProvider)services.GetRequiredService<TimeProvider>();
        }

        public AnalysisRun Run { get; }

        public FakeTimeProvider Time { get; }

        public static Host Create(ILlmInsightService llm, Dictionary<string, string?>? settings = null)
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? []).Build();
            var services = new ServiceCollection();
            services.AddSingleton<IConfiguration>(configuration);
            services.AddSingleton<TimeProvider>(new FakeTimeProvider(Samples.T0));
            services.AddLogging();
            services.AddLogAnalyzerCore();
            services.AddSingleton(llm);
            services.AddAnalysisLimits(configuration);
            services.AddScoped<CircuitClient>();
            LogAnalyzer.Tests.Storage.TestStore.AddTo(services);
            services.AddTransient<AnalysisRun>();
            return new Host(services.BuildServiceProvider());
        }

        public async ValueTask DisposeAsync()
        {
            await Run.DisposeAsync();
            await _services.DisposeAsync();
        }
    }
}

/// <summary>What a <see cref="ScriptedLlm"/> call does.</summary>
internal enum LlmBehaviour
{
    Answer = 0,
    Throw,
    ThinkUntilCancelled,
}

/// <summary>A configured LLM whose calls follow a script (the last behaviour repeats), reporting when called and cancelled.</summary>
internal sealed class ScriptedLlm(params LlmBehaviour[] script) : ILlmInsightService
{
    private readonly ConcurrentQueue<LlmBehaviour> _script = new(script);
    private LlmBehaviour _last = LlmBehaviour.Answer;

    public TaskCompletionSource Called { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsConfigured => true;

    public string? Model => "scripted-model";

    public async Task<LlmStageResult> ExplainAsync(LlmStageInput input, CancellationToken cancellationToken)
    {
        var behaviour = _script.TryDequeue(out var next) ? _last = next : _last;
        Called.TrySetResult();
        switch (behaviour)
        {
            case LlmBehaviour.Throw:
                throw new InvalidOperationException("scripted failure");
            case LlmBehaviour.ThinkUntilCancelled:
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    Cancelled.TrySetResult();
                    throw;
                }

                break;
        }

        return new LlmStageResult([], [], new LlmReport { Status = LlmStatus.Succeeded, Model = Model, Calls = 1 });
    }
}
