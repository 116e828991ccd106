namespace LogAnalyzer.Core.Patterns;

/// <summary>
/// Merges distinct masked templates into clusters, in three steps.
/// <list type="number">
/// <item>Drain-style candidate clusters: templates are bucketed by token count and first token (when it is a constant);
/// inside a bucket a template joins the most similar cluster when enough of the cluster's constant tokens agree
/// (placeholders never count for or against), else it starts a new cluster.</item>
/// <item>Refinement: a candidate cluster is split on a position where its members disagree only among a few plain words
/// ("Accepted"/"Failed", "NEW"/"RUNNING"): such positions are constants that tell events apart, while a position with
/// many different values, or values shaped like identifiers (dotted names, paths, key=value), is a variable.</item>
/// <item>Each final cluster's template keeps the tokens its members share; other positions become the common
/// placeholder type, or <c>&lt;*&gt;</c>.</item>
/// </list>
/// One general method: no per-input settings.
/// </summary>
internal static class TemplateClustering
{
    /// <summary>Share of the cluster's constant positions that must agree for a template to join it.</summary>
    internal const double Threshold = 0.5;

    /// <summary>A position whose members show at most this many distinct plain words is a constant that splits.</summary>
    internal const int MaxConstantVariants = 3;

    /// <summary>At most this many clusters of one bucket are compared with a new template (keeps the worst case linear).</summary>
    internal const int MaxCandidatesScanned = 256;

    internal static int[] Cluster(IReadOnlyList<string> templates, IReadOnlyList<int> counts, out List<string> clusterTemplates)
    {
        var n = templates.Count;
        var tokens = new string[n][];
        var general = new string[n][];
        for (var u = 0; u < n; u++)
        {
            tokens[u] = Tokenize(templates[u]);
            general[u] = Generalize(tokens[u]);
        }

        var candidates = BuildCandidates(general);
        var result = new int[n];
        clusterTemplates = [];
        var groups = new List<List<int>>();
        foreach (var members in candidates)
        {
            Refine(members, general, groups);
        }

        groups = MergeSameSkeleton(groups, general);

        // Number clusters by their first member (= first appearance), so the output is deterministic.
        groups.Sort((a, b) => a[0].CompareTo(b[0]));
        foreach (var group in groups)
        {
            var id = clusterTemplates.Count;
            clusterTemplates.Add(BuildTemplate(group, tokens, general));
            foreach (var u in group)
            {
                result[u] = id;
            }
        }

        GC.KeepAlive(counts);
        return result;
    }

    internal static string[] Tokenize(string template) =>
        template.Length == 0 ? [] : template.Split(' ');

    /// <summary>
    /// The tokens with every placeholder written as <c>&lt;*&gt;</c>: one variable masked as different types in different
    /// lines (<c>id=&lt;num&gt;</c>, <c>id=&lt;hex&gt;</c>, <c>id=&lt;hash&gt;</c>) is one variable. Tokens without a
    /// placeholder are the same string instances.
    /// </summary>
    internal static string[] Generalize(string[] tokens)
    {
        string[]? result = null;
        for (var p = 0; p < tokens.Length; p++)
        {
            var t = tokens[p];
            if (t.Contains('<', StringComparison.Ordinal))
            {
                var g = GeneralizeToken(t);
                if (!ReferenceEquals(g, t))
                {
                    result ??= (string[])tokens.Clone();
                    result[p] = g;
                }
            }
        }

        return result ?? tokens;
    }

    private static string GeneralizeToken(string token)
    {
        System.Text.StringBuilder? sb = null;
        var copied = 0;
        for (var i = 0; i < token.Length; i++)
        {
            if (token[i] != '<')
            {
                continue;
            }

            var end = i + 1;
            while (end < token.Length && (char.IsAsciiLetterLower(token[end]) || token[end] == '*'))
            {
                end++;
            }

            if (end < token.Length && token[end] == '>' && end > i + 1)
            {
                sb ??= new System.Text.StringBuilder(token.Length);
                sb.Append(token, copied, i - copied).Append(TemplateMasker.Any);
                copied = end + 1;
                i = end;
            }
        }

        if (sb is null)
        {
            return token;
        }

        sb.Append(token, copied, token.Length - copied);
        var text = sb.ToString();
        return string.Equals(text, token, StringComparison.Ordinal) ? token : text;
    }

    /// <summary>
    /// Two different generalized tokens of one slot as one: the key they share kept ("user=root", "user=admin" →
    /// "user=&lt;*&gt;"; "(&lt;*&gt;)" and "(x)" → "(&lt;*&gt;)"), else <c>&lt;*&gt;</c>.
    /// </summary>
    internal static string Combine(string a, string b)
    {
        var common = 0;
        var max = Math.Min(a.Length, b.Length);
        while (common < max && a[common] == b[common] && a[common] != '<')
        {
            common++;
        }

        while (common > 0 && !IsKeyEnd(a[common - 1]))
        {
            common--;
        }

        var suffix = 0;
        while (suffix < max - common && a[^(suffix + 1)] == b[^(suffix + 1)] && a[^(suffix + 1)] is ')' or ']' or '}' or ',' or ';' or '"' or '\'' or '.')
        {
            suffix++;
        }

        if (common == 0 && suffix == 0)
        {
            return TemplateMasker.Any;
        }

        return string.Concat(a.AsSpan(0, common), TemplateMasker.Any, a.AsSpan(a.Length - suffix));

        static bool IsKeyEnd(char c) => c is '=' or ':' or '(' or '[' or '{' or '"' or '\'' or '/' or '@' or '#' or ',';
    }

    /// <summary>True when <paramref name="variable"/> is a keyed variable ("user=&lt;*&gt;") whose key <paramref name="token"/> starts with.</summary>
    private static bool SharesKey(string variable, string token)
    {
        var at = variable.IndexOf(TemplateMasker.Any, StringComparison.Ordinal);
        return at > 0 && token.Length > at && string.CompareOrdinal(variable, 0, token, 0, at) == 0;
    }

    /// <summary>True when the generalized token holds a variable (<c>&lt;*&gt;</c>, <c>took=&lt;*&gt;</c>, <c>blk_&lt;*&gt;</c>).</summary>
    internal static bool IsVariable(string general) => general.Contains(TemplateMasker.Any, StringComparison.Ordinal);

    /// <summary>A variable with nothing but punctuation around it (<c>&lt;*&gt;</c>, <c>(&lt;*&gt;)</c>, <c>&lt;*&gt;,</c>): no key of its own.</summary>
    private static bool IsBareVariable(string general)
    {
        if (!IsVariable(general))
        {
            return false;
        }

        for (var i = 0; i < general.Length; i++)
        {
            if (general[i] == '<' && string.CompareOrdinal(general, i, TemplateMasker.Any, 0, 3) == 0)
            {
                i += 2;
            }
            else if (char.IsLetterOrDigit(general[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The event's words in order, with every run of bare variables as one <c>&lt;*&gt;</c>: value renderings that change
    /// the token count ("403 bytes" vs "1.2 MB (1,234 KB)", one id vs a list) leave it unchanged. Null when nothing but
    /// variables is left (nothing to recognise the event by).
    /// </summary>
    private static string? Skeleton(string[] general)
    {
        var parts = SkeletonTokens(general);
        return parts is null ? null : string.Join(' ', parts);
    }

    private static List<string>? SkeletonTokens(string[] general)
    {
        var parts = new List<string>(general.Length);
        var constants = 0;
        foreach (var t in general)
        {
            if (IsBareVariable(t))
            {
                if (parts.Count == 0 || !ReferenceEquals(parts[^1], TemplateMasker.Any))
                {
                    parts.Add(TemplateMasker.Any);
                }
            }
            else
            {
                parts.Add(t);
                constants += IsVariable(t) ? 0 : 1;
            }
        }

        return constants == 0 ? null : parts;
    }

    /// <summary>Clusters whose templates have the same skeleton are one event, whatever their token counts.</summary>
    private static List<List<int>> MergeSameSkeleton(List<List<int>> groups, string[][] general)
    {
        var merged = new List<List<int>>(groups.Count);
        var bySkeleton = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var skeleton = Skeleton(GroupTokens(group, general));
            if (skeleton is null)
            {
                merged.Add(group);
            }
            else if (bySkeleton.TryGetValue(skeleton, out var existing))
            {
                existing.AddRange(group);
            }
            else
            {
                bySkeleton[skeleton] = group;
                merged.Add(group);
            }
        }

        merged = MergeVariableSlots(merged, general);
        foreach (var group in merged)
        {
            group.Sort();
        }

        return merged;
    }

    /// <summary>
    /// Clusters whose skeletons have the same length and differ only where one of them has a variable ("Cache &lt;*&gt;
    /// evicted" and a lone "Cache users evicted" of another token count) are one event: a word in a slot that is a
    /// variable elsewhere is a value. At least two words must agree, and twice as many as the slots that differ.
    /// </summary>
    private static List<List<int>> MergeVariableSlots(List<List<int>> groups, string[][] general)
    {
        var skeletons = groups.ConvertAll(g => SkeletonTokens(GroupTokens(g, general)));
        var owner = new int[groups.Count];
        var byLength = new Dictionary<int, List<int>>();
        for (var g = 0; g < groups.Count; g++)
        {
            owner[g] = g;
            if (skeletons[g] is not { } sk)
            {
                continue;
            }

            if (!byLength.TryGetValue(sk.Count, out var same))
            {
                byLength[sk.Count] = same = [];
            }

            for (var k = same.Count - 1; k >= 0 && k >= same.Count - MaxCandidatesScanned; k--)
            {
                var other = same[k];
                if (Compatible(skeletons[other]!, sk))
                {
                    owner[g] = owner[other];
                    break;
                }
            }

            same.Add(g);
        }

        var result = new List<List<int>>(groups.Count);
        for (var g = 0; g < groups.Count; g++)
        {
            if (owner[g] == g)
            {
                result.Add(groups[g]);
            }
            else
            {
                groups[owner[g]].AddRange(groups[g]);
            }
        }

        return result;

        static bool Compatible(List<string> a, List<string> b)
        {
            var agree = 0;
            var differ = 0;
            for (var p = 0; p < a.Count; p++)
            {
                if (string.Equals(a[p], b[p], StringComparison.Ordinal))
                {
                    agree += IsVariable(a[p]) ? 0 : 1;
                }
                else if (ReferenceEquals(a[p], TemplateMasker.Any) || ReferenceEquals(b[p], TemplateMasker.Any))
                {
                    differ++;
                }
                else
                {
                    return false;
                }
            }

            return differ > 0 && agree >= 2 && agree >= 2 * differ;
        }
    }

    /// <summary>
    /// The group's generalized tokens where its members agree, <c>&lt;*&gt;</c> where they do not; over the members of
    /// the first member's token count (members of other counts share the skeleton by construction).
    /// </summary>
    private static string[] GroupTokens(List<int> group, string[][] general)
    {
        var template = general[group[0]];
        string[]? copy = null;
        for (var i = 1; i < group.Count; i++)
        {
            var t = general[group[i]];
            if (t.Length != template.Length)
            {
                continue;
            }

            for (var p = 0; p < template.Length; p++)
            {
                if (!string.Equals(template[p], t[p], StringComparison.Ordinal))
                {
                    copy ??= template = (string[])template.Clone();
                    template[p] = Combine(template[p], t[p]);
                }
            }
        }

        return template;
    }

    /// <summary>True when the token is exactly one placeholder such as &lt;num&gt; or &lt;*&gt;.</summary>
    internal static bool IsPlaceholder(string token) =>
        token.Length >= 3 && token[0] == '<' && token[^1] == '>' && token.IndexOf('<', 1) < 0;

    private static List<List<int>> BuildCandidates(string[][] tokens)
    {
        var buckets = new Dictionary<(int, string), List<Candidate>>();
        var all = new List<Candidate>();
        for (var u = 0; u < tokens.Length; u++)
        {
            var t = tokens[u];
            // A leading sentence word or key ("getTasks:", "lock=<*>,") opens a bucket of its own; a leading bare value or
            // name without a key (program, unit, host: "nginx.service:", "app.exe") is often a variable and does not.
            var first = t.Length == 0 || IsBareVariable(t[0]) || !(IsPlainWord(t[0]) || IsVariable(t[0])) ? string.Empty : t[0];
            var key = (t.Length, first);
            if (!buckets.TryGetValue(key, out var bucket))
            {
                buckets[key] = bucket = [];
            }

            Candidate? best = null;
            var bestSim = -1.0;

            // Bound the work on inputs with very many distinct messages of one shape: compare with the most recent clusters.
            for (var k = bucket.Count - 1; k >= 0 && k >= bucket.Count - MaxCandidatesScanned; k--)
            {
                var c = bucket[k];
                var sim = Similarity(c.Tokens, t);
                if (sim >= bestSim)
                {
                    best = c;
                    bestSim = sim;
                }
            }

            if (best is not null && bestSim >= Threshold)
            {
                best.Absorb(t, u);
            }
            else
            {
                var c = new Candidate(t, u);
                bucket.Add(c);
                all.Add(c);
            }
        }

        return all.ConvertAll(c => c.Members);
    }

    private static double Similarity(string[] cluster, string[] tokens)
    {
        var constants = 0;
        var matches = 0;
        for (var p = 0; p < cluster.Length; p++)
        {
            var a = cluster[p];
            if (IsBareVariable(a))
            {
                continue;
            }

            constants++;
            if (string.Equals(a, tokens[p], StringComparison.Ordinal) || SharesKey(a, tokens[p]))
            {
                matches++;
            }
        }

        return constants == 0 ? 1.0 : (double)matches / constants;
    }

    /// <summary>Splits <paramref name="members"/> on the plain-word position with the fewest variants, recursively.</summary>
    private static void Refine(List<int> members, string[][] tokens, List<List<int>> output)
    {
        if (members.Count > 1)
        {
            var length = tokens[members[0]].Length;
            var bestPosition = -1;
            Dictionary<string, List<int>>? bestSplit = null;
            for (var p = 0; p < length; p++)
            {
                var split = SplitAt(members, tokens, p);
                if (split is not null && (bestSplit is null || split.Count < bestSplit.Count))
                {
                    bestSplit = split;
                    bestPosition = p;
                }
            }

            if (bestSplit is not null && bestPosition >= 0)
            {
                foreach (var part in bestSplit.Values)
                {
                    Refine(part, tokens, output);
                }

                return;
            }
        }

        output.Add(members);
    }

    /// <summary>The members partitioned by their token at <paramref name="p"/> when that position is a constant that varies, else null.</summary>
    private static Dictionary<string, List<int>>? SplitAt(List<int> members, string[][] tokens, int p)
    {
        Dictionary<string, List<int>>? parts = null;
        var first = tokens[members[0]][p];
        foreach (var u in members)
        {
            var value = tokens[u][p];
            if (!IsPlainWord(value))
            {
                return null;
            }

            if (parts is null)
            {
                if (string.Equals(value, first, StringComparison.Ordinal))
                {
                    continue;
                }

                parts = new Dictionary<string, List<int>>(StringComparer.Ordinal);
                foreach (var v in members)
                {
                    if (v == u)
                    {
                        break;
                    }

                    Add(parts, first, v);
                }
            }

            Add(parts, value, u);
            if (parts.Count > MaxConstantVariants)
            {
                return null;
            }
        }

        return parts;

        static void Add(Dictionary<string, List<int>> parts, string key, int u)
        {
            if (!parts.TryGetValue(key, out var list))
            {
                parts[key] = list = [];
            }

            list.Add(u);
        }
    }

    /// <summary>A word of a sentence (letters, '-', closing punctuation): not a placeholder, identifier (snake_case, dotted) or key=value.</summary>
    private static bool IsPlainWord(string token)
    {
        if (token.Length == 0)
        {
            return false;
        }

        var letters = 0;
        for (var i = 0; i < token.Length; i++)
        {
            var c = token[i];
            if (char.IsLetter(c))
            {
                letters++;
            }
            else if (c is '-' or '\'')
            {
                // part of a word ("Back-off", "doesn't"); '_' is not: snake_case is a name ("api_front"), not prose
            }
            else if (c is ',' or ';' or ':' or '!' or '?' or ')' or ']' or '(' or '[' && (i == token.Length - 1 || i == 0))
            {
                // leading/closing punctuation
            }
            else if (c == '.' && (i == token.Length - 1 || token[i + 1] == '.' || (i > 0 && token[i - 1] == '.')))
            {
                // sentence end, or a dot-run filler before a value ("instruction......<num>")
            }
            else if (c == '+' && i == token.Length - 1)
            {
                // "z+", "c++"
            }
            else if (c == '<' && i > 0 && token[i - 1] == '.' && IsPlaceholder(token[i..]))
            {
                return letters > 0;
            }
            else
            {
                return false;
            }
        }

        return letters > 0;
    }

    /// <summary>
    /// Positions the members share keep their token; positions that differ only in placeholder type keep the shared
    /// shape with <c>&lt;*&gt;</c>; others become <c>&lt;*&gt;</c>. Members of different token counts (merged by skeleton)
    /// are described by the skeleton.
    /// </summary>
    private static string BuildTemplate(List<int> group, string[][] tokens, string[][] general)
    {
        var template = (string[])tokens[group[0]].Clone();
        for (var i = 1; i < group.Count; i++)
        {
            var t = tokens[group[i]];
            if (t.Length != template.Length)
            {
                return Skeleton(GroupTokens(group, general)) ?? TemplateMasker.Any;
            }

            for (var p = 0; p < template.Length; p++)
            {
                if (!string.Equals(template[p], t[p], StringComparison.Ordinal))
                {
                    template[p] = Combine(Generalize([template[p]])[0], general[group[i]][p]);
                }
            }
        }

        return string.Join(' ', template);
    }

    private sealed class Candidate(string[] tokens, int first)
    {
        public string[] Tokens { get; } = (string[])tokens.Clone();

        public List<int> Members { get; } = [first];

        public void Absorb(string[] other, int u)
        {
            Members.Add(u);
            for (var p = 0; p < Tokens.Length; p++)
            {
                if (!string.Equals(Tokens[p], other[p], StringComparison.Ordinal))
                {
                    Tokens[p] = Combine(Tokens[p], other[p]);
                }
            }
        }
    }
}
