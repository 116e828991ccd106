namespace LogAnalyzer.Core.Llm;

/// <summary>Travels with one logical request through the resilience pipeline: attempts, ids, the stage deadline.</summary>
internal sealed class LlmAttemptTracker(DateTimeOffset deadline)
{
    public static readonly HttpRequestOptionsKey<LlmAttemptTracker> Key = new("LogAnalyzer.Llm.Attempt");

    private int _attempts;

    public DateTimeOffset Deadline { get; } = deadline;

    public int Attempts => Volatile.Read(ref _attempts);

    public string? RequestId { get; set; }

    public string? Provider { get; set; }

    public int NextAttempt() => Interlocked.Increment(ref _attempts);
}
