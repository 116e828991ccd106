namespace LogAnalyzer.Core.Llm;

/// <summary>
/// Whether LLM calls are currently paused: the circuit breaker opened after repeated transient failures, or the
/// provider refused the account (bad key, credits exhausted). Read by the readiness health check and the UI.
/// Thread-safe singleton.
/// </summary>
public sealed class LlmCircuitState(TimeProvider timeProvider)
{
    private readonly Lock _gate = new();
    private DateTimeOffset? _breakerOpenUntil;
    private DateTimeOffset? _heldUntil;
    private string? _heldReason;

    /// <summary>True while calls are skipped (the analysis uses the rules without contacting the provider).</summary>
    public bool IsOpen => OpenUntil is { } until && until > timeProvider.GetUtcNow();

    /// <summary>When calls resume (at the latest), or null when the circuit is closed.</summary>
    public DateTimeOffset? OpenUntil
    {
        get
        {
            lock (_gate)
            {
                var now = timeProvider.GetUtcNow();
                DateTimeOffset? result = null;
                if (_breakerOpenUntil is { } b && b > now)
                {
                    result = b;
                }

                if (_heldUntil is { } h && h > now && (result is null || h > result))
                {
                    result = h;
                }

                return result;
            }
        }
    }

    /// <summary>Plain words: why calls are paused, or null.</summary>
    public string? Reason
    {
        get
        {
            lock (_gate)
            {
                var now = timeProvider.GetUtcNow();
                if (_heldUntil is { } h && h > now)
                {
                    return _heldReason;
                }

                return _breakerOpenUntil is { } b && b > now
                    ? "the provider failed repeatedly (circuit breaker open)"
                    : null;
            }
        }
    }

    internal void BreakerOpened(TimeSpan breakDuration)
    {
        lock (_gate)
        {
            _breakerOpenUntil = timeProvider.GetUtcNow() + breakDuration;
        }
    }

    internal void BreakerClosed()
    {
        lock (_gate)
        {
            _breakerOpenUntil = null;
        }
    }

    /// <summary>Pauses calls after an account-wide refusal that retrying cannot fix soon.</summary>
    internal void Hold(TimeSpan duration, string reason)
    {
        if (duration <= TimeSpan.Zero)
        {
            return;
        }

        lock (_gate)
        {
            _heldUntil = timeProvider.GetUtcNow() + duration;
            _heldReason = reason;
        }
    }
}
