using System.Globalization;
using LogAnalyzer.Core.Ingestion.Traces;
using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Core.Ingestion;

/// <summary>
/// Reads the exception a record carries: type, message, frames (innermost/throwing frame first, with an in-app
/// guess) and the cause chain outermost-first, for Java/JVM, .NET, Python, Node.js, Go, Ruby, PHP, Dart and Rust traces (one reader per runtime under Traces/),
/// including traces escaped onto one line; and the
/// exception type named by a one-line message such as <c>java.net.SocketTimeoutException: Read timed out</c>.
/// </summary>
internal static class ExceptionParser
{
    /// <summary>Parses a whole record (first line = its message part only).</summary>
    public static ExceptionInfo? Parse(ReadOnlySpan<char> text, int firstLineEnd, int messageStart, int lineCount)
    {
        if (lineCount <= 1)
        {
            var message = text[messageStart..firstLineEnd];
            return EscapedTrace.Unescape(message) is { } unescaped ? ParseTrace(unescaped) ?? ParseMention(message) : ParseMention(message);
        }

        var first = text[..firstLineEnd];
        if (first.StartsWith("fatal error: ", StringComparison.Ordinal) || first.StartsWith("panic: ", StringComparison.Ordinal))
        {
            messageStart = 0; // Go's runtime writes these at column 0: no header, and the words are the exception's kind.
        }

        var lines = new List<string>(Math.Min(lineCount, 4096)) { string.Empty };
        var shared = 0;
        var p = firstLineEnd + 1;
        while (p <= text.Length)
        {
            var nl = text[p..].IndexOf('\n');
            var end = nl < 0 ? text.Length : p + nl;
            var line = text[p..end];

            // Lines that repeat the first line's own prefix (a logger that prefixes every line) are read without it.
            var prefix = LinePrefixes.SharedLength(first, line);
            shared = lines.Count == 1 ? prefix : shared;
            lines.Add(line[prefix..].ToString());
            if (nl < 0)
            {
                break;
            }

            p = end + 1;
        }

        lines[0] = first[(shared > 0 ? shared : Math.Min(messageStart, firstLineEnd))..].ToString();
        return ParseLines(lines);
    }

    /// <summary>Parses a stack/trace string (JSON error.stack_trace, CLEF @x, pino err.stack).</summary>
    public static ExceptionInfo? ParseTrace(string trace)
    {
        var lines = trace.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        return lines.Length == 1 ? ParseMention(lines[0]) : ParseLines(lines);
    }

    private static ExceptionInfo? ParseLines(IReadOnlyList<string> lines)
    {
        var language = TraceLanguageDetector.Detect(lines);
        return language switch
        {
            "python" => PythonTrace.Parse(lines),
            "go" => GoTrace.Parse(lines),
            "php" => PhpTrace.Parse(lines),
            "ruby" => RubyTrace.Parse(lines),
            "dotnet" => DotNetTrace.Parse(lines),
            "java" => JavaTrace.Parse(lines),
            "node" => NodeTrace.Parse(lines),
            "dart" => DartTrace.Parse(lines),
            "rust" => RustTrace.Parse(lines),
            _ => MentionIn(lines),
        };
    }

    private static ExceptionInfo? MentionIn(IReadOnlyList<string> lines)
    {
        foreach (var line in lines)
        {
            var found = ParseMention(line);
            if (found is not null)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>A type named in a plain message: a qualified or *Exception/*Error token followed by ':' or the end.</summary>
    public static ExceptionInfo? ParseMention(ReadOnlySpan<char> message)
    {
        if (message.IndexOf("Exception", StringComparison.Ordinal) < 0 && message.IndexOf("Error", StringComparison.Ordinal) < 0
            && message.IndexOf("Throwable", StringComparison.Ordinal) < 0)
        {
            return null;
        }

        if (!TypeNames.FindType(message, strict: true, out var type, out var msg))
        {
            return null;
        }

        return new ExceptionInfo { Language = TypeNames.GuessLanguage(type), Type = type, Message = msg };
    }
}
