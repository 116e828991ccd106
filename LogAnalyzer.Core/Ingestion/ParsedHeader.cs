using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Core.Ingestion;

/// <summary>What the header of a record's first line told us; positions are offsets into that line.</summary>
internal struct ParsedHeader
{
    public LogFormat Format;
    public DateTimeOffset? Timestamp;
    public Severity? Level;

    /// <summary>Start of the source (logger/tag/process) in the line; length 0 when there is none.</summary>
    public int SourceStart;
    public int SourceLength;

    /// <summary>Start of the message in the line (0 when the line has no recognised header).</summary>
    public int MessageStart;

    /// <summary>The message when it is not a plain slice of the line (logfmt msg="…").</summary>
    public string? MessageOverride;

    /// <summary>Extra fields (syslog structured data, access-log parts, logfmt keys); null for plain layouts.</summary>
    public Dictionary<string, string>? Fields;

    public void SetSource(int start, int length)
    {
        SourceStart = start;
        SourceLength = Math.Max(0, length);
    }
}
