using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Core.Insights;

/// <summary>Deterministic insights from a catalogue of known failure signatures.</summary>
public sealed class RuleInsightProvider
{
    public IReadOnlyList<Insight> Explain(IReadOnlyList<ErrorGroup> groups, IReadOnlyList<LogRecord> records)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(records);
        return [];
    }
}
