namespace LogAnalyzer.Core.Ingestion.Transport;

/// <summary>
/// A line with its outer prefix peeled: the payload starts at <see cref="PayloadStart"/> in the line.
/// <see cref="Channel"/> tells streams
/// apart (stdout/stderr, host+program, pid+tid), so only lines of the same stream continue each other.
/// </summary>
internal readonly record struct TransportLine(int PayloadStart, int Channel)
{
    /// <summary>The runtime split a long line: the next line's payload continues this one without a line break.</summary>
    public bool Partial { get; init; }

    public DateTimeOffset? Time { get; init; }
}
