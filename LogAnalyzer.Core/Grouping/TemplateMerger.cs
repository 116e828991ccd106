namespace LogAnalyzer.Core.Grouping;

/// <summary>
/// Merges message templates that differ only in masked variables: compared token by token, a placeholder
/// (<c>&lt;*&gt;</c>, <c>&lt;num&gt;</c>, <c>&lt;ip&gt;</c>, …) matches any token. Literal tokens must agree, and at least half
/// of the positions must be literal on both sides, so two all-variable templates never merge everything.
/// </summary>
internal static class TemplateMerger
{
    /// <summary>Largest bucket (same token count) compared pairwise; bigger buckets keep their templates apart.</summary>
    private const int MaxBucket = 2000;

    /// <summary>For each input template (same order): the canonical template of its merged set and the set's size.</summary>
    public static (string Canonical, int Size)[] Merge(IReadOnlyList<string> templates)
    {
        var tokens = new string[templates.Count][];
        var parent = new int[templates.Count];
        var buckets = new Dictionary<int, List<int>>();
        for (var i = 0; i < templates.Count; i++)
        {
            parent[i] = i;
            tokens[i] = templates[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (!buckets.TryGetValue(tokens[i].Length, out var bucket))
            {
                buckets[tokens[i].Length] = bucket = [];
            }

            bucket.Add(i);
        }

        foreach (var bucket in buckets.Values)
        {
            if (bucket.Count < 2 || bucket.Count > MaxBucket)
            {
                continue;
            }

            for (var a = 0; a < bucket.Count; a++)
            {
                for (var b = a + 1; b < bucket.Count; b++)
                {
                    if (Find(parent, bucket[a]) != Find(parent, bucket[b]) && Compatible(tokens[bucket[a]], tokens[bucket[b]]))
                    {
                        // The earlier template (first seen) stays the root.
                        parent[Find(parent, bucket[b])] = Find(parent, bucket[a]);
                    }
                }
            }
        }

        var sizes = new int[templates.Count];
        for (var i = 0; i < templates.Count; i++)
        {
            sizes[Find(parent, i)]++;
        }

        var result = new (string, int)[templates.Count];
        for (var i = 0; i < templates.Count; i++)
        {
            var root = Find(parent, i);
            result[i] = (templates[root], sizes[root]);
        }

        return result;
    }

    internal static bool Compatible(string[] a, string[] b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        var literal = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var x = a[i];
            var y = b[i];
            if (IsPlaceholder(x) || IsPlaceholder(y))
            {
                continue;
            }

            if (string.Equals(x, y, StringComparison.Ordinal))
            {
                literal++;
                continue;
            }

            // "<ip>:<num>" and "db-primary:<num>": a placeholder inside a token matches any text there.
            if (!GlobMatches(x, y) && !GlobMatches(y, x))
            {
                return false;
            }
        }

        return literal > 0 && literal * 2 >= a.Length;
    }

    /// <summary>A whole-token placeholder: &lt;*&gt;, &lt;num&gt;, &lt;ip&gt;, …</summary>
    internal static bool IsPlaceholder(string token) =>
        token.Length >= 3 && token[0] == '<' && token[^1] == '>' && PlaceholderEnd(token, 0) == token.Length - 1;

    /// <summary>True when <paramref name="text"/> matches <paramref name="pattern"/>, its placeholders matching any run of characters.</summary>
    private static bool GlobMatches(string pattern, string text)
    {
        var p = 0;
        var t = 0;
        var starP = -1;
        var starT = 0;
        while (t < text.Length)
        {
            var end = p < pattern.Length && pattern[p] == '<' ? PlaceholderEnd(pattern, p) : -1;
            if (end > 0)
            {
                starP = p = end + 1;
                starT = t;
            }
            else if (p < pattern.Length && pattern[p] == text[t])
            {
                p++;
                t++;
            }
            else if (starP >= 0)
            {
                p = starP;
                t = ++starT;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '<' && PlaceholderEnd(pattern, p) is var e && e > 0)
        {
            p = e + 1;
        }

        return p == pattern.Length && starP >= 0;
    }

    private static int PlaceholderEnd(string token, int open)
    {
        var i = open + 1;
        while (i < token.Length && (char.IsAsciiLetterLower(token[i]) || token[i] == '*'))
        {
            i++;
        }

        return i > open + 1 && i < token.Length && token[i] == '>' ? i : -1;
    }

    private static int Find(int[] parent, int i)
    {
        while (parent[i] != i)
        {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }

        return i;
    }
}
