namespace LogAnalyzer.Core.Llm;

/// <summary>
/// Outermost handler of the LLM HttpClient: attaches the current call's <see cref="LlmAttemptTracker"/>
/// (<see cref="LlmCallScope"/>) to the request, where the resilience policy (stage deadline) and
/// <see cref="LlmAttemptHandler"/> (attempt count, ids) read it.
/// </summary>
internal sealed class LlmScopeHandler : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Options.TryGetValue(LlmAttemptTracker.Key, out _) && LlmCallScope.Current is { } tracker)
        {
            request.Options.Set(LlmAttemptTracker.Key, tracker);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
