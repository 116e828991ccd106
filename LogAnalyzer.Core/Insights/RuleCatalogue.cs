using System.Buffers;
using System.Globalization;

namespace LogAnalyzer.Core.Insights;

/// <summary>
/// An ordered, validated set of <see cref="InsightRule"/>s compiled for fast matching: every distinct term of every
/// rule goes into one multi-string <see cref="SearchValues{T}"/> (case-insensitive), so a group's text is scanned
/// once for all rules instead of once per term.
/// </summary>
public sealed class RuleCatalogue
{
    private static readonly Lazy<RuleCatalogue> DefaultCatalogue = new(() => new RuleCatalogue(DefaultRules.Create()));

    public RuleCatalogue(IEnumerable<InsightRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var list = rules.ToList();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in list)
        {
            Validate(rule, ids);
        }

        // Most specific first; ties keep the order given.
        Rules = [.. list.Select((r, i) => (r, i)).OrderByDescending(x => x.r.Priority).ThenBy(x => x.i).Select(x => x.r)];

        var termIndex = new Dictionary<MatchTerm, int>();
        var terms = new List<MatchTerm>();
        int Intern(MatchTerm term)
        {
            var key = new MatchTerm(term.Text.ToUpperInvariant(), term.WholeWord);
            if (!termIndex.TryGetValue(key, out var index))
            {
                index = terms.Count;
                termIndex[key] = index;
                terms.Add(term);
            }

            return index;
        }

        Compiled = [.. Rules.Select(rule => new CompiledRule(
            rule,
            [.. rule.ExceptionTypes.Select(Intern)],
            [.. rule.Text.Select(s => new CompiledSignature([.. s.AnyOf.Select(Intern)], [.. s.With.Select(Intern)], s.Window))],
            [.. rule.Excludes.Select(Intern)]))];
        Terms = [.. terms];
        Search = SearchValues.Create([.. terms.Select(t => t.Text).Distinct(StringComparer.OrdinalIgnoreCase)], StringComparison.OrdinalIgnoreCase);

        // Candidate terms by their first character (case-folded), to name the terms found at a position.
        var byFirst = new Dictionary<char, List<int>>();
        for (var i = 0; i < Terms.Length; i++)
        {
            var first = char.ToUpperInvariant(Terms[i].Text[0]);
            if (!byFirst.TryGetValue(first, out var bucket))
            {
                byFirst[first] = bucket = [];
            }

            bucket.Add(i);
        }

        TermsByFirstChar = byFirst.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
    }

    /// <summary>The built-in catalogue.</summary>
    public static RuleCatalogue Default => DefaultCatalogue.Value;

    /// <summary>The rules, highest priority first.</summary>
    public IReadOnlyList<InsightRule> Rules { get; }

    internal CompiledRule[] Compiled { get; }

    internal MatchTerm[] Terms { get; }

    internal SearchValues<string> Search { get; }

    internal Dictionary<char, int[]> TermsByFirstChar { get; }

    private static void Validate(InsightRule rule, HashSet<string> ids)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (string.IsNullOrWhiteSpace(rule.Id) || !ids.Add(rule.Id))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Rule ids must be unique and not blank: '{rule.Id}'."), nameof(rule));
        }

        if (rule.Id == Model.InsightLimits.GenericRule)
        {
            throw new ArgumentException("The rule id 'generic' is reserved for unmatched groups.", nameof(rule));
        }

        if (double.IsNaN(rule.Confidence) || rule.Confidence is <= 0 or > 1)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Rule '{rule.Id}': confidence must be in (0, 1]."), nameof(rule));
        }

        if (rule.ExceptionTypes.Count == 0 && rule.Text.All(s => s.AnyOf.Count == 0))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Rule '{rule.Id}' has no signature."), nameof(rule));
        }

        if (string.IsNullOrWhiteSpace(rule.ProbableCause))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Rule '{rule.Id}' has no probable cause."), nameof(rule));
        }
    }
}

/// <summary>A rule with its terms as indexes into <see cref="RuleCatalogue.Terms"/>.</summary>
internal sealed record CompiledRule(InsightRule Rule, int[] TypeTerms, CompiledSignature[] Signatures, int[] ExcludeTerms);

/// <summary>A text signature with its terms as indexes.</summary>
internal sealed record CompiledSignature(int[] AnyOf, int[] With, int Window);
