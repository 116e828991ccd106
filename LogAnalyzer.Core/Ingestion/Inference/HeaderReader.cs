namespace LogAnalyzer.Core.Ingestion.Inference;

/// <summary>
/// Reads a record's header: the known layouts first (syslog, glog/klog, logfmt, logcat, access log) when they are on,
/// then the layout learned from this paste beside the general token walk (the one that finds the longer header wins). With known layouts off (a measurement of
/// how the inference alone does on formats it was never told about) only the learned layout reads headers.
/// </summary>
internal sealed class HeaderReader(LearnedLayout? layout, bool knownLayouts)
{
    public static readonly HeaderReader KnownOnly = new(null, knownLayouts: true);

    public LearnedLayout? Layout => layout;

    public ParsedHeader Parse(ReadOnlySpan<char> line, int year)
    {
        ParsedHeader learned = default;
        if (knownLayouts && HeaderParser.TryParseKnown(line, year, out var known))
        {
            return known;
        }

        var applied = layout is not null && layout.TryApply(line, year, out learned);
        if (!knownLayouts)
        {
            return applied ? learned : default;
        }

        // Both read the line: the one that recognised more of it as header wins (the general walk on a tie).
        var generic = HeaderParser.ParseGeneric(line, year);
        return applied && learned.MessageStart > generic.MessageStart && generic.MessageOverride is null ? learned : generic;
    }
}
