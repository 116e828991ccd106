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

    /// <summary>
    /// What the scan looks for: each phrase is found by a fragment of it whose first three letters are rare in ordinary
    /// log text ("connection refused" by "refused", not by "con…"), then verified whole. A vectorized multi-string search
    /// checks every candidate its first three letters match, so common openings ("con", "fai", "rea", "mem", "not")
    /// would make it verify candidates on most lines.
    /// </summary>
    private static readonly (string Fragment, string Phrase)[] Anchors =
    [
        ("oomkilled", "oomkilled"), ("oom-kill", "oom-kill"), ("oom_kill", "oom_kill"), ("ry: kill", "out of memory: kill"),
        ("killed process", "killed process"), ("code 137", "exit code 137"), ("code: 137", "exit code: 137"), ("code=137", "exitcode=137"),
        ("code=137", "exit_code=137"), ("code 137", "exited with code 137"), ("tready", "notready"), ("not ready", "node not ready"),
        ("space left on device", "no space left on device"), ("isk full", "disk full"), ("isk is full", "disk is full"),
        ("extend file", "could not extend file"), ("write to file", "could not write to file"), ("crashloopbackoff", "crashloopbackoff"),
        ("back-off restarting", "back-off restarting failed container"), ("liveness probe failed", "liveness probe failed"),
        ("ness probe failed", "readiness probe failed"), ("edscheduling", "failedscheduling"), ("evicted", "evicted"),
        ("refused", "connection refused"), ("cgroup out of memory", "memory cgroup out of memory"),
        ("\"level\":\"", "\"level\":\"fatal\""), ("\"level\":\"", "\"level\":\"error\""), ("\"level\":\"", "\"level\":\"critical\""),
        ("\"severity\":\"error\"", "\"severity\":\"error\""), ("level=fatal", "level=fatal"), ("level=error", "level=error"),
        ("refusing to start", "refusing to start"),
    ];

    /// <summary>The phrases that name a failure, matched ignoring case.</summary>
    internal static readonly string[] Phrases = [.. Anchors.Select(a => a.Phrase)];

    private static readonly SearchValues<string> Fragments =
        SearchValues.Create(Anchors.Select(a => a.Fragment).Distinct(StringComparer.Ordinal).ToArray(), StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The anchors by the lower-case first character of their fragment; index 128 holds them all, for a match that starts
    /// with a non-ASCII character that folds to ASCII ('ſ' matches "s" ignoring case).
    /// </summary>
    private static readonly (string Fragment, string Phrase, int Offset)[][] ByFirst = Enumerable.Range(0, 129)
        .Select(c => Anchors.Where(a => c == 128 || a.Fragment[0] == (char)c)
            .Select(a => (a.Fragment, a.Phrase, a.Phrase.IndexOf(a.Fragment, StringComparison.Ordinal))).ToArray())
        .ToArray();

    /// <summary>True when a record below Warning names a failure in its text (or is an access-log line with a 5xx status).</summary>
    public static bool In(LogRecord record) => record.FailureSignal ??= Scan(record);

    /// <summary>Reads the record's text for a failure signal (<see cref="In"/> remembers the answer on the record).</summary>
    internal static bool Scan(LogRecord record) => Scan(record.LineStart, record.LineEnd, record.MessageMemory.Span, record.TextMemory.Span);

    /// <summary>
    /// The scan of a record by its parts (ingestion reads it before there is a record object): a one-line record's
    /// message (header stripped: it costs less than the whole text), otherwise the record's text.
    /// </summary>
    internal static bool Scan(int lineStart, int lineEnd, ReadOnlySpan<char> message, ReadOnlySpan<char> text) =>
        InText(lineEnd == lineStart && message.Length > 0 ? message : text);

    private static bool InText(ReadOnlySpan<char> text)
    {
        if (text.Length == 0)
        {
            return false;
        }

        text = text[..Math.Min(text.Length, MaxChars)];
        return NamesFailure(text) || (text.Contains("\" 5", StringComparison.Ordinal) && ServerError().IsMatch(text));
    }

    /// <summary>True when <paramref name="text"/> contains one of <see cref="Phrases"/>, ignoring case.</summary>
    internal static bool NamesFailure(ReadOnlySpan<char> text)
    {
        var from = 0;
        while (from < text.Length)
        {
            var at = text[from..].IndexOfAny(Fragments);
            if (at < 0)
            {
                return false;
            }

            at += from;
            foreach (var (fragment, phrase, offset) in ByFirst[text[at] < 128 ? char.ToLowerInvariant(text[at]) : 128])
            {
                var start = at - offset;
                if (start >= 0 && text[at..].StartsWith(fragment, StringComparison.OrdinalIgnoreCase)
                    && text[start..].StartsWith(phrase, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            from = at + 1;
        }

        return false;
    }

    /// <summary>A quoted request line followed by a 5xx status: this server failed the request.</summary>
    [GeneratedRegex(@"""(?:GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS) \S+ HTTP/[\d.]+"" 5\d\d\b")]
    private static partial Regex ServerError();
}
