using System.Globalization;
using LogAnalyzer.Core.Ingestion.Traces;
using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Core.Ingestion;

/// <summary>
/// Reads the exception a record carries: type, message, frames (innermost/throwing frame first, with an in-app
/// guess) and the cause chain outermost-first, for Java/JVM, .NET, Python, Node.js, Go, Ruby and PHP traces; and the
/// exception type named by a one-line message such as <c>java.net.SocketTimeoutException: Read timed out</c>.
/// </summary>
internal static class ExceptionParser
{
    /// <summary>Parses a whole record (first line = its message part only).</summary>
    public static ExceptionInfo? Parse(ReadOnlySpan<char> text, int firstLineEnd, int messageStart, int lineCount)
    {
        if (lineCount <= 1)
        {
            return ParseMention(text[messageStart..firstLineEnd]);
        }

        var lines = new List<string>(Math.Min(lineCount, 4096))
        {
            text[Math.Min(messageStart, firstLineEnd)..firstLineEnd].ToString(),
        };
        var p = firstLineEnd + 1;
        while (p <= text.Length)
        {
            var nl = text[p..].IndexOf('\n');
            var end = nl < 0 ? text.Length : p + nl;
            lines.Add(text[p..end].ToString());
            if (nl < 0)
            {
                break;
            }

            p = end + 1;
        }

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
