namespace LogAnalyzer.Core.Patterns;

/// <summary>
/// Merges distinct masked templates into clusters. Templates are bucketed by token count; inside a bucket a template
/// joins the most similar cluster when enough of the cluster's constant tokens agree (placeholders are ignored:
/// they never count for or against similarity), else it starts a new cluster. Cluster templates generalize
/// position by position; a final pass merges clusters whose templates became compatible.
/// </summary>
internal static class TemplateClustering
{
    /// <summary>Share of the cluster's constant positions that must agree.</summary>
    internal const double Threshold = 0.5;

    internal static int[] Cluster(IReadOnlyList<string> templates, IReadOnlyList<int> counts, out List<string> clusterTemplates)
    {
        var n = templates.Count;
        var result = new int[n];
        var buckets = new Dictionary<int, List<Node>>();
        var all = new List<Node>();
        var clusterOf = new Node[n];
        for (var u = 0; u < n; u++)
        {
            var tokens = Tokenize(templates[u]);
            if (!buckets.TryGetValue(tokens.Length, out var bucket))
            {
                buckets[tokens.Length] = bucket = [];
            }

            Node? best = null;
            var bestSim = -1.0;
            foreach (var c in bucket)
            {
                var sim = Similarity(c.Tokens, tokens);
                if (sim > bestSim)
                {
                    best = c;
                    bestSim = sim;
                }
            }

            if (best is not null && bestSim >= Threshold)
            {
                best.Absorb(tokens, counts[u]);
                clusterOf[u] = best;
            }
            else
            {
                var c = new Node(tokens, counts[u], all.Count);
                bucket.Add(c);
                all.Add(c);
                clusterOf[u] = c;
            }
        }

        // Final pass: clusters whose generalized templates now agree on every constant position become one.
        foreach (var bucket in buckets.Values)
        {
            for (var a = 0; a < bucket.Count; a++)
            {
                for (var b = a + 1; b < bucket.Count; b++)
                {
                    if (bucket[b].Target is null && bucket[a].Target is null && Compatible(bucket[a].Tokens, bucket[b].Tokens))
                    {
                        bucket[a].Absorb(bucket[b].Tokens, bucket[b].Weight);
                        bucket[b].Target = bucket[a];
                    }
                }
            }
        }

        var finalIndex = new Dictionary<Node, int>();
        clusterTemplates = [];
        for (var u = 0; u < n; u++)
        {
            var c = clusterOf[u].Root();
            if (!finalIndex.TryGetValue(c, out var idx))
            {
                idx = finalIndex[c] = clusterTemplates.Count;
                clusterTemplates.Add(string.Join(' ', c.Tokens));
            }

            result[u] = idx;
        }

        return result;
    }

    internal static string[] Tokenize(string template) =>
        template.Length == 0 ? [] : template.Split(' ');

    /// <summary>True when the token is exactly one placeholder such as &lt;num&gt; or &lt;*&gt;.</summary>
    internal static bool IsPlaceholder(string token) =>
        token.Length >= 3 && token[0] == '<' && token[^1] == '>' && token.IndexOf('<', 1) < 0;

    private static double Similarity(string[] cluster, string[] tokens)
    {
        var constants = 0;
        var matches = 0;
        for (var p = 0; p < cluster.Length; p++)
        {
            var a = cluster[p];
            if (IsPlaceholder(a))
            {
                continue;
            }

            constants++;
            if (string.Equals(a, tokens[p], StringComparison.Ordinal))
            {
                matches++;
            }
        }

        return constants == 0 ? 1.0 : (double)matches / constants;
    }

    private static bool Compatible(string[] a, string[] b)
    {
        for (var p = 0; p < a.Length; p++)
        {
            if (!string.Equals(a[p], b[p], StringComparison.Ordinal) && !(IsPlaceholder(a[p]) && IsPlaceholder(b[p])))
            {
                return false;
            }
        }

        return true;
    }

    private sealed class Node(string[] tokens, int weight, int order)
    {
        public string[] Tokens { get; } = (string[])tokens.Clone();

        public int Weight { get; private set; } = weight;

        public int Order { get; } = order;

        public Node? Target { get; set; }

        public Node Root()
        {
            var c = this;
            while (c.Target is not null)
            {
                c = c.Target;
            }

            return c;
        }

        public void Absorb(string[] other, int weight)
        {
            Weight += weight;
            for (var p = 0; p < Tokens.Length; p++)
            {
                var a = Tokens[p];
                var b = other[p];
                if (!string.Equals(a, b, StringComparison.Ordinal))
                {
                    Tokens[p] = TemplateMasker.Any;
                }
            }
        }
    }
}
