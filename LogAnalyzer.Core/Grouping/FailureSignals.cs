using System.Buffers;
using System.Text.RegularExpressions;
using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Core.Grouping;

/// <summary>
/// Text that reports a failure whatever the record's level: a root cause often has none (a Kubernetes event, an
/// <c>OOMKilled</c> / exit code 137 line of <c>kubectl describe</c>, a node NotReady, a database's <c>LOG:</c> or
/// <c>[Note]</c> line saying the disk is full). Such records join the error groups.
/// </summary>
internal static partial class FailureSignals
{
    /// <summary>Characters of a record's text that are read.</summary>
    private const int MaxChars = 2048;

    private static readonly SearchValues<string> Signals = SearchValues.Create(
        ["oomkilled", "oom-kill", "oom_kill", "out of memory: kill", "killed process", "exit code 137", "exit code: 137", "exitcode=137",
         "exit_code=137", "exited with code 137", "notready", "node not ready", "no space left on device", "disk full", "disk is full",
         "could not extend file", "could not write to file", "crashloopbackoff", "back-off restarting failed container",
         "liveness probe failed", "readiness probe failed", "failedscheduling", "evicted", "connection refused",
         "memory cgroup out of memory", "\"level\":\"fatal\"", "\"level\":\"error\"", "\"level\":\"critical\"", "\"severity\":\"error\"",
         "level=fatal", "level=error", "refusing to start"],
        StringComparison.OrdinalIgnoreCase);

    /// <summary>True when a record below Warning names a failure in its text (or is an access-log line with a 5xx status).</summary>
    public static bool In(LogRecord record)
    {
        // A one-line record's message (header stripped) is all there is to read; it costs less than the whole text.
        var text = record.LineEnd == record.LineStart && record.MessageMemory.Length > 0 ? record.MessageMemory.Span : record.TextMemory.Span;
        if (text.Length == 0)
        {
            return false;
        }

        text = text[..Math.Min(text.Length, MaxChars)];
        return text.IndexOfAny(Signals) >= 0 || (text.Contains("\" 5", StringComparison.Ordinal) && ServerError().IsMatch(text));
    }

    /// <summary>A quoted request line followed by a 5xx status: this server failed the request.</summary>
    [GeneratedRegex(@"""(?:GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS) \S+ HTTP/[\d.]+"" 5\d\d\b")]
    private static partial Regex ServerError();
}
