using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Web.Components.Analysis;

/// <summary>Records per level family over time, for the summary's histogram.</summary>
public sealed record LevelHistogram(DateTimeOffset Start, DateTimeOffset End, IReadOnlyList<LevelBucket> Buckets)
{
    public int MaxTotal => Buckets.Count == 0 ? 0 : Buckets.Max(b => b.Total);

    public TimeSpan BucketWidth => Buckets.Count == 0 ? TimeSpan.Zero : (End - Start) / Buckets.Count;

    /// <summary>Null when fewer than two distinct timestamps exist (nothing to plot).</summary>
    public static LevelHistogram? Build(IReadOnlyList<LogRecord>? records, int bucketCount = 48)
    {
        if (records is null || records.Count == 0 || bucketCount < 1)
        {
            return null;
        }

        DateTimeOffset? min = null, max = null;
        foreach (var r in records)
        {
            if (r.Timestamp is { } t)
            {
                if (min is null || t < min)
                {
                    min = t;
                }

                if (max is null || t > max)
                {
                    max = t;
                }
            }
        }

        if (min is null || max is null || max.Value <= min.Value)
        {
            return null;
        }

        var start = min.Value;
        var span = (max.Value - start).Ticks;
        var errors = new int[bucketCount];
        var warnings = new int[bucketCount];
        var others = new int[bucketCount];
        foreach (var r in records)
        {
            if (r.Timestamp is not { } t)
            {
                continue;
            }

            var index = (int)Math.Min(bucketCount - 1, (t - start).Ticks * bucketCount / span);
            switch (r.Level)
            {
                case Severity.Error or Severity.Critical:
                    errors[index]++;
                    break;
                case Severity.Warning:
                    warnings[index]++;
                    break;
                default:
                    others[index]++;
                    break;
            }
        }

        var width = span / bucketCount;
        var buckets = new LevelBucket[bucketCount];
        for (var i = 0; i < bucketCount; i++)
        {
            buckets[i] = new LevelBucket(start.AddTicks(width * i), errors[i], warnings[i], others[i]);
        }

        return new LevelHistogram(start, max.Value, buckets);
    }
}
