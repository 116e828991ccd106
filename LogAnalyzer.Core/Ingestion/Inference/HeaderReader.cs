namespace LogAnalyzer.Core.Ingestion.Inference;

/// <summary>
/// Reads a record's header: the known layouts first (syslog, glog/klog, logfmt, logcat, access log) when they are on,
/// then either the layout learned from this paste or the general token walk, whichever recognised more header on the
/// pre-scanned lines (decided once per paste, so each line is read by one of them). With known layouts off (a
/// measurement of how the inference alone does on formats it was never told about) only the learned layout reads.
/// </summary>
internal sealed class HeaderReader
{
    public static readonly HeaderReader KnownOnly = new(null, knownLayouts: true, preferLearned: false);

    private readonly LearnedLayout? _layout;
    private readonly bool _knownLayouts;
    private readonly bool _preferLearned;

    private HeaderReader(LearnedLayout? layout, bool knownLayouts, bool preferLearned)
    {
        _layout = layout;
        _knownLayouts = knownLayouts;
        _preferLearned = preferLearned && layout is not null;
    }

    public LearnedLayout? Layout => _layout;

    /// <summary>Picks, on the pre-scanned lines, whether the learned layout or the general walk reads this paste.</summary>
    public static HeaderReader Create(LearnedLayout? layout, bool knownLayouts, IReadOnlyList<ReadOnlyMemory<char>> sample, int year)
    {
        if (layout is null || !knownLayouts)
        {
            return new HeaderReader(layout, knownLayouts, preferLearned: true);
        }

        var balance = 0;
        foreach (var memory in sample)
        {
            var line = memory.Span;
            if (line.IsEmpty || line[0] is ' ' or '\t' || HeaderParser.TryParseKnown(line, year, out _) || !layout.TryApply(line, year, out var learned))
            {
                continue;
            }

            var generic = HeaderParser.ParseGeneric(line, year);
            balance += generic.MessageOverride is not null ? -1 : learned.MessageStart.CompareTo(generic.MessageStart);
        }

        return new HeaderReader(layout, knownLayouts: true, preferLearned: balance > 0);
    }

    public ParsedHeader Parse(ReadOnlySpan<char> line, int year)
    {
        if (_knownLayouts && HeaderParser.TryParseKnown(line, year, out var known))
        {
            return known;
        }

        if (_preferLearned && _layout!.TryApply(line, year, out var learned))
        {
            return learned;
        }

        return _knownLayouts ? HeaderParser.ParseGeneric(line, year) : default;
    }
}
