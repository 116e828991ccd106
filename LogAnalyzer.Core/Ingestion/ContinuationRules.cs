namespace LogAnalyzer.Core.Ingestion;

/// <summary>
/// Decides whether a line continues the record before it: indentation, or the stack-trace grammars of Java,
/// .NET, Python, Node.js, Go, Ruby and PHP. Lines that start a new record fail every check cheaply.
/// </summary>
internal static class ContinuationRules
{
    public static bool IsContinuation(ReadOnlySpan<char> line, ref TraceState state)
    {
        if (state == TraceState.JsonObject)
        {
            return false;
        }

        var c = line[0];
        if (c is ' ' or '\t')
        {
            return true;
        }

        switch (c)
        {
            case 'C' when line.StartsWith("Caused by: ", StringComparison.Ordinal):
            case '.' when line.StartsWith("...", StringComparison.Ordinal):
            case 'D' when line.StartsWith("During handling of the above exception", StringComparison.Ordinal):
            case 'T' when line.StartsWith("The above exception was the direct cause", StringComparison.Ordinal):
            case '}' or ']' or ')' when line.TrimEnd().Length <= 3 && IsClosers(line.TrimEnd()):
            case 'N' when line.StartsWith("Node.js v", StringComparison.Ordinal):
            case '-' when line.StartsWith("--- End of ", StringComparison.Ordinal) || line.StartsWith("---> ", StringComparison.Ordinal):
                return true;
            case 'T' when line.StartsWith("Traceback (most recent call last):", StringComparison.Ordinal):
                state = TraceState.Python;
                return true;
            case 'S' when line.StartsWith("Stack trace:", StringComparison.Ordinal):
                state = TraceState.Php;
                return true;
            case '[' when line.StartsWith("[stacktrace]", StringComparison.Ordinal) || line.StartsWith("[previous exception]", StringComparison.Ordinal):
                state = TraceState.Php;
                return true;
            case '[' when line.StartsWith("[signal ", StringComparison.Ordinal):
                return true;
            case '#' when line.Length > 2 && char.IsAsciiDigit(line[1]):
                return true;
            case 'g' when line.StartsWith("goroutine ", StringComparison.Ordinal) && line.EndsWith(':'):
                state = TraceState.Go;
                return true;
            case '/' when line.Contains(".rb:", StringComparison.Ordinal) && line.Contains(":in ", StringComparison.Ordinal):
                return true;
            case '{' when line.StartsWith("{\"log\":\"", StringComparison.Ordinal):
                return DockerInnerContinues(line[8..], ref state);
            default:
                break;
        }

        switch (state)
        {
            case TraceState.Python when IsPythonExceptionLine(line):
                state = TraceState.None;
                return true;
            case TraceState.Go when line.StartsWith("created by ", StringComparison.Ordinal)
                || line.StartsWith("exit status ", StringComparison.Ordinal)
                || line.StartsWith("panic: ", StringComparison.Ordinal)
                || IsGoFunctionLine(line):
                return true;
            case TraceState.Php when line.StartsWith("Next ", StringComparison.Ordinal) || line.StartsWith("\"}", StringComparison.Ordinal):
                return true;
            default:
                break;
        }

        return LooksLikeExceptionLine(line);
    }

    /// <summary>Updates the trace state from a record's first line.</summary>
    public static TraceState StateForFirstLine(ReadOnlySpan<char> line)
    {
        if (line[0] == '{' && line.TrimEnd()[^1] == '}' && !line.StartsWith("{\"log\":\"", StringComparison.Ordinal))
        {
            return TraceState.JsonObject;
        }

        if (line.StartsWith("panic: ", StringComparison.Ordinal) || line.StartsWith("goroutine ", StringComparison.Ordinal))
        {
            return TraceState.Go;
        }

        if (line.StartsWith("Traceback (most recent call last):", StringComparison.Ordinal))
        {
            return TraceState.Python;
        }

        if (line.StartsWith("PHP ", StringComparison.Ordinal) || line.Contains("[stacktrace]", StringComparison.Ordinal))
        {
            return TraceState.Php;
        }

        return TraceState.None;
    }

    /// <summary>
    /// A line that opens with an exception type: <c>java.lang.IllegalStateException: boom</c>,
    /// <c>System.InvalidOperationException: x</c>, <c>TypeError: x</c>, <c>com.acme.Failure</c>.
    /// </summary>
    public static bool LooksLikeExceptionLine(ReadOnlySpan<char> line)
    {
        var end = TypeTokenEnd(line);
        if (end <= 0 || (end < line.Length && line[end] != ':'))
        {
            return false;
        }

        return IsExceptionTypeName(line[..end]);
    }

    /// <summary>True for type names that end in Exception/Error/Throwable… or are qualified with an upper-case last segment.</summary>
    public static bool IsExceptionTypeName(ReadOnlySpan<char> type)
    {
        if (type.Length < 4 || !char.IsAsciiLetter(type[0]))
        {
            return false;
        }

        var dot = type.LastIndexOfAny('.', '$');
        var last = dot >= 0 ? type[(dot + 1)..] : type;
        if (last.IsEmpty || !char.IsAsciiLetterUpper(last[0]))
        {
            return false;
        }

        if (last.EndsWith("Exception", StringComparison.Ordinal) || last.EndsWith("Error", StringComparison.Ordinal)
            || last.EndsWith("Throwable", StringComparison.Ordinal) || last.EndsWith("Fault", StringComparison.Ordinal)
            || last.EndsWith("Failure", StringComparison.Ordinal) || last.EndsWith("Interrupt", StringComparison.Ordinal)
            || last.EndsWith("Exit", StringComparison.Ordinal) || last.EndsWith("Warning", StringComparison.Ordinal))
        {
            return last.Length > 5 || dot >= 0 || last is "Error";
        }

        return false;
    }

    /// <summary>End of a leading [A-Za-z_][\w.$]* token, or 0.</summary>
    public static int TypeTokenEnd(ReadOnlySpan<char> line)
    {
        if (line.IsEmpty || !(char.IsAsciiLetter(line[0]) || line[0] == '_'))
        {
            return 0;
        }

        var i = 1;
        while (i < line.Length && (char.IsAsciiLetterOrDigit(line[i]) || line[i] is '_' or '.' or '$'))
        {
            i++;
        }

        return i;
    }

    private static bool IsPythonExceptionLine(ReadOnlySpan<char> line)
    {
        var end = TypeTokenEnd(line);
        return end > 0 && (end == line.Length || line[end] == ':');
    }

    private static bool IsGoFunctionLine(ReadOnlySpan<char> line)
    {
        var trimmed = line.TrimEnd();
        if (trimmed.IsEmpty || trimmed[^1] != ')')
        {
            return false;
        }

        var paren = trimmed.IndexOf('(');
        var space = trimmed.IndexOf(' ');
        return paren > 0 && (space < 0 || space > paren);
    }

    private static bool IsClosers(ReadOnlySpan<char> t)
    {
        foreach (var c in t)
        {
            if (c is not ('}' or ']' or ')' or ',' or ';'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool DockerInnerContinues(ReadOnlySpan<char> inner, ref TraceState state)
    {
        if (inner.StartsWith("\\t", StringComparison.Ordinal) || inner.StartsWith(" ", StringComparison.Ordinal))
        {
            return true;
        }

        var quote = inner.IndexOf('"');
        var text = quote >= 0 ? inner[..quote] : inner;
        if (text.EndsWith("\\n", StringComparison.Ordinal))
        {
            text = text[..^2];
        }

        return !text.IsEmpty && text[0] is not ('{' or ' ' or '\t') && IsContinuation(text, ref state);
    }
}
