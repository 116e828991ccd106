namespace LogAnalyzer.Bench;

/// <summary>GA, FGA and pairwise F1 as defined in the loghub-2k README.</summary>
internal sealed record GroupingMetrics(double Ga, double Fga, double PairwiseF1, int PredictedGroups, int TrueGroups)
{
    /// <summary><paramref name="predicted"/>[i] and <paramref name="truth"/>[i] label line i; a null prediction is a group of its own.</summary>
    public static GroupingMetrics Compute(IReadOnlyList<string?> predicted, IReadOnlyList<string> truth)
    {
        var n = truth.Count;
        var pred = new string[n];
        for (var i = 0; i < n; i++)
        {
            pred[i] = predicted[i] ?? "\u0000missing" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var truthSize = Count(truth);
        var predSize = Count(pred);
        var cells = new Dictionary<(string, string), int>();
        for (var i = 0; i < n; i++)
        {
            var key = (pred[i], truth[i]);
            cells[key] = cells.GetValueOrDefault(key) + 1;
        }

        // A predicted group is correct when all its lines carry one label and it holds every line of that label.
        var correctLines = 0;
        var correctGroups = 0;
        var labelsOfPred = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var ((p, _), _) in cells)
        {
            labelsOfPred[p] = labelsOfPred.GetValueOrDefault(p) + 1;
        }

        foreach (var ((p, t), size) in cells)
        {
            if (labelsOfPred[p] == 1 && size == truthSize[t] && size == predSize[p])
            {
                correctLines += size;
                correctGroups++;
            }
        }

        double Pairs(double k) => k * (k - 1) / 2;
        var predPairs = predSize.Values.Sum(v => Pairs(v));
        var truePairs = truthSize.Values.Sum(v => Pairs(v));
        var commonPairs = cells.Values.Sum(v => Pairs(v));
        var precision = predPairs == 0 ? 1 : commonPairs / predPairs;
        var recall = truePairs == 0 ? 1 : commonPairs / truePairs;
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        var pga = (double)correctGroups / predSize.Count;
        var rga = (double)correctGroups / truthSize.Count;
        var fga = pga + rga == 0 ? 0 : 2 * pga * rga / (pga + rga);
        return new GroupingMetrics((double)correctLines / n, fga, f1, predSize.Count, truthSize.Count);
    }

    private static Dictionary<string, int> Count(IEnumerable<string> labels)
    {
        var d = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var l in labels)
        {
            d[l] = d.GetValueOrDefault(l) + 1;
        }

        return d;
    }
}
