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
        await run.ShowEvidenceAsync(new EvidenceRequest(group.Id, [line]));
        Assert.Equal($"Line {line} cited for {group.Label}", run.Viewer!.Title);
        await run.ShowEvidenceAsync(new EvidenceRequest(group.Id, [line, line + 1]));
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


    // issue 15: a tab keeps a bounded copy of an analysis over Dashboard:MaxRecordsHeld records; small limits stand in
    // for the defaults (400 records over a threshold of 100, as 10M records are over 200,000).
    private static readonly Dictionary<string, string?> SmallLimits = new()
    {
        ["Dashboard:MaxRecordsHeld"] = "100",
        ["Dashboard:RecordsKept"] = "10",
        ["Dashboard:MaxGroupRecordsShown"] = "5",
        ["Api:MaxPatterns"] = "3",
    };

    [Fact]
    public async Task UnderTheThreshold_TheTabHoldsTheWholeAnalysis_AsBefore()
    {
        await using var host = Host.Create(new ScriptedLlm(LlmBehaviour.Answer), new() { ["Dashboard:MaxRecordsHeld"] = "400", ["Dashboard:RecordsKept"] = "10" });
        var run = host.Run;

        await run.AnalyzeAsync(Input(LargeLog(400)), useLlm: false);

        var document = run.Document!;
        Assert.Equal(RunOutcome.Completed, run.Outcome);
        Assert.Null(document.Truncated);
        Assert.Equal(400, document.Records!.Count);
        Assert.True(document.Patterns.Count > 3);
        Assert.Null(run.RecordsPath);
        var group = document.Groups[0];
        await run.ShowGroupRecordsAsync(group.Id);
        Assert.Equal($"All {group.Count} records of {group.Label} in context", run.Viewer!.Title);
        Assert.Equal(group.Count, run.Viewer.Rows.Count(r => r.Highlighted));
        Assert.Null(run.Viewer.Note);
    }

    [Fact]
    public async Task OverTheThreshold_TheTabKeepsABoundedDocument_WithExactTotals_AndTheViewerReadsTheStore()
    {
        var text = LargeLog(400);
        await using var reference = Host.Create(new ScriptedLlm(LlmBehaviour.Answer));
        await reference.Run.AnalyzeAsync(Input(text), useLlm: false);
        var whole = reference.Run.Document!;
        var wholeRecords = whole.Records!;
        await using var host = Host.Create(new ScriptedLlm(LlmBehaviour.Answer), SmallLimits);
        var run = host.Run;

        await run.AnalyzeAsync(Input(text), useLlm: false);

        Assert.Equal(RunOutcome.Completed, run.Outcome);
        var document = run.Document!;
        Assert.True(document.Saved);
        var cut = Assert.IsType<Truncation>(document.Truncated);
        Assert.Equal(10, document.Records!.Count);
        Assert.Equal(390, cut.Records);
        Assert.Equal(3, document.Patterns.Count);
        Assert.Equal(whole.Patterns.Count, document.Patterns.Count + cut.Patterns);
        Assert.Equal(whole.Summary.TotalRecords, document.Summary.TotalRecords);
        Assert.Equal(whole.Groups.Count, document.Groups.Count + cut.Groups);
        Assert.Equal(wholeRecords.Take(10).Select(r => r.Text), document.Records.Select(r => r.Text));
        Assert.Equal($"/api/v1/analyses/{document.Id}/records?offset=10&limit=1000", cut.RecordsNext);
        Assert.Equal(cut.RecordsNext, run.RecordsPath);

        // A group's first records (5 of them), with their neighbours, as the whole analysis has them.
        var group = document.Groups[0];
        var expected = wholeRecords.Where(r => r.GroupId == group.Id).Take(5).ToList();
        Assert.True(group.Count > 5 && expected[0].Index >= 10, "the group's records lie past the records the tab keeps");
        await run.ShowGroupRecordsAsync(group.Id);
        Assert.Equal($"First 5 of {group.Count} records of {group.Label} in context", run.Viewer!.Title);
        Assert.Null(run.Viewer.Note);
        Assert.Equal(expected.Select(r => (r.LineStart, r.Text)), run.Viewer.Rows.Where(r => r.Highlighted).Select(r => (r.Record.LineStart, r.Record.Text)));
        var first = run.Viewer.Rows[0];
        Assert.Equal(wholeRecords[first.Record.Index].Text, first.Record.Text);
        Assert.Equal(expected[0].Index - AnalysisRun.ContextRecords, first.SkippedBefore);

        // The lines an insight cites, read from the store too.
        var insight = document.Insights.First(i => i.GroupId == group.Id && i.Evidence.Count > 0);
        var line = insight.Evidence[^1].Line;
        Assert.True(line > document.Records[^1].LineEnd, "the cited line lies past the records the tab keeps");
        await run.ShowEvidenceAsync(new EvidenceRequest(group.Id, [line]));
        var cited = Assert.Single(run.Viewer!.Rows, r => r.Highlighted);
        Assert.InRange(line, cited.Record.LineStart, cited.Record.LineEnd);
        Assert.Equal(wholeRecords.Single(r => r.LineStart <= line && line <= r.LineEnd).Text, cited.Record.Text);
        Assert.Null(run.Viewer.Note);
    }

    [Fact]
    public async Task OverTheThreshold_WithTheStoreDown_KeepsTheFirstRecords_AndTheViewerSaysWhatItCannotShow()
    {
        await using var host = Host.Create(new ScriptedLlm(LlmBehaviour.Answer), SmallLimits, services =>
        {
            // A store whose folder cannot be made (its parent is a file): every write fails.
            var file = Path.GetTempFileName();
            services.AddSingleton<LogAnalyzer.Web.Storage.StoreDialect>(new LogAnalyzer.Web.Storage.SqliteDialect(Path.Combine(file, "analyses.db")));
        });
        var run = host.Run;

        await run.AnalyzeAsync(Input(LargeLog(400)), useLlm: false);

        Assert.Equal(RunOutcome.Completed, run.Outcome);
        var document = run.Document!;
        Assert.False(document.Saved);
        Assert.Equal(10, document.Records!.Count);
        Assert.Equal(390, document.Truncated!.Records);
        Assert.Null(document.Truncated.RecordsNext);
        Assert.Null(run.RecordsPath);
        var group = document.Groups[0];
        await run.ShowGroupRecordsAsync(group.Id);
        Assert.Equal($"First 5 of {group.Count} records of {group.Label} in context", run.Viewer!.Title);
        Assert.DoesNotContain(run.Viewer.Rows, r => r.Highlighted);
        Assert.Equal("5 records asked for cannot be shown: the analysis could not be saved, so its records were not stored, "
            + "and this tab holds only the first 10 of 400 (Dashboard:RecordsKept).", run.Viewer.Note);
    }

    [Fact]
    public async Task OverTheThreshold_ACancelledRun_KeepsABoundedDocumentToo()
    {
        var llm = new ScriptedLlm(LlmBehaviour.ThinkUntilCancelled);
        await using var host = Host.Create(llm, SmallLimits);
        var run = host.Run;
        var analysis = run.AnalyzeAsync(Input(LargeLog(400)), useLlm: true);
        await llm.Called.Task.WaitAsync(Wait);
        await Until(() => run.IsRunning(AnalysisStage.LlmInsights));
        Assert.Equal(400, run.Document!.Records!.Count); // while it runs, the pipeline's document is whole
        Assert.Null(run.ExportableDocument); // and the JSON view and the exports wait for the bounded copy

        await run.CancelAsync();
        await analysis.WaitAsync(Wait);

        Assert.Equal(RunOutcome.Cancelled, run.Outcome);
        Assert.Equal(10, run.Document!.Records!.Count);
        Assert.Same(run.Document, run.ExportableDocument);
        Assert.Equal(390, run.Document.Truncated!.Records);
        Assert.Equal(3, run.Document.Patterns.Count);
        await run.ShowGroupRecordsAsync(run.Document.Groups[0].Id);
        Assert.DoesNotContain(run.Viewer!.Rows, r => r.Highlighted);
        Assert.Equal("5 records asked for cannot be shown: the run did not complete, so its records were not stored, "
            + "and this tab holds only the first 10 of 400 (Dashboard:RecordsKept).", run.Viewer.Note);
    }

    /// <summary>
    /// <paramref name="records"/> one-line records: the first 40 INFO, then every third an ERROR of one group (so its
    /// records and cited lines lie past the first 10), six INFO templates in between.
    /// </summary>
    internal static string LargeLog(int records)
    {
        string[] steps = ["loading", "parsing", "saving", "indexing", "sending", "cleaning"];
        var text = new StringBuilder();
        for (var i = 0; i < records; i++)
        {
            var time = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"2026-03-02 10:{i / 60 % 60:00}:{i % 60:00},000");
            text.Append(i >= 40 && i % 3 == 0
                ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{time} ERROR [http-{i % 4}] shop.Payments - Charge failed for order {i}: connection refused by payments-db\n")
                : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{time} INFO  [worker-{i % 4}] shop.Jobs - {steps[i % 6]} step finished in {i} ms\n"));
        }

        return text.ToString();
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

        public static Host Create(ILlmInsightService llm, Dictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
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
            services.AddOptions<LogAnalyzer.Web.Api.ApiOptions>().BindConfiguration(LogAnalyzer.Web.Api.ApiOptions.SectionName);
            services.AddDashboardRuns();
            configure?.Invoke(services);
            return new Host(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true }));
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
