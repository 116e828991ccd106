using System.Diagnostics;
using System.Diagnostics.Metrics;
using LogAnalyzer.Core.Analysis;
using LogAnalyzer.Core.Llm;
using LogAnalyzer.Core.Model;
using LogAnalyzer.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LogAnalyzer.Tests.Analysis;

public sealed class PipelineWarmupTests
{
    [Fact]
    public async Task Warmup_RunsEveryStage_AndTheLlmStageAcceptsTheInMemoryAnswer()
    {
        var result = await new PipelineWarmup(TimeProvider.System, NullLogger<PipelineWarmup>.Instance).RunAsync(CancellationToken.None);

        // The sample is several formats and trace kinds: several groups, and the canned provider's answer is valid for
        // them (a schema or prompt change that made it invalid would leave the success path of the LLM stage cold).
        Assert.True(result.Records >= 20, $"{result.Records} records");
        Assert.True(result.Groups >= 4, $"{result.Groups} groups");
        Assert.Equal(LlmStatus.Succeeded, result.LlmStatus);
    }

    [Fact]
    public async Task Warmup_IsInvisible_ToTheAppsMetricsTracesAndLogs()
    {
        var measured = new List<string>();
        using var meters = new MeterListener();
        meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name is AnalysisMetrics.MeterName or LlmTelemetry.SourceName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        meters.SetMeasurementEventCallback<long>((instrument, _, _, _) => { lock (measured) { measured.Add(instrument.Name); } });
        meters.SetMeasurementEventCallback<double>((instrument, _, _, _) => { lock (measured) { measured.Add(instrument.Name); } });
        meters.SetMeasurementEventCallback<int>((instrument, _, _, _) => { lock (measured) { measured.Add(instrument.Name); } });
        meters.Start();

        var spans = new List<string>();
        using var activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith("LogAnalyzer", StringComparison.Ordinal) && source.Name != PipelineWarmup.TelemetryName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = activity => { lock (spans) { spans.Add(activity.Source.Name + " " + activity.DisplayName); } },
        };
        ActivitySource.AddActivityListener(activities);

        var logs = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        var result = await new PipelineWarmup(TimeProvider.System, factory.CreateLogger<PipelineWarmup>()).RunAsync(CancellationToken.None);

        Assert.Equal(LlmStatus.Succeeded, result.LlmStatus);
        Assert.Empty(measured);
        Assert.Empty(spans);

        // One line of its own; nothing of the analyses it ran (their loggers live in the warm-up's private container).
        var line = Assert.Single(logs.Messages);
        Assert.Contains("warm-up", line, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", line, StringComparison.Ordinal);
    }
}
