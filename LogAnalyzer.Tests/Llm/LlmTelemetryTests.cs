using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using LogAnalyzer.Core.Llm;
using LogAnalyzer.Core.Model;
using LogAnalyzer.Tests.Support;

namespace LogAnalyzer.Tests.Llm;

/// <summary>
/// The OpenTelemetry GenAI semantic conventions around each provider call (Microsoft.Extensions.AI's
/// OpenTelemetryChatClient under <see cref="LlmTelemetry.SourceName"/>), and no message content in them: the prompts
/// are log text. Listeners are process-wide, so each test keeps only the signals tagged with its own fake server's port.
/// </summary>
public sealed class LlmTelemetryTests
{
    [Fact]
    public async Task Call_EmitsGenAiSpanAndMetrics_WithoutMessageContent()
    {
        await using var server = await FakeLlmServer.StartAsync();
        await using var host = LlmTestHost.Create(server.BaseUrl);
        using var signals = new GenAiSignals(server.BaseUrl.Port);

        var (result, _) = await LlmScenarioRunner.RunAsync(host, LlmFixtures.Spring());

        Assert.Equal(LlmStatus.Succeeded, result.Report.Status);
        var span = Assert.Single(signals.Spans);
        Assert.Equal("chat " + LlmOptions.DefaultModel, span.DisplayName);
        Assert.Equal(ActivityKind.Client, span.Kind);
        Assert.Equal("chat", span.GetTagItem("gen_ai.operation.name"));
        Assert.Equal(LlmOptions.DefaultModel, span.GetTagItem("gen_ai.request.model"));
        Assert.Equal(result.Report.PromptTokens, Convert.ToInt32(span.GetTagItem("gen_ai.usage.input_tokens"), CultureInfo.InvariantCulture));
        Assert.Equal(result.Report.CompletionTokens, Convert.ToInt32(span.GetTagItem("gen_ai.usage.output_tokens"), CultureInfo.InvariantCulture));
        Assert.Equal(1500, Convert.ToInt32(span.GetTagItem("gen_ai.request.max_tokens"), CultureInfo.InvariantCulture));
        Assert.Equal("[\"stop\"]", span.GetTagItem("gen_ai.response.finish_reasons"));

        var duration = Assert.Single(signals.Measurements, m => m.Instrument == "gen_ai.client.operation.duration");
        Assert.True(duration.Value > 0);
        Assert.Equal("chat", duration.Tags["gen_ai.operation.name"]);
        Assert.Equal(LlmOptions.DefaultModel, duration.Tags["gen_ai.request.model"]);
        var usage = signals.Measurements.Where(m => m.Instrument == "gen_ai.client.token.usage").ToList();
        Assert.Equal(result.Report.PromptTokens, Assert.Single(usage, m => (string?)m.Tags["gen_ai.token.type"] == "input").Value);
        Assert.Equal(result.Report.CompletionTokens, Assert.Single(usage, m => (string?)m.Tags["gen_ai.token.type"] == "output").Value);

        // No prompt, no answer: neither the content attributes nor any text of either, in tags or events.
        var body = Assert.Single(server.RequestBodies);
        Assert.DoesNotContain(span.Tags, t => t.Key is "gen_ai.input.messages" or "gen_ai.output.messages" or "gen_ai.system_instructions");
        Assert.Empty(span.Events);
        var recorded = string.Join('\n', span.TagObjects.Select(t => t.Key + "=" + t.Value)
            .Concat(signals.Measurements.SelectMany(m => m.Tags.Select(t => t.Key + "=" + t.Value))));
        Assert.DoesNotContain("UNTRUSTED LOG DATA", recorded, StringComparison.Ordinal);
        Assert.DoesNotContain("connection pool is exhausted", recorded, StringComparison.Ordinal);
        Assert.DoesNotContain("PaymentClient", recorded, StringComparison.Ordinal);
        Assert.Contains("PaymentClient", body, StringComparison.Ordinal); // the prompt did carry it
        Assert.DoesNotContain(LlmTestHost.ApiKey, recorded, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProviderError_SpanNamesTheCleanErrorType()
    {
        await using var server = await FakeLlmServer.StartAsync();
        await using var host = LlmTestHost.Create(server.BaseUrl);
        using var signals = new GenAiSignals(server.BaseUrl.Port);
        server.Scenario = FakeLlmScenario.ServerErrorHtml;

        var (result, _) = await LlmScenarioRunner.RunAsync(host, LlmFixtures.Spring());

        Assert.Equal(LlmStatus.Failed, result.Report.Status);
        var span = Assert.Single(signals.Spans);
        Assert.Equal(typeof(LlmProviderException).FullName, span.GetTagItem("error.type"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.DoesNotContain("<html", span.StatusDescription ?? "", StringComparison.OrdinalIgnoreCase);
        var duration = Assert.Single(signals.Measurements, m => m.Instrument == "gen_ai.client.operation.duration");
        Assert.Equal(typeof(LlmProviderException).FullName, duration.Tags["error.type"]);
    }

    /// <summary>Collects the GenAI spans and measurements of one fake server (by its port).</summary>
    private sealed class GenAiSignals : IDisposable
    {
        private readonly ConcurrentQueue<Activity> _spans = new();
        private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = new();
        private readonly ActivityListener _activities;
        private readonly MeterListener _meters;
        private readonly int _port;

        public GenAiSignals(int port)
        {
            _port = port;
            _activities = new ActivityListener
            {
                ShouldListenTo = source => source.Name == LlmTelemetry.SourceName,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activity =>
                {
                    if (IsMine(activity.GetTagItem("server.port")))
                    {
                        _spans.Enqueue(activity);
                    }
                },
            };
            ActivitySource.AddActivityListener(_activities);
            _meters = new MeterListener
            {
                InstrumentPublished = (instrument, listener) =>
                {
                    if (instrument.Meter.Name == LlmTelemetry.SourceName)
                    {
                        listener.EnableMeasurementEvents(instrument);
                    }
                },
            };
            _meters.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
            _meters.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
            _meters.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
            _meters.Start();
        }

        public IReadOnlyList<Activity> Spans => [.. _spans];

        public IReadOnlyList<(string Instrument, double Value, Dictionary<string, object?> Tags)> Measurements => [.. _measurements];

        public void Dispose()
        {
            _activities.Dispose();
            _meters.Dispose();
        }

        private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var tag in tags)
            {
                copy[tag.Key] = tag.Value;
            }

            if (IsMine(copy.GetValueOrDefault("server.port")))
            {
                _measurements.Enqueue((instrument.Name, value, copy));
            }
        }

        private bool IsMine(object? port) => port is not null && Convert.ToInt32(port, CultureInfo.InvariantCulture) == _port;
    }
}
