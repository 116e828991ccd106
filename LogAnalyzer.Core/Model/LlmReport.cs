namespace LogAnalyzer.Core.Model;

/// <summary>What happened on the LLM stage.</summary>
public sealed record LlmReport
{
    public required LlmStatus Status { get; init; }

    public string? Model { get; init; }

    public int Calls { get; init; }

    public int PromptTokens { get; init; }

    public int CompletionTokens { get; init; }

    public long DurationMs { get; init; }

    /// <summary>Plain words: why the rules answered instead (null when the LLM answered everything).</summary>
    public string? FallbackReason { get; init; }

    /// <summary>When the provider asked us to wait, how long (seconds) before trying again.</summary>
    public double? RetryAfterSeconds { get; init; }

    /// <summary>Items of the LLM answer dropped by validation.</summary>
    public int DroppedItems { get; init; }

    /// <summary>
    /// Why the LLM did not run, when <see cref="Status"/> is <see cref="LlmStatus.Disabled"/> (null otherwise): no provider
    /// is configured, or one is but the caller did not ask for it (<c>useLlm=false</c>).
    /// </summary>
    public LlmDisabledReason? DisabledReason { get; init; }

    /// <summary>A report for an analysis the LLM took no part in; <paramref name="why"/> defaults to "no provider configured".</summary>
    public static LlmReport Disabled(string reason, LlmDisabledReason why = LlmDisabledReason.NotConfigured) =>
        new() { Status = LlmStatus.Disabled, FallbackReason = reason, DisabledReason = why };
}

/// <summary>Why the LLM stage did not run (serialized camelCase: "notConfigured", "notRequested").</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(CamelCaseEnumConverter<LlmDisabledReason>))]
public enum LlmDisabledReason
{
    /// <summary>No provider is configured (no key, or the LLM is switched off): asking for it would change nothing.</summary>
    NotConfigured = 0,

    /// <summary>A provider is configured, but this analysis did not ask for it (<c>useLlm=false</c>).</summary>
    NotRequested,
}

/// <summary>Outcome of the LLM stage (serialized camelCase: "rateLimited").</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(CamelCaseEnumConverter<LlmStatus>))]
public enum LlmStatus
{
    Disabled = 0,
    Pending,
    Succeeded,
    Partial,
    RateLimited,
    TimedOut,
    Failed,
    InvalidOutput,
    Cached,

    /// <summary>The run was cancelled before the model answered (the dashboard's Cancel or a closed tab).</summary>
    Cancelled,
}
