namespace LogAnalyzer.Core.Ingestion.Traces;

/// <summary>
/// Traces escaped onto one line: a message or JSON string that carries <c>\n</c> (or, escaped twice, <c>\\n</c>)
/// between the lines of a trace. Undoes up to two levels of JSON-style escaping when a line break is followed by
/// something a trace prints (a frame, a cause, a traceback line).
/// </summary>
internal static class EscapedTrace
{
    /// <summary>The exception of a trace carried in a JSON message string (already unescaped once, or escaped again).</summary>
    public static Model.ExceptionInfo? InMessage(string? message)
    {
        if (string.IsNullOrEmpty(message) || message.Length < 8)
        {
            return null;
        }

        if (message.Contains('\n', StringComparison.Ordinal))
        {
            return LooksLikeTrace(message) ? ExceptionParser.ParseTrace(message) : null;
        }

        return Unescape(message) is { } unescaped ? ExceptionParser.ParseTrace(unescaped) : null;
    }

    /// <summary>The text with its escapes undone, or null when it holds no escaped trace.</summary>
    public static string? Unescape(ReadOnlySpan<char> text)
    {
        if (text.IndexOf("\\n", StringComparison.Ordinal) < 0)
        {
            return null;
        }

        var current = text.ToString();
        for (var level = 0; level < 2 && current.Contains("\\n", StringComparison.Ordinal); level++)
        {
            current = UnescapeOnce(current);
        }

        return LooksLikeTrace(current) ? current : null;
    }

    private static string UnescapeOnce(string s)
    {
        var sb = new System.Text.StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c != '\\' || i + 1 >= s.Length)
            {
                sb.Append(c);
                continue;
            }

            var next = s[i + 1];
            switch (next)
            {
                case 'n':
                    sb.Append('\n');
                    break;
                case 't':
                    sb.Append('\t');
                    break;
                case 'r':
                    break;
                case '"' or '\\' or '/':
                    sb.Append(next);
                    break;
                default:
                    sb.Append(c).Append(next);
                    break;
            }

            i++;
        }

        return sb.ToString();
    }

    private static bool LooksLikeTrace(string text)
    {
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            var t = line.TrimStart();
            if (t.StartsWith("at ", StringComparison.Ordinal) || t.StartsWith("File \"", StringComparison.Ordinal)
                || t.StartsWith("Traceback (", StringComparison.Ordinal) || t.StartsWith("Caused by: ", StringComparison.Ordinal)
                || (t.Length > 2 && t[0] == '#' && char.IsAsciiDigit(t[1])) || t.StartsWith("goroutine ", StringComparison.Ordinal)
                || t.StartsWith("from ", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
