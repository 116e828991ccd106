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

    public static LlmReport Disabled(string reason) => new() { Status = LlmStatus.Disabled, FallbackReason = reason };
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
