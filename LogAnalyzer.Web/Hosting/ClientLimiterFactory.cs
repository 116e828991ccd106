using System.Threading.RateLimiting;

namespace LogAnalyzer.Web.Hosting;

/// <summary>
/// Builds the per-client analysis limiter (requests per minute and analyses at once, keyed by
/// <see cref="ClientIdentity"/>). In memory by default; a distributed store (Redis) registers its own factory in
/// <see cref="AnalysisLimitsSetup.AddAnalysisLimits"/>, the one place limits are wired.
/// </summary>
public sealed record ClientLimiterFactory(Func<RateLimitingOptions, PartitionedRateLimiter<string>?> Create)
{
    /// <summary>This process's own counters: right for one instance.</summary>
    public static ClientLimiterFactory InMemory { get; } = new(CreateInMemory);

    private static PartitionedRateLimiter<string>? CreateInMemory(RateLimitingOptions options)
    {
        var limiters = new List<PartitionedRateLimiter<string>>(2);
        if (options.AnalysesPerMinute > 0)
        {
            limiters.Add(PartitionedRateLimiter.Create<string, string>(client =>
                RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.AnalysesPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                })));
        }

        if (options.ConcurrentAnalyses > 0)
        {
            limiters.Add(PartitionedRateLimiter.Create<string, string>(client =>
                RateLimitPartition.GetConcurrencyLimiter(client, _ => new ConcurrencyLimiterOptions
                {
                    PermitLimit = options.ConcurrentAnalyses,
                    QueueLimit = 0,
                })));
        }

        return limiters.Count switch
        {
            0 => null,
            1 => limiters[0],
            _ => PartitionedRateLimiter.CreateChained([.. limiters]),
        };
    }
}
