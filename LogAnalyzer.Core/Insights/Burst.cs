using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Core.Insights;

/// <summary>Many occurrences within a short window: how many, over how long, from which record to which.</summary>
internal sealed record Burst(int Count, TimeSpan Span, LogRecord Start, LogRecord End)
{
    /// <summary>The window occurrences must fall in to count as one burst.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(60);

    /// <summary>The fewest occurrences in <see cref="Window"/> that make a burst.</summary>
    public const int MinCount = 5;

    /// <summary>The densest <see cref="Window"/> of the timestamps, when it holds at least <see cref="MinCount"/>.</summary>
    public static Burst? Find(List<(long Ticks, LogRecord Record)> times)
    {
        if (times.Count < MinCount)
        {
            return null;
        }

        // Usually already in time order (one log, one clock); otherwise sort the ticks as primitives (cheap).
        var ticks = new long[times.Count];
        var order = new int[times.Count];
        var sorted = true;
        for (var i = 0; i < ticks.Length; i++)
        {
            ticks[i] = times[i].Ticks;
            order[i] = i;
            sorted &= i == 0 || ticks[i] >= ticks[i - 1];
        }

        if (!sorted)
        {
            Array.Sort(ticks, order);
        }

        var window = Window.Ticks;
        int bestStart = 0, bestEnd = 0, left = 0;
        for (var right = 0; right < ticks.Length; right++)
        {
            while (ticks[right] - ticks[left] > window)
            {
                left++;
            }

            if (right - left > bestEnd - bestStart)
            {
                bestStart = left;
                bestEnd = right;
            }
        }

        var count = bestEnd - bestStart + 1;
        return count < MinCount
            ? null
            : new Burst(count, TimeSpan.FromTicks(ticks[bestEnd] - ticks[bestStart]), times[order[bestStart]].Record, times[order[bestEnd]].Record);
    }
}
