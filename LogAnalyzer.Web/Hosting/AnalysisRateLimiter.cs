using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Web.Hosting;

/// <summary>
/// Per-client limits shared by the REST API and the dashboard, so a client cannot side-step one through the other:
/// a fixed one-minute window of analyses and a cap on analyses running at once.
/// </summary>
public sealed class AnalysisRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string>? _limiter;

    public AnalysisRateLimiter(IOptions<RateLimitingOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options.Value;
        var limiters = new List<PartitionedRateLimiter<string>>(2);
        if (Options.AnalysesPerMinute > 0)
        {
            limiters.Add(PartitionedRateLimiter.Create<string, string>(client =>
                RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = Options.AnalysesPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                })));
        }

        if (Options.ConcurrentAnalyses > 0)
        {
            limiters.Add(PartitionedRateLimiter.Create<string, string>(client =>
                RateLimitPartition.GetConcurrencyLimiter(client, _ => new ConcurrencyLimiterOptions
                {
                    PermitLimit = Options.ConcurrentAnalyses,
                    QueueLimit = 0,
                })));
        }

        _limiter = limiters.Count switch
        {
            0 => null,
            1 => limiters[0],
            _ => PartitionedRateLimiter.CreateChained([.. limiters]),
        };
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
public sealed class AnalysisPermit(RateLimitLease? lease, TimeSpan? retryAfter) : IDisposable
{
    public static AnalysisPermit Unlimited { get; } = new(null, null);

    public bool Granted => RetryAfter is null;

    /// <summary>When refused: how long the client should wait before trying again.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    public void Dispose() => lease?.Dispose();
}
