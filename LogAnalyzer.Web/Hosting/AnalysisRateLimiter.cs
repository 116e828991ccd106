using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Web.Hosting;

/// <summary>
/// Per-client limits shared by the REST API, the prompt preview and the dashboard, so a client cannot side-step one
/// through another: a fixed one-minute window of analyses and a cap on analyses running at once.
/// </summary>
public sealed class AnalysisRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string>? _limiter;

    public AnalysisRateLimiter(IOptions<RateLimitingOptions> options, ClientLimiterFactory factory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(factory);
        Options = options.Value;
        _limiter = factory.Create(Options);
    }

    public RateLimitingOptions Options { get; }

    /// <summary>Takes a permit for one analysis by <paramref name="client"/>; dispose the lease when it ends.</summary>
    public AnalysisPermit TryAcquire(string client)
    {
        if (_limiter is null)
        {
            return AnalysisPermit.Unlimited;
        }

        var lease = _limiter.AttemptAcquire(client);
        if (lease.IsAcquired)
        {
            return new AnalysisPermit(lease, null);
        }

        TimeSpan? retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : null;
        lease.Dispose();
        return new AnalysisPermit(null, retryAfter ?? TimeSpan.FromSeconds(1));
    }

    public void Dispose() => _limiter?.Dispose();
}

/// <summary>A permit to run one analysis, or a refusal with how long to wait.</summary>
public sealed class AnalysisPermit(RateLimitLease? lease, TimeSpan? retryAfter, Action? onRelease = null) : IDisposable
{
    private Action? _onRelease = onRelease;

    public static AnalysisPermit Unlimited { get; } = new(null, null);

    public bool Granted => RetryAfter is null;

    /// <summary>When refused: how long the client should wait before trying again.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>How long to wait, in whole seconds (at least 1), for a Retry-After header or a message.</summary>
    public int RetryAfterSeconds => Math.Max(1, (int)Math.Ceiling((RetryAfter ?? TimeSpan.Zero).TotalSeconds));

    public void Dispose()
    {
        lease?.Dispose();
        Interlocked.Exchange(ref _onRelease, null)?.Invoke();
    }
}
