using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Core.Ingestion;

/// <summary>What a JSON log line (or a Docker/Kubernetes wrapper around a text line) told us.</summary>
internal sealed class JsonRecord
{
    public LogFormat Format { get; set; }

    public DateTimeOffset? Timestamp { get; set; }

    public Severity? Level { get; set; }

    public string? Source { get; set; }

    public string Message { get; set; } = string.Empty;

    public Dictionary<string, string>? Fields { get; set; }

    public ExceptionInfo? Exception { get; set; }

    /// <summary>For wrappers: the unwrapped inner text (all lines), to read a stack trace from.</summary>
    public string? InnerText { get; set; }

    /// <summary>For wrappers: where the message starts in the inner text's first line.</summary>
    public int InnerMessageStart { get; set; }
}
