namespace LogAnalyzer.Core.Llm;

/// <summary>
/// Carries the caller's <see cref="LlmAttemptTracker"/> down through an <see cref="Microsoft.Extensions.AI.IChatClient"/>
/// (which has no per-request slot for it) to the HttpClient under it, where <see cref="LlmScopeHandler"/> puts it on the
/// request. Flows with the async call (an <see cref="AsyncLocal{T}"/>), so any chat client built on the LLM HttpClient
/// gets its attempts counted and the stage deadline honoured by the retry policy.
/// </summary>
internal static class LlmCallScope
{
    private static readonly AsyncLocal<LlmAttemptTracker?> CurrentTracker = new();

    public static LlmAttemptTracker? Current => CurrentTracker.Value;

    /// <summary>Makes <paramref name="tracker"/> current until the returned scope is disposed.</summary>
    public static Scope Enter(LlmAttemptTracker tracker)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        var previous = CurrentTracker.Value;
        CurrentTracker.Value = tracker;
        return new Scope(previous);
    }

    internal readonly struct Scope(LlmAttemptTracker? previous) : IDisposable
    {
        public void Dispose() => CurrentTracker.Value = previous;
    }
}
