using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Web.Hosting;

/// <summary>
/// Per-client limits shared by the REST API, the prompt preview and the dashboard, so a client cannot side-step one
/// through another: a fixed one-minute window of analyses and a cap on analyses running at once.
/// </summary>
public sealed partial class AnalysisRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string>? _limiter;

    public AnalysisRateLimiter(IOptions<RateLimitingOptions> options, ClientLimiterFactory factory)
        : this(options, factory, null, null)
    {
    }

    public AnalysisRateLimiter(IOptions<RateLimitingOptions> options, ClientLimiterFactory factory, Storage.SharedRedis? sharedRedis, ILogger<AnalysisRateLimiter>? logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(factory);
        _shared = CreateSharedWindow(options.Value, sharedRedis);
        _logger = logger;
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

    public void Dispose()
    {
        _limiter?.Dispose();
        _shared?.Dispose();
    }

    // ---- Several instances (issue 12): the per-minute budget shared through Redis when ConnectionStrings:Redis is set.
    private readonly PartitionedRateLimiter<string>? _shared;
    private readonly ILogger<AnalysisRateLimiter>? _logger;

    /// <summary>
    /// Like <see cref="TryAcquire"/>, but with Redis configured the per-minute budget is one budget across every
    /// instance. Redis down: the per-instance limits still apply.
    /// </summary>
    public async ValueTask<AnalysisPermit> TryAcquireAsync(string client, CancellationToken cancellationToken)
    {
        if (_shared is not null)
        {
            try
            {
                using var lease = await _shared.AcquireAsync(client, 1, cancellationToken).ConfigureAwait(false);
                if (!lease.IsAcquired)
                {
                    var seconds = lease.TryGetMetadata(RedisRateLimiting.RateLimitMetadataName.RetryAfter, out var wait) ? wait : 1;
                    return new AnalysisPermit(null, TimeSpan.FromSeconds(Math.Max(1, seconds)));
                }
            }
            catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
            {
                if (_logger is not null)
                {
                    LogSharedBudgetUnavailable(_logger, ex);
                }
            }
        }

        return TryAcquire(client);
    }

    private static PartitionedRateLimiter<string>? CreateSharedWindow(RateLimitingOptions? options, Storage.SharedRedis? redis) =>
        redis is null || options is not { AnalysesPerMinute: > 0 }
            ? null
            : PartitionedRateLimiter.Create<string, string>(client =>
                RedisRateLimiting.RedisRateLimitPartition.GetFixedWindowRateLimiter("loganalyzer:ratelimit:" + client, _ => new RedisRateLimiting.RedisFixedWindowRateLimiterOptions
                {
                    ConnectionMultiplexerFactory = () => redis.Connection,
                    PermitLimit = options.AnalysesPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                }));

    [LoggerMessage(4010, LogLevel.Warning, "The shared rate-limit budget (Redis) is unavailable; per-instance limits apply", EventName = "SharedRateLimitUnavailable")]
    private static partial void LogSharedBudgetUnavailable(ILogger logger, Exception exception);
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
