using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LogAnalyzer.Core.Llm;
using LogAnalyzer.Core.Model;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LogAnalyzer.Core.Analysis;

/// <summary>
/// Runs the whole analysis once on a built-in sample (Java, .NET, Python and Go traces, JSON lines, logfmt, syslog,
/// access and logcat lines, a secret to redact), LLM stage included, so that the first person to analyse after a start
/// does not wait for the JIT: in a fresh process the first 100 KB analysis took 1.6–1.7 s in the browser against
/// 0.4–0.6 s for the next one, most of it compiling the rules, the incident builder and the LLM client (OpenAI SDK,
/// Microsoft.Extensions.AI, the resilience pipeline, schema validation) on first use.
/// <para>
/// It runs in a container of its own, built like the app's but with nothing shared: the LLM "provider" is an in-memory
/// handler that answers a valid completion (no network, no key), the cache and circuit state are its own, its logs go
/// nowhere, and its metrics and GenAI telemetry carry <see cref="TelemetryName"/> instead of the app's names, so no
/// dashboard, exporter or cache ever sees the warm-up. Only the compiled code (and static caches such as the JSON
/// serializer's) is left behind, which is the point.
/// </para>
/// </summary>
public sealed partial class PipelineWarmup(TimeProvider timeProvider, ILogger<PipelineWarmup> logger)
{
    /// <summary>The meter and ActivitySource name the warm-up's own container uses (nothing listens to it).</summary>
    public const string TelemetryName = "LogAnalyzer.Warmup";

    private const string Model = "warmup/in-memory";

    /// <summary>Analyses the built-in sample with and without the LLM stage; returns what it did.</summary>
    public async Task<WarmupResult> RunAsync(CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        var answer = new CannedAnswer();
        var provider = BuildContainer(answer);
        await using (provider.ConfigureAwait(false))
        {
            var scope = provider.CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                var services = scope.ServiceProvider;
                var analysis = services.GetRequiredService<AnalysisService>();
                var request = new AnalysisRequest { Text = Sample.Value, UseLlm = false, IncludeRecords = true };

                // The rules-only run, and the prompt preview of its groups (the "What will be sent" dialog).
                var rulesOnly = await analysis.AnalyzeAsync(request, cancellationToken).ConfigureAwait(false);
                _ = services.GetRequiredService<PromptPreviewService>().Preview(rulesOnly);

                // The provider answers validly for exactly the groups and lines the prompt shows.
                var prompt = services.GetRequiredService<LlmPromptBuilder>().Build(rulesOnly.Groups, rulesOnly.Records!, rulesOnly.Incidents);
                answer.Content = ValidAnswer(prompt);
                var withLlm = await analysis.AnalyzeAsync(request with { UseLlm = true }, cancellationToken).ConfigureAwait(false);

                // The document as the API and the dashboard's JSON view and exports write it.
                await JsonSerializer.SerializeAsync(Stream.Null, withLlm, AnalysisJson.Options, cancellationToken).ConfigureAwait(false);
                await JsonSerializer.SerializeAsync(Stream.Null, withLlm, AnalysisJson.Indented, cancellationToken).ConfigureAwait(false);

                var result = new WarmupResult(timeProvider.GetElapsedTime(started), withLlm.Summary.TotalRecords, withLlm.Groups.Count, withLlm.Llm.Status);
                Log.Finished(logger, (long)result.Elapsed.TotalMilliseconds, result.Records, result.Groups, result.LlmStatus);
                return result;
            }
        }
    }

    private static ServiceProvider BuildContainer(CannedAnswer answer)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Llm:Enabled"] = "true",
                ["Llm:BaseUrl"] = "https://llm.warmup.invalid/v1",
                ["Llm:ApiKey"] = "warmup-not-a-key",
                ["Llm:Model"] = Model,
                ["Llm:MaxRetries"] = "0",
                ["Llm:CacheMinutes"] = "0",
            })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddSingleton<IMeterFactory, WarmupMeterFactory>();
        services.AddSingleton(new LlmTelemetryName(TelemetryName));
        services.AddLogAnalyzerCore();
        services.AddHttpClient(LlmServiceCollectionExtensions.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new CannedAnswerHandler(answer));
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    /// <summary>One insight per group the prompt shows, citing the first line shown for it; no incidents, no merges.</summary>
    private static string ValidAnswer(LlmPrompt prompt)
    {
        var groups = new JsonArray();
        foreach (var id in prompt.GroupIds)
        {
            var lines = prompt.EvidenceLines.TryGetValue(id, out var shown) ? shown.Order().Take(1).ToArray() : [];
            groups.Add(new JsonObject
            {
                ["group_id"] = id,
                ["cause_category"] = "resource-exhaustion",
                ["probable_cause"] = $"Group {id} fails because a shared resource it depends on is exhausted.",
                ["missing_context"] = new JsonArray(new JsonObject { ["kind"] = "timeline", ["detail"] = "What changed shortly before the first error" }),
                ["suggested_investigation"] = new JsonArray("Compare the first failing line with the dependency's own logs"),
                ["mitigation"] = new JsonArray("Relieve the exhausted resource, then find what consumed it"),
                ["evidence_lines"] = new JsonArray([.. lines.Select(l => (JsonNode)l)]),
                ["confidence"] = 0.5,
            });
        }

        return new JsonObject { ["incidents"] = new JsonArray(), ["groups"] = groups, ["merges"] = new JsonArray() }.ToJsonString();
    }

    private static partial class Log
    {
        [LoggerMessage(1401, LogLevel.Information,
            "Start-up warm-up analysed its sample in {ElapsedMs} ms ({Records} records, {Groups} groups, LLM stage {LlmStatus} against an in-memory provider)",
            EventName = "WarmupFinished")]
        public static partial void Finished(ILogger logger, long elapsedMs, int records, int groups, LlmStatus llmStatus);
    }

    private static class Sample
    {
        public static readonly string Value = Read();

        private static string Read()
        {
            using var stream = typeof(PipelineWarmup).Assembly.GetManifestResourceStream("LogAnalyzer.Core.Analysis.WarmupSample.log")
                ?? throw new InvalidOperationException("The warm-up sample is not embedded in LogAnalyzer.Core.");
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return reader.ReadToEnd();
        }
    }

    private sealed class CannedAnswer
    {
        public string Content { get; set; } = """{"incidents":[],"groups":[],"merges":[]}""";
    }

    /// <summary>An OpenAI-compatible server in memory: every chat completion answers <see cref="CannedAnswer.Content"/>.</summary>
    private sealed class CannedAnswerHandler(CannedAnswer answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = new JsonObject
            {
                ["id"] = "chatcmpl-warmup",
                ["object"] = "chat.completion",
                ["created"] = 1_772_445_600,
                ["model"] = Model,
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = answer.Content },
                    ["finish_reason"] = "stop",
                }),
                ["usage"] = new JsonObject { ["prompt_tokens"] = 1200, ["completion_tokens"] = 300, ["total_tokens"] = 1500 },
            };
            var response = new HttpResponseMessage(HttpStatusCode.OK)
            {
                RequestMessage = request,
                Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
            };
            response.Headers.Add("x-request-id", "warmup");
            return Task.FromResult(response);
        }
    }

    /// <summary>Meters under <see cref="TelemetryName"/>, whatever name is asked for: the app's exporters never listen to them.</summary>
    private sealed class WarmupMeterFactory : IMeterFactory
    {
        private readonly List<Meter> _meters = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(new MeterOptions(TelemetryName) { Version = options?.Version, Scope = this });
            lock (_meters)
            {
                _meters.Add(meter);
            }

            return meter;
        }

        public void Dispose()
        {
            lock (_meters)
            {
                foreach (var meter in _meters)
                {
                    meter.Dispose();
                }

                _meters.Clear();
            }
        }
    }
}

/// <summary>What the start-up warm-up did, and how long it took.</summary>
public sealed record WarmupResult(TimeSpan Elapsed, int Records, int Groups, LlmStatus LlmStatus);
