using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Tests.Support;

/// <summary>Builds records, exceptions and patterns for grouping tests without the ingestion pipeline.</summary>
internal static class GroupingSome
{
    public static LogRecord Record(
        int line,
        Severity? level,
        string message,
        ExceptionInfo? exception = null,
        string? patternId = null,
        DateTimeOffset? timestamp = null,
        string? text = null,
        int lines = 1) => new()
    {
        Index = line - 1,
        LineStart = line,
        LineEnd = line + lines - 1,
        Level = level,
        Format = LogFormat.Text,
        Message = message,
        Text = text ?? message,
        Exception = exception,
        Timestamp = timestamp,
        PatternId = patternId,
    };

    public static StackFrameInfo Frame(string function, bool inApp = true, string? file = null, int? line = null) =>
        new() { Function = function, InApp = inApp, File = file, Line = line };

    public static ExceptionInfo Exception(string type, string message, IEnumerable<StackFrameInfo> frames, params ExceptionCause[] causes) =>
        new() { Language = "java", Type = type, Message = message, Frames = [.. frames], Causes = causes };

    public static ExceptionCause Cause(string type, string message, params StackFrameInfo[] frames) =>
        new() { Type = type, Message = message, Frames = frames };

    public static LogPattern Pattern(string id, string template, int count = 1) =>
        new() { Id = id, Template = template, Count = count, FirstLine = 1, LastLine = 1 };

    /// <summary>Re-indexes records in list order (Index = position), keeping their lines.</summary>
    public static List<LogRecord> Indexed(IEnumerable<LogRecord> records) =>
        [.. records.Select((r, i) => r with { Index = i })];
}
