namespace LogAnalyzer.Core.Ingestion;

/// <summary>Which multi-line trace grammar the record being assembled is inside.</summary>
internal enum TraceState
{
    None = 0,

    /// <summary>After "Traceback (most recent call last):", until the exception line ends it.</summary>
    Python,

    /// <summary>After "panic:" or "goroutine N [...]:": unindented function lines continue the dump.</summary>
    Go,

    /// <summary>After "Stack trace:" / "[stacktrace]" / "PHP Fatal error": "Next …" and "#N" lines continue.</summary>
    Php,

    /// <summary>The record is one complete JSON object on one line: its trace is inside it, nothing continues it.</summary>
    JsonObject,
}
