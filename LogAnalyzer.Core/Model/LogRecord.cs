namespace LogAnalyzer.Core.Model;

/// <summary>
/// One log record: a line, or a line with its continuation (stack trace, indented lines).
/// Every text property is already redacted.
/// </summary>
public sealed record LogRecord
{
    /// <summary>0-based position in the record list.</summary>
    public required int Index { get; init; }

    /// <summary>1-based first line in the original input.</summary>
    public required int LineStart { get; init; }

    /// <summary>1-based last line in the original input (inclusive).</summary>
    public required int LineEnd { get; init; }

    public DateTimeOffset? Timestamp { get; init; }

    public Severity? Level { get; init; }

    public required LogFormat Format { get; init; }

    /// <summary>Logger, component, process or tag, when the layout carries one.</summary>
    public string? Source { get; init; }

    /// <summary>The message, header stripped (first line of a multi-line record plus nothing else).</summary>
    public required string Message { get; init; }

    public ExceptionInfo? Exception { get; init; }

    /// <summary>Extra structured fields (JSON/logfmt keys, syslog structured data), redacted.</summary>
    public IReadOnlyDictionary<string, string>? Fields { get; init; }

    /// <summary>The whole record's text as it appeared (all its lines, redacted, analysis-truncated).</summary>
    public required string Text { get; init; }

    /// <summary>True when a line of this record exceeded the analysis cap and was cut for analysis.</summary>
    public bool Truncated { get; init; }

    /// <summary>The pattern this record belongs to (set by clustering).</summary>
    public string? PatternId { get; set; }

    /// <summary>The error group this record belongs to, or null.</summary>
    public string? GroupId { get; set; }
}
