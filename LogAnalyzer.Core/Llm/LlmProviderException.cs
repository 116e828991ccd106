namespace LogAnalyzer.Core.Llm;

/// <summary>
/// A provider answer the chat client could not turn into a <see cref="Microsoft.Extensions.AI.ChatResponse"/>: a
/// non-success HTTP status (already classified: cleaned message, wait hint, quota) or an HTTP 200 that is not a
/// chat completion. Its message is safe to record (bounded, no HTML, key scrubbed): it replaces the SDK's exception,
/// whose message carries the raw body, before the telemetry wrapper records the error.
/// </summary>
public sealed class LlmProviderException : Exception
{
    public LlmProviderException()
    {
    }

    public LlmProviderException(string message)
        : base(message)
    {
    }

    public LlmProviderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The HTTP status (200 for an unusable success answer).</summary>
    public int StatusCode { get; init; }

    /// <summary>The provider's own message, cleaned; or what was wrong with a 200 answer.</summary>
    public string? ProviderMessage { get; init; }

    /// <summary>The wait hint (Retry-After, retry-after-ms or RateLimit t=).</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>True when a 402, or a 429/403 whose body names quota, credits or billing.</summary>
    public bool QuotaExhausted { get; init; }
}
