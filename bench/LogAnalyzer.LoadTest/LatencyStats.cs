namespace LogAnalyzer.LoadTest;

/// <summary>Percentiles over recorded latencies (nearest-rank).</summary>
internal sealed record LatencyStats(double P50Ms, double P95Ms, double P99Ms, double MaxMs, double MeanMs)
{
    public static LatencyStats From(IReadOnlyList<double> millis)
    {
        if (millis.Count == 0)
        {
            return new LatencyStats(0, 0, 0, 0, 0);
        }

        var sorted = millis.Order().ToArray();
        return new LatencyStats(Rank(sorted, 0.50), Rank(sorted, 0.95), Rank(sorted, 0.99), Math.Round(sorted[^1], 1), Math.Round(sorted.Average(), 1));
    }

    private static double Rank(double[] sorted, double p) =>
        Math.Round(sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)], 1);
}
