namespace LogAnalyzer.Core.Ingestion.Inference;

/// <summary>How one column position behaved over the sampled lines that matched every column before it.</summary>
internal sealed class ColumnStats(ColumnKind kind)
{
    private const int MaxDistinct = 4096;
    private readonly HashSet<string> _values = new(StringComparer.Ordinal);

    public ColumnKind Kind { get; } = kind;

    public int Lines { get; private set; }

    public int WithColon { get; private set; }

    public int Padded { get; private set; }

    public int Tabbed { get; private set; }

    public int Distinct => _values.Count;

    public void Add(ReadOnlySpan<char> line, in HeaderToken token)
    {
        Lines++;
        WithColon += token.EndsWithColon ? 1 : 0;
        Padded += token.GapAfter >= 2 ? 1 : 0;
        Tabbed += token.End < line.Length && line[token.End] == '\t' ? 1 : 0;
        if (Kind == ColumnKind.Word && _values.Count < MaxDistinct)
        {
            _values.Add(line[token.Start..token.End].ToString());
        }
    }

    /// <summary>Most of the column's tokens end with a colon: a <c>component:</c> or <c>proc[pid]:</c> field.</summary>
    public bool IsColonField => Lines > 0 && WithColon >= Lines * 0.9;

    /// <summary>A word column padded to a width, with few distinct values: an aligned component column.</summary>
    /// <summary>Most of the column's tokens are followed by a tab: a tab-delimited field (zap's console encoder).</summary>
    public bool IsTabDelimited => Lines > 0 && Tabbed >= Lines * 0.9;

    public bool IsPaddedComponent => Kind == ColumnKind.Word && Lines > 0 && Padded >= Lines * 0.8 && Distinct <= Math.Max(8, Lines / 10);
}
