using System.Collections.Concurrent;
using LogAnalyzer.Web.Hosting;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Web.Access;

/// <summary>
/// Counts failed authentications (wrong API key, wrong sign-in key) per client in a one-minute window; past
/// <see cref="RateLimitingOptions.FailedAuthenticationsPerMinute"/> the client is refused with 429 + Retry-After until
/// the window ends, whatever key it presents, so keys cannot be guessed at speed.
/// </summary>
public sealed class AuthFailureThrottle(IOptions<RateLimitingOptions> options, TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private const int PruneAbove = 10_000;

    private readonly ConcurrentDictionary<string, Counter> _failures = new(StringComparer.Ordinal);

    /// <summary>True (with how long to wait) when <paramref name="client"/> has used up its failures in this window.</summary>
    public bool IsBlocked(string client, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        var limit = options.Value.FailedAuthenticationsPerMinute;
        if (limit <= 0 || !_failures.TryGetValue(client, out var counter))
        {
            return false;
        }

        var now = time.GetUtcNow();
        lock (counter)
        {
            if (now >= counter.WindowStart + Window || counter.Count < limit)
            {
                return false;
            }

            retryAfter = counter.WindowStart + Window - now;
            return true;
        }
    }

    /// <summary>Counts one failure of <paramref name="client"/>.</summary>
    public void RecordFailure(string client)
    {
        if (options.Value.FailedAuthenticationsPerMinute <= 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        if (_failures.Count > PruneAbove)
        {
            foreach (var (key, stale) in _failures)
            {
                if (now >= stale.WindowStart + Window)
                {
                    _failures.TryRemove(key, out _);
                }
            }
        }

        var counter = _failures.GetOrAdd(client, _ => new Counter { WindowStart = now });
        lock (counter)
        {
            if (now >= counter.WindowStart + Window)
            {
                counter.WindowStart = now;
                counter.Count = 0;
            }

            counter.Count++;
        }
    }

    /// <summary>Whole seconds for a Retry-After header (at least 1).</summary>
    public static int Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));

    private sealed class Counter
    {
        public DateTimeOffset WindowStart { get; set; }

        public int Count { get; set; }
    }
}
