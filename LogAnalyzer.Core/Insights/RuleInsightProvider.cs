using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Core.Insights;

/// <summary>
/// Deterministic insights from a catalogue of known failure signatures: one insight per group, from the most
/// specific matching rule, or an honest generic insight built from facts when no signature matches. This is the
/// fallback the LLM stage relies on. One pass over the records; per group, bounded work on a few members.
/// </summary>
public sealed class RuleInsightProvider(RuleCatalogue catalogue)
{
    /// <summary>Uses the built-in <see cref="RuleCatalogue.Default"/>.</summary>
    public RuleInsightProvider()
        : this(RuleCatalogue.Default)
    {
    }

    /// <summary>The rules this provider matches, highest priority first.</summary>
    public IReadOnlyList<InsightRule> Rules => catalogue.Rules;

    /// <summary>One insight per group, in the groups' order.</summary>
    public IReadOnlyList<Insight> Explain(IReadOnlyList<ErrorGroup> groups, IReadOnlyList<LogRecord> records)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(records);
        if (groups.Count == 0)
        {
            return [];
        }

        var facts = GroupFactsCollector.Collect(groups, records);
        var insights = new Insight[facts.Length];
        for (var i = 0; i < facts.Length; i++)
        {
            insights[i] = Explain(facts[i]);
        }

        return insights;
    }

    private Insight Explain(GroupFacts facts)
    {
        var scan = GroupScan.Create(facts, catalogue);
        return RuleMatcher.Match(scan, catalogue, facts.Group) is { } match
            ? InsightComposer.FromRule(facts, scan, match)
            : InsightComposer.Generic(facts);
    }
}
