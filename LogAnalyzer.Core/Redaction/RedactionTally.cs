namespace LogAnalyzer.Core.Redaction;

/// <summary>Counts of redactions by placeholder type. Not thread-safe: one per analysis.</summary>
public sealed class RedactionTally
{
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);

    public void Add(string type, int count = 1)
    {
        _counts.TryGetValue(type, out var current);
        _counts[type] = current + count;
    }

    public int Total => _counts.Values.Sum();

    public IReadOnlyDictionary<string, int> Snapshot() =>
        new SortedDictionary<string, int>(_counts, StringComparer.Ordinal);
}
