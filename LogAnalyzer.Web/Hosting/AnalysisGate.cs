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
    private readonly long _returnMemoryAfterBytes;
    private int _running;
    private int _largeSinceCollect;

    public AnalysisGate(IOptions<RateLimitingOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        _returnMemoryAfterBytes = settings.ReturnMemoryAfterBytes;
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

    /// <summary>Analyses inside the gate now.</summary>
    public int Running => Volatile.Read(ref _running);

    /// <summary>
    /// Waits for a slot for an analysis of <paramref name="inputBytes"/>; a refused permit (queue full) says how long to
    /// wait. Dispose the permit once the response is written (the document is live until then).
    /// </summary>
    public async ValueTask<AnalysisPermit> EnterAsync(long inputBytes, CancellationToken cancellationToken)
    {
        RateLimitLease? lease = null;
        if (_limiter is not null)
        {
            lease = await _limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
            if (!lease.IsAcquired)
            {
                lease.Dispose();
                return new AnalysisPermit(null, TimeSpan.FromSeconds(5));
            }
        }

        Interlocked.Increment(ref _running);
        var large = _returnMemoryAfterBytes > 0 && inputBytes >= _returnMemoryAfterBytes;
        return new AnalysisPermit(lease, null, () => Leave(large));
    }

    /// <summary>
    /// When the last analysis leaves after a large one ran, the heap it grew is compacted and decommitted (on the thread
    /// pool, after the response), so the server's RSS falls back instead of staying at the peak.
    /// </summary>
    private void Leave(bool large)
    {
        if (large)
        {
            Interlocked.Exchange(ref _largeSinceCollect, 1);
        }

        if (Interlocked.Decrement(ref _running) == 0 && Interlocked.Exchange(ref _largeSinceCollect, 0) == 1)
        {
            ThreadPool.UnsafeQueueUserWorkItem(
                static _ => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true), null);
        }
    }

    public void Dispose() => _limiter?.Dispose();
}

/// <summary>Sizes of analysis requests, for the gate.</summary>
public static class AnalysisRequestSize
{
    /// <summary>The input's size: its bytes, or its text's UTF-16 length.</summary>
    public static long SizeInBytes(this LogAnalyzer.Core.Analysis.AnalysisRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Bytes?.Length ?? request.Text?.Length ?? 0;
    }
}
