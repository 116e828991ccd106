namespace LogAnalyzer.Core.Model;

/// <summary>Facts about the input as a whole. Counts come from the deterministic pipeline only.</summary>
public sealed record InputSummary
{
    public required int TotalLines { get; init; }

    public required int TotalRecords { get; init; }

    public long TotalBytes { get; init; }

    /// <summary>"utf-8", "utf-8-bom", "utf-16le", "utf-16be".</summary>
    public string Encoding { get; init; } = "utf-8";

    public int InvalidBytesReplaced { get; init; }

    public int BlankLines { get; init; }

    /// <summary>Lines longer than the analysis cap (kept, but cut for analysis).</summary>
    public int TruncatedLines { get; init; }

    public int AnsiSequencesStripped { get; init; }

    public int ControlCharactersNeutralized { get; init; }

    public int RecordsWithException { get; init; }

    public IReadOnlyDictionary<string, int> Formats { get; init; } = new Dictionary<string, int>();

    public IReadOnlyDictionary<string, int> Levels { get; init; } = new Dictionary<string, int>();

    /// <summary>The earliest record timestamp, a full date and time (ISO 8601 with offset), or null when none had one.</summary>
    public DateTimeOffset? FirstTimestamp { get; init; }

    /// <summary>The latest record timestamp, a full date and time (ISO 8601 with offset), or null when none had one.</summary>
    public DateTimeOffset? LastTimestamp { get; init; }

    /// <summary>
    /// Records whose timestamp was printed without a year, so the year was assumed (each such record says
    /// <c>yearAssumed: true</c>); 0 when every timestamp carried its year.
    /// </summary>
    public int YearAssumedRecords { get; init; }

    /// <summary>Count of each redaction placeholder type ("jwt", "password", ...).</summary>
    public IReadOnlyDictionary<string, int> Redactions { get; init; } = new Dictionary<string, int>();
}
