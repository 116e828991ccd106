using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LogAnalyzer.Core.Model;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Core.Llm;

/// <summary>
/// The real LLM stage: one budgeted call (plus at most one repair round) through <see cref="LlmClient"/>, strict
/// validation, a HybridCache keyed by model + prompt version + redacted evidence, and a report that says in plain
/// words what happened. Provider failures never throw: they become the report; the rules keep answering.
/// Stateless apart from the cache and <see cref="LlmCircuitState"/>, so concurrent analyses share nothing else.
/// </summary>
internal sealed partial class LlmInsightService(
    LlmClient client,
    LlmPromptBuilder promptBuilder,
    HybridCache cache,
    LlmCircuitState circuit,
    LlmTokenCounter tokens,
    IOptions<LlmOptions> options,
    TimeProvider timeProvider,
    ILogger<LlmInsightService> logger) : ILlmInsightService
{
    /// <summary>In a report's reason: the first answer failed validation and the repair round was sent (bench llm-eval counts it).</summary>
    internal const string RepairedNote = "the first answer failed validation and was re-asked once";

    /// <summary>True when the stage sent the repair round (what its report's reason says).</summary>
    internal static bool WasRepaired(LlmReport report) =>
        report?.FallbackReason is { } reason
        && (reason.Contains(RepairedNote, StringComparison.OrdinalIgnoreCase)
            || reason.Contains("failed validation twice", StringComparison.Ordinal)
            || reason.Contains("the repair request failed", StringComparison.Ordinal));

    /// <summary>Answer tokens one group's explanation takes at most when the model keeps to the limits (about 300 with lists).</summary>
    internal const int CompletionTokensPerGroup = 300;

    private static readonly HybridCacheEntryOptions LookupOnly = new()
    {
        Flags = HybridCacheEntryFlags.DisableLocalCacheWrite | HybridCacheEntryFlags.DisableDistributedCacheWrite,
    };

    public bool IsConfigured => options.Value.Enabled && options.Value.HasCredentials;

    public string? Model => IsConfigured ? options.Value.Model : null;

    public async Task<LlmStageResult> ExplainAsync(LlmStageInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var settings = options.Value;
        if (!IsConfigured)
        {
            return new LlmStageResult([], [], LlmReport.Disabled(settings.Enabled
                ? DisabledLlmInsightService.NotConfiguredReason
                : "The LLM is switched off (Llm:Enabled=false); insights come from the rules."));
        }

        var started = timeProvider.GetTimestamp();
        var prompt = promptBuilder.Build(input.Groups, input.Records, input.Incidents);
        Log.PromptBuilt(logger, prompt.GroupIds.Count, prompt.GroupsTotal, prompt.EstimatedTokens, prompt.BudgetTokens, prompt.DetailLevel);
        if (!prompt.Fits || prompt.GroupIds.Count == 0)
        {
            return Finish(started, Report(LlmStatus.Failed,
                $"Not even one error group fits the prompt budget of {settings.MaxPromptTokens} tokens (Llm:MaxPromptTokens); nothing was sent."), null, cacheHit: false);
        }

        var key = CacheKey(settings, prompt);
        if (settings.CacheMinutes > 0)
        {
            var cached = await cache.GetOrCreateAsync<string?>(key, static _ => ValueTask.FromResult<string?>(null), LookupOnly,
                cancellationToken: cancellationToken).ConfigureAwait(false);
            if (cached is not null && Deserialize(cached) is { } hit)
            {
                var report = Report(LlmStatus.Cached, hit.FallbackReason) with { DroppedItems = hit.DroppedItems };
                return Finish(started, report, new LlmStageResult(hit.Insights, hit.Merges, report, hit.Incidents), cacheHit: true);
            }
        }

        // Checked after the cache: a cached answer costs the provider nothing, even while calls are paused.
        if (circuit.OpenUntil is { } openUntil)
        {
            var wait = openUntil - timeProvider.GetUtcNow();
            return Finish(started, Report(LlmStatus.Failed,
                $"LLM calls are paused until {Clock(openUntil)} because {circuit.Reason ?? "the provider failed repeatedly"}; nothing was sent and the rules answered.")
                with { RetryAfterSeconds = Seconds(wait) }, null, cacheHit: false);
        }

        using var budget = new CancellationTokenSource(settings.Timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        var deadline = timeProvider.GetUtcNow() + settings.Timeout;
        var tally = new CallTally();
        try
        {
            var result = await RunAsync(prompt, input.Incidents ?? [], deadline, tally, linked.Token).ConfigureAwait(false);
            if (result.Report.Status is LlmStatus.Succeeded or LlmStatus.Partial && settings.CacheMinutes > 0)
            {
                var entry = new CachedLlmAnswer(
                    result.Insights, result.Merges, result.Report.DroppedItems, result.Report.FallbackReason, result.Report.Status, result.Incidents);
                await cache.SetAsync(key, JsonSerializer.Serialize(entry, AnalysisJson.Options),
                    new HybridCacheEntryOptions { Expiration = TimeSpan.FromMinutes(settings.CacheMinutes) },
                    cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            return Finish(started, result.Report with { Calls = tally.Calls, PromptTokens = tally.PromptTokens, CompletionTokens = tally.CompletionTokens },
                result, cacheHit: false, tally);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var report = Report(LlmStatus.TimedOut,
                $"The provider did not answer within the LLM budget of {settings.TimeoutSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s (Llm:TimeoutSeconds); the rules answered.")
                with { Calls = tally.Calls, PromptTokens = tally.PromptTokens, CompletionTokens = tally.CompletionTokens };
            return Finish(started, report, null, cacheHit: false, tally);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Safety net: the LLM is optional, so nothing it (or a bug here) does may fail the analysis.
            Log.Unexpected(logger, ex.GetType().Name);
            var report = Report(LlmStatus.Failed, "The LLM stage failed unexpectedly; the rules answered.")
                with { Calls = tally.Calls, PromptTokens = tally.PromptTokens, CompletionTokens = tally.CompletionTokens };
            return Finish(started, report, null, cacheHit: false, tally);
        }
    }

    private async Task<LlmStageResult> RunAsync(
        LlmPrompt prompt, IReadOnlyList<Incident> incidents, DateTimeOffset deadline, CallTally tally, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var schema = LlmAnswerSchema.ForPrompt(prompt, settings.BoundedSchema).ToJsonString();
        var first = await client.CompleteAsync(prompt.Messages, schema, tally.Start(deadline), cancellationToken).ConfigureAwait(false);
        tally.Add(first);
        tokens.Observe(settings.Model, prompt.Messages, first.PromptTokens);
        if (Unanswered(first, settings, prompt.GroupIds.Count) is { } failure)
        {
            return new LlmStageResult([], [], failure);
        }

        var check = LlmAnswerValidator.Validate(first.Content, prompt);
        if (!check.NothingValid)
        {
            return Accepted(check, prompt, incidents, repaired: false);
        }

        // One repair round: the same messages, the rejected reply and what was wrong with it. Then fallback.
        Log.Repairing(logger, check.Errors.Count);
        List<LlmChatMessage> repair = [.. prompt.Messages, .. promptBuilder.RepairMessages(prompt, first.Content, check.Errors)];
        var second = await client.CompleteAsync(repair, schema, tally.Start(deadline), cancellationToken).ConfigureAwait(false);
        tally.Add(second);
        tokens.Observe(settings.Model, repair, second.PromptTokens);
        if (Unanswered(second, settings, prompt.GroupIds.Count) is { } secondFailure)
        {
            return new LlmStageResult([], [], Report(LlmStatus.InvalidOutput,
                $"The answer failed validation ({Summary(check.Errors)}) and the repair request failed: {Lower(secondFailure.FallbackReason)}")
                with { DroppedItems = check.Dropped, RetryAfterSeconds = secondFailure.RetryAfterSeconds });
        }

        var repaired = LlmAnswerValidator.Validate(second.Content, prompt);
        if (!repaired.NothingValid)
        {
            return Accepted(repaired, prompt, incidents, repaired: true);
        }

        return new LlmStageResult([], [], Report(LlmStatus.InvalidOutput,
            $"The answer failed validation twice ({Summary(repaired.Errors)}); the rules answered.")
            with { DroppedItems = repaired.Dropped });
    }

    /// <summary>At least one LLM insight was accepted (the caller guarantees it): succeeded, or partial when anything was dropped.</summary>
    private LlmStageResult Accepted(LlmAnswerCheck check, LlmPrompt prompt, IReadOnlyList<Incident> incidents, bool repaired)
    {
        var answered = check.Insights.Count;
        var sent = prompt.GroupIds.Count;
        var notes = new List<string>();
        if (answered < sent)
        {
            notes.Add($"The LLM answered {answered} of the {sent} groups it was shown validly; the rules explain the rest");
        }

        if (check.Dropped > 0)
        {
            notes.Add($"{check.Dropped} item(s) of its answer were dropped by validation ({Summary(check.Errors)})");
        }

        if (prompt.GroupsTotal > sent)
        {
            notes.Add($"only the top {sent} of {prompt.GroupsTotal} groups were sent (Llm:MaxGroups and the prompt budget); the rules explain the others");
        }

        if (repaired)
        {
            notes.Add(RepairedNote);
        }

        if (check.Incidents.Count > 0)
        {
            notes.Add($"the LLM re-grouped or re-categorised {check.Incidents.Count} incident(s)");
        }

        var status = answered < sent || check.Dropped > 0 ? LlmStatus.Partial : LlmStatus.Succeeded;
        var reason = notes.Count == 0 ? null : Capitalize(string.Join("; ", notes)) + ".";
        var report = Report(status, reason) with { DroppedItems = check.Dropped };
        return new LlmStageResult(check.Insights, check.Merges, report,
            check.Incidents.Count > 0 ? LlmIncidentRefinement.Apply(incidents, check.Incidents) : null);
    }

    /// <summary>
    /// Why an answer hit <c>finish_reason: "length"</c>, from the numbers: short of <c>max_tokens</c> the server's
    /// context is full; at <c>max_tokens</c> with room for every group's answer the model rambled (more tokens would
    /// only buy more rambling); only a limit too small for the groups sent calls for a higher limit.
    /// </summary>
    private static string CutOff(LlmCallResult call, LlmOptions settings, int sentGroups)
    {
        const string Start = "The answer was cut off (finish_reason \"length\"), so its JSON is incomplete";
        if (call.CompletionTokens > 0 && call.CompletionTokens < settings.MaxCompletionTokens * 0.9)
        {
            return $"{Start} after {call.CompletionTokens} of {settings.MaxCompletionTokens} answer tokens: the server's context is full. "
                + "Start the server with a context of at least Llm:MaxPromptTokens + Llm:MaxCompletionTokens, or lower Llm:MaxPromptTokens. The rules answered.";
        }

        return settings.MaxCompletionTokens >= sentGroups * CompletionTokensPerGroup
            ? $"{Start} at the limit of {settings.MaxCompletionTokens} answer tokens, which is ample for {sentGroups} group(s): the model rambled. "
                + "Keep Llm:BoundedSchema=true with Llm:StructuredOutput=json_schema on a grammar-enforcing server, or use a stronger model. The rules answered."
            : $"{Start} at the limit of {settings.MaxCompletionTokens} answer tokens, short for {sentGroups} group(s) (about {CompletionTokensPerGroup} each): "
                + "raise Llm:MaxCompletionTokens or lower Llm:MaxGroups. The rules answered.";
    }

    /// <summary>Null when the call produced content worth validating; otherwise the report saying why not.</summary>
    private LlmReport? Unanswered(LlmCallResult call, LlmOptions settings, int sentGroups)
    {
        var retryAfter = call.RetryAfter is { } wait ? Seconds(wait) : (double?)null;
        var attempts = call.Attempts == 1 ? "1 attempt" : $"{call.Attempts} attempts";
        var said = call.ErrorMessage is { Length: > 0 } m ? $": \"{m}\"" : "";
        switch (call.Outcome)
        {
            case LlmCallOutcome.CircuitOpen:
                var until = circuit.OpenUntil;
                return Report(LlmStatus.Failed,
                    $"LLM calls are paused after repeated provider failures (circuit breaker open{(until is { } u ? " until " + Clock(u) : "")}); the rules answered.")
                    with { RetryAfterSeconds = until is { } v ? Seconds(v - timeProvider.GetUtcNow()) : null };
            case LlmCallOutcome.TimedOut:
                return Report(LlmStatus.TimedOut,
                    $"The provider did not answer in time ({attempts}; budget {settings.TimeoutSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s, Llm:TimeoutSeconds); the rules answered.");
            case LlmCallOutcome.NetworkError:
                return Report(LlmStatus.Failed, $"Could not reach the provider: {call.ErrorMessage} ({attempts}); the rules answered.");
            case LlmCallOutcome.MalformedResponse:
                return Report(LlmStatus.InvalidOutput, $"The provider's HTTP 200 answer was unusable: {call.ErrorMessage}; the rules answered.");
            case LlmCallOutcome.HttpError:
                return HttpFailure(call, settings, retryAfter, attempts, said);
            case LlmCallOutcome.Completed:
            default:
                break;
        }

        if (call.ChoiceCount == 0)
        {
            return Report(LlmStatus.InvalidOutput, "The provider answered with no choices (an empty answer); the rules answered.");
        }

        if (call.FinishReason is not ("stop" or "stop_sequence"))
        {
            return Report(LlmStatus.InvalidOutput, call.FinishReason == "length"
                ? CutOff(call, settings, sentGroups)
                : $"The answer ended with finish_reason \"{LlmHttpErrors.Clean(call.FinishReason ?? "none", null)}\" instead of \"stop\"; the rules answered.");
        }

        return string.IsNullOrWhiteSpace(call.Content)
            ? Report(LlmStatus.InvalidOutput, "The provider's answer had no text content; the rules answered.")
            : null;
    }

    private LlmReport HttpFailure(LlmCallResult call, LlmOptions settings, double? retryAfter, string attempts, string said)
    {
        var status = call.StatusCode ?? 0;
        if (call.QuotaExhausted)
        {
            circuit.Hold(TimeSpan.FromSeconds(settings.AccountFailureBreakSeconds), $"the provider reported the LLM budget exhausted (HTTP {status})");
            return Report(LlmStatus.Failed,
                $"LLM budget exhausted: the provider refused for credits or quota (HTTP {status}){said}. Calls are paused; add credits or use another provider. The rules answered.")
                with { RetryAfterSeconds = retryAfter };
        }

        var retryHint = retryAfter is { } s
            ? $" and asked to wait {s.ToString("0.#", CultureInfo.InvariantCulture)} s (try again after {Clock(timeProvider.GetUtcNow().AddSeconds(s))})"
            : "";
        switch (status)
        {
            case 429:
                return Report(LlmStatus.RateLimited,
                    $"The provider is rate limiting requests (HTTP 429, {attempts}){retryHint}; the rules answered.") with { RetryAfterSeconds = retryAfter };
            case 503 when said.Contains("overload", StringComparison.OrdinalIgnoreCase):
                return Report(LlmStatus.RateLimited, $"The provider is overloaded (HTTP 503, {attempts}){retryHint}{said}; the rules answered.")
                    with { RetryAfterSeconds = retryAfter };
            case 401:
                circuit.Hold(TimeSpan.FromSeconds(settings.AccountFailureBreakSeconds), "the provider rejected the API key (HTTP 401)");
                return Report(LlmStatus.Failed,
                    $"The provider rejected the API key (HTTP 401){said}. Check Llm__ApiKey or HF_TOKEN (a fine-grained token with \"Make calls to Inference Providers\"). The rules answered.");
            case 403:
                return Report(LlmStatus.Failed,
                    $"The key may not use this model (HTTP 403){said}. The token needs the \"Make calls to Inference Providers\" permission, or the model is gated: accept its licence or set Llm__Model={LlmOptions.AlternativeModel}. The rules answered.");
            case 404:
                return Report(LlmStatus.Failed,
                    $"Model or endpoint not found (HTTP 404){said}. Check Llm__Model ({Clip(settings.Model)}) and Llm__BaseUrl. The rules answered.");
            case 400 or 422:
                var structured = said.Contains("response_format", StringComparison.OrdinalIgnoreCase)
                    || said.Contains("json_schema", StringComparison.OrdinalIgnoreCase) || said.Contains("grammar", StringComparison.OrdinalIgnoreCase)
                    ? BoundsRejected(said, settings)
                        ? " The provider's strict mode may reject the schema's bounds (maxLength, maxItems): try Llm__BoundedSchema=false."
                        : " The provider may not support structured output: try Llm__StructuredOutput=json_object or none."
                    : "";
                return Report(LlmStatus.Failed, $"The provider rejected the request (HTTP {status}){said}.{structured} The rules answered.");
            case 410:
                return Report(LlmStatus.Failed, $"The endpoint is gone (HTTP 410){said}. Use Llm__BaseUrl={LlmOptions.DefaultBaseUrl}. The rules answered.");
            default:
                return Report(LlmStatus.Failed,
                    status >= 500 || status == 408
                        ? $"The provider failed (HTTP {status}, {attempts}){said}{retryHint}; the rules answered."
                        : $"The provider refused the request (HTTP {status}){said}; the rules answered.")
                    with { RetryAfterSeconds = retryAfter };
        }
    }

    private static bool BoundsRejected(string said, LlmOptions settings) =>
        settings.BoundedSchema && (said.Contains("maxLength", StringComparison.OrdinalIgnoreCase)
            || said.Contains("maxItems", StringComparison.OrdinalIgnoreCase) || said.Contains("not permitted", StringComparison.OrdinalIgnoreCase));

    private LlmReport Report(LlmStatus status, string? reason) => new()
    {
        Status = status, Model = options.Value.Model, FallbackReason = reason,
    };

    private LlmStageResult Finish(long started, LlmReport report, LlmStageResult? result, bool cacheHit, CallTally? tally = null)
    {
        var duration = (long)timeProvider.GetElapsedTime(started).TotalMilliseconds;
        var final = report with { DurationMs = duration };
        Log.StageFinished(logger, final.Status, duration, final.Calls, final.PromptTokens, final.CompletionTokens, cacheHit,
            tally?.RequestId ?? "-", tally?.Provider ?? "-", final.DroppedItems);
        return result is null
            ? new LlmStageResult([], [], final)
            : result with { Report = final };
    }

    /// <summary>Model + prompt version + output mode + the exact redacted messages (which hold the groups' evidence).</summary>
    private static string CacheKey(LlmOptions settings, LlmPrompt prompt)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var part in new[] { settings.Model, LlmPromptBuilder.PromptVersion, settings.StructuredOutput, settings.BoundedSchema ? "bounded" : "plain" })
        {
            hash.AppendData(Encoding.UTF8.GetBytes(part));
            hash.AppendData([0]);
        }

        foreach (var message in prompt.Messages)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(message.Role));
            hash.AppendData([0]);
            hash.AppendData(Encoding.UTF8.GetBytes(message.Content));
            hash.AppendData([0]);
        }

        return "loganalyzer:llm:" + Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static CachedLlmAnswer? Deserialize(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<CachedLlmAnswer>(json, AnalysisJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Summary(IReadOnlyList<string> errors) =>
        errors.Count == 0 ? "no details" : string.Join("; ", errors.Take(2)) + (errors.Count > 2 ? $"; +{errors.Count - 2} more" : "");

    private static string Clock(DateTimeOffset at) => at.UtcDateTime.ToString("HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static double Seconds(TimeSpan wait) => Math.Max(0, Math.Ceiling(wait.TotalSeconds * 10) / 10);

    private static string Clip(string value) => value.Length <= 80 ? value : value[..80] + "…";

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string Lower(string? text) =>
        string.IsNullOrEmpty(text) ? "no details" : char.ToLowerInvariant(text[0]) + text[1..];

    /// <summary>
    /// Sums over the calls of one stage (each call may hold several attempts). Attempts are read from the live trackers,
    /// so a stage whose budget expires mid-call still reports the HTTP attempts it made.
    /// </summary>
    private sealed class CallTally
    {
        private readonly List<LlmAttemptTracker> _trackers = [];

        public int Calls => _trackers.Sum(t => t.Attempts);

        public int PromptTokens { get; private set; }

        public int CompletionTokens { get; private set; }

        public string? RequestId { get; private set; }

        public string? Provider { get; private set; }

        public LlmAttemptTracker Start(DateTimeOffset deadline)
        {
            var tracker = new LlmAttemptTracker(deadline);
            _trackers.Add(tracker);
            return tracker;
        }

        public void Add(LlmCallResult call)
        {
            PromptTokens += call.PromptTokens;
            CompletionTokens += call.CompletionTokens;
            RequestId = call.RequestId ?? RequestId;
            Provider = call.Provider ?? Provider;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(4010, LogLevel.Debug,
            "LLM prompt: {Groups} of {GroupsTotal} groups, ~{Tokens} tokens (budget {Budget}), detail level {Level}", EventName = "LlmPromptBuilt")]
        public static partial void PromptBuilt(ILogger logger, int groups, int groupsTotal, int tokens, int budget, int level);

        [LoggerMessage(4013, LogLevel.Error, "LLM stage failed unexpectedly ({ExceptionType}); the rules answered", EventName = "LlmStageUnexpected")]
        public static partial void Unexpected(ILogger logger, string exceptionType);

        [LoggerMessage(4011, LogLevel.Information, "LLM answer failed validation ({Errors} errors); one repair round", EventName = "LlmRepairing")]
        public static partial void Repairing(ILogger logger, int errors);

        [LoggerMessage(4012, LogLevel.Information,
            "LLM stage {Status} in {DurationMs} ms: {Calls} calls, {PromptTokens} prompt + {CompletionTokens} completion tokens, cache hit {CacheHit}, x-request-id {RequestId}, x-inference-provider {Provider}, {Dropped} items dropped",
            EventName = "LlmStageFinished")]
        public static partial void StageFinished(
            ILogger logger, LlmStatus status, long durationMs, int calls, int promptTokens, int completionTokens, bool cacheHit,
            string requestId, string provider, int dropped);
    }
}
