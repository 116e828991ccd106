using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace LogAnalyzer.Core.Llm;

/// <summary>
/// Shapes the standard resilience handler for slow generation calls: per-attempt and total timeouts derived from
/// <see cref="LlmOptions.TimeoutSeconds"/>, jittered retries for transient failures only, <c>Retry-After</c>
/// honoured up to a cap and never past the stage deadline, and a circuit breaker that reports into
/// <see cref="LlmCircuitState"/>.
/// </summary>
internal static class LlmResilience
{
    public static void Configure(HttpStandardResilienceOptions resilience, LlmOptions options, LlmCircuitState state, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(resilience);
        ArgumentNullException.ThrowIfNull(options);
        var attempt = options.AttemptTimeout;
        var total = options.Timeout;

        // The standard validator wants attempt ≤ total and sampling ≥ 2 × attempt: raise them together.
        resilience.AttemptTimeout.Timeout = attempt;
        resilience.TotalRequestTimeout.Timeout = total;
        resilience.CircuitBreaker.SamplingDuration = Max(TimeSpan.FromSeconds(30), (attempt * 2) + TimeSpan.FromSeconds(1));

        resilience.Retry.MaxRetryAttempts = Math.Max(1, options.MaxRetries);
        resilience.Retry.BackoffType = DelayBackoffType.Exponential;
        resilience.Retry.UseJitter = true;
        resilience.Retry.Delay = TimeSpan.FromSeconds(options.RetryBaseDelaySeconds);
        resilience.Retry.MaxDelay = TimeSpan.FromSeconds(Math.Max(options.RetryBaseDelaySeconds, options.RetryAfterCapSeconds));
        resilience.Retry.ShouldRetryAfterHeader = false;
        resilience.Retry.DelayGenerator = args =>
        {
            var hint = args.Outcome.Result is { } response ? LlmHttpErrors.RetryAfter(response, timeProvider.GetUtcNow()) : null;
            return ValueTask.FromResult(hint);
        };
        resilience.Retry.ShouldHandle = async args =>
            options.MaxRetries > 0 && await ShouldRetryAsync(args.Outcome, args.Context, args.AttemptNumber, options, timeProvider).ConfigureAwait(false);

        resilience.CircuitBreaker.FailureRatio = 0.5;
        resilience.CircuitBreaker.MinimumThroughput = options.CircuitMinimumThroughput;
        resilience.CircuitBreaker.BreakDuration = TimeSpan.FromSeconds(options.CircuitBreakSeconds);
        resilience.CircuitBreaker.ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome));
        resilience.CircuitBreaker.OnOpened = args =>
        {
            state.BreakerOpened(args.BreakDuration);
            return ValueTask.CompletedTask;
        };
        resilience.CircuitBreaker.OnClosed = _ =>
        {
            state.BreakerClosed();
            return ValueTask.CompletedTask;
        };
    }

    /// <summary>408, 429, 5xx, network errors and attempt timeouts (the .NET standard predicate).</summary>
    internal static bool IsTransient(Outcome<HttpResponseMessage> outcome) => HttpClientResiliencePredicates.IsTransient(outcome);

    private static async ValueTask<bool> ShouldRetryAsync(
        Outcome<HttpResponseMessage> outcome, ResilienceContext context, int attemptNumber, LlmOptions options, TimeProvider timeProvider)
    {
        // 424: the model failed mid-generation (TGI "Request failed during generation"); a second try often succeeds,
        // a third rarely does (docs/llm-provider-notes: retry once).
        var failedGeneration = outcome.Result?.StatusCode == HttpStatusCode.FailedDependency && attemptNumber == 0;
        if (context.CancellationToken.IsCancellationRequested || !(IsTransient(outcome) || failedGeneration))
        {
            return false;
        }

        var request = outcome.Result?.RequestMessage ?? context.GetRequestMessage();
        var remaining = request is not null && request.Options.TryGetValue(LlmAttemptTracker.Key, out var tracker)
            ? tracker.Deadline - timeProvider.GetUtcNow()
            : TimeSpan.MaxValue;
        if (remaining <= TimeSpan.Zero)
        {
            return false;
        }

        if (outcome.Result is not { } response)
        {
            return true;
        }

        // "Quota exhausted" is not a rate limit: retrying cannot help (OpenAI insufficient_quota and alike).
        if (response.StatusCode == HttpStatusCode.TooManyRequests && await MentionsQuotaAsync(response, context.CancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        // A wait longer than the cap or than what is left of the budget: stop now and report the hint.
        return LlmHttpErrors.RetryAfter(response, timeProvider.GetUtcNow()) is not { } wait
            || (wait <= TimeSpan.FromSeconds(options.RetryAfterCapSeconds) && wait < remaining);
    }

    private static async Task<bool> MentionsQuotaAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            await response.Content.LoadIntoBufferAsync(64 * 1024, cancellationToken).ConfigureAwait(false);
            return LlmHttpErrors.MentionsQuota(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
