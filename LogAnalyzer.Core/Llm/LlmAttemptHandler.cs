using Microsoft.Extensions.Logging;

namespace LogAnalyzer.Core.Llm;

/// <summary>
/// Innermost handler: counts each HTTP attempt and logs it (status, duration, <c>x-request-id</c>,
/// <c>x-inference-provider</c>). Never logs headers, URLs with secrets, or bodies.
/// </summary>
internal sealed partial class LlmAttemptHandler(TimeProvider timeProvider, ILogger<LlmAttemptHandler> logger) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Options.TryGetValue(LlmAttemptTracker.Key, out var tracker);
        var attempt = tracker?.NextAttempt() ?? 1;
        var started = timeProvider.GetTimestamp();
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var requestId = Header(response, "x-request-id");
            var provider = Header(response, "x-inference-provider");
            if (tracker is not null)
            {
                tracker.RequestId = requestId ?? tracker.RequestId;
                tracker.Provider = provider ?? tracker.Provider;
            }

            Log.Attempt(logger, attempt, (int)response.StatusCode, (long)timeProvider.GetElapsedTime(started).TotalMilliseconds,
                requestId ?? "-", provider ?? "-");
            return response;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            Log.AttemptFailed(logger, attempt, ex.GetType().Name, (long)timeProvider.GetElapsedTime(started).TotalMilliseconds);
            throw;
        }
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? LlmHttpErrors.Clean(values.FirstOrDefault() ?? "", null) : null;

    private static partial class Log
    {
        [LoggerMessage(4001, LogLevel.Information,
            "LLM attempt {Attempt}: HTTP {StatusCode} in {DurationMs} ms (x-request-id {RequestId}, x-inference-provider {Provider})",
            EventName = "LlmAttempt")]
        public static partial void Attempt(ILogger logger, int attempt, int statusCode, long durationMs, string requestId, string provider);

        [LoggerMessage(4002, LogLevel.Warning, "LLM attempt {Attempt} failed without an answer ({Error}) after {DurationMs} ms",
            EventName = "LlmAttemptFailed")]
        public static partial void AttemptFailed(ILogger logger, int attempt, string error, long durationMs);
    }
}
