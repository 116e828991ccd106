using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Web.Hosting;

/// <summary>
/// The server-wide gate: at most <see cref="RateLimitingOptions.ServerConcurrentAnalyses"/> analyses run at once,
/// whoever asks, so N clients cannot multiply the per-analysis memory budget. Others wait in order (bounded by
/// <see cref="RateLimitingOptions.ServerQueueLimit"/> and by their own cancellation: the request timeout or the tab).
/// Entered after the body is read, so a slow upload never holds a slot.
/// </summary>
public sealed class AnalysisGate : IDisposable
{
    private readonly ConcurrencyLimiter? _limiter;

    public AnalysisGate(IOptions<RateLimitingOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        if (settings.ServerConcurrentAnalyses > 0)
        {
            _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
            {
                PermitLimit = settings.ServerConcurrentAnalyses,
                QueueLimit = settings.ServerQueueLimit,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            });
        }
    }

    /// <summary>Waits for a slot; a refused permit (queue full) says how long to wait.</summary>
    public async ValueTask<AnalysisPermit> EnterAsync(CancellationToken cancellationToken)
    {
        if (_limiter is null)
        {
            return AnalysisPermit.Unlimited;
        }

        var lease = await _limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        if (lease.IsAcquired)
        {
            return new AnalysisPermit(lease, null);
        }

        lease.Dispose();
        return new AnalysisPermit(null, TimeSpan.FromSeconds(5));
    }

    public void Dispose() => _limiter?.Dispose();
}
