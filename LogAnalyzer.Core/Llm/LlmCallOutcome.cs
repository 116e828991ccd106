namespace LogAnalyzer.Core.Llm;

/// <summary>How one chat-completions call (retries included) ended.</summary>
internal enum LlmCallOutcome
{
    /// <summary>HTTP 200 with a readable body (the content may still be unusable).</summary>
    Completed,

    /// <summary>A non-success HTTP status after any retries.</summary>
    HttpError,

    /// <summary>The attempt or total timeout elapsed.</summary>
    TimedOut,

    /// <summary>Connection refused/reset/dropped after any retries.</summary>
    NetworkError,

    /// <summary>The circuit breaker rejected the call without contacting the provider.</summary>
    CircuitOpen,

    /// <summary>HTTP 200 whose body is not a chat-completions response.</summary>
    MalformedResponse,
}
