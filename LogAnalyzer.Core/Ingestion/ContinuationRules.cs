using LogAnalyzer.Core.Ingestion.Traces;

namespace LogAnalyzer.Core.Ingestion;

/// <summary>
/// Decides whether a line continues the record before it: indentation, or the stack-trace grammars of Java,
/// .NET, Python, Node.js, Go, Ruby, PHP, Dart and Rust (the grammar a record is in lives in <see cref="TraceState"/>;
/// <see cref="TraceKinds"/> holds the per-grammar rules). Lines that start a new record fail every check cheaply.
/// </summary>
internal static class ContinuationRules
{
    public static bool IsContinuation(ReadOnlySpan<char> line, ref TraceState state)
    {
        var continues = Decide(line, ref state);
        if (continues)
        {
            state.HasBody = true;
            state.HasFrames |= line[0] is ' ' or '\t';
            state.AfterLabel = IsLabel(line);
        }

        return continues;
    }

    /// <summary>The trace state a record starts in, from its first line.</summary>
    public static TraceState StateForFirstLine(ReadOnlySpan<char> line) =>
        new(TraceKinds.ForFirstLine(line)) { AfterLabel = IsLabel(line) };

    private static bool Decide(ReadOnlySpan<char> line, ref TraceState state)
    {
        switch (TraceKinds.InKind(line, ref state))
        {
            case TraceKinds.Verdict.Continues:
                return true;
            case TraceKinds.Verdict.Starts:
                return false;
            default:
                break;
        }

        if (state.AfterLabel)
        {
            return true;
        }

        var c = line[0];
        if (c is ' ' or '\t')
        {
            return true;
        }

        switch (c)
        {
            case 'D' when line.StartsWith("During handling of the above exception", StringComparison.Ordinal):
            case 'T' when line.StartsWith("The above exception was the direct cause", StringComparison.Ordinal):
                state.Kind = TraceKind.PythonChain;
                return true;
            case 'C' when line.StartsWith("Caused by: ", StringComparison.Ordinal):
            case 'W' when line.StartsWith("Wrapped by: ", StringComparison.Ordinal):
            case '.' when line.StartsWith("...", StringComparison.Ordinal):
            case '}' or ']' or ')' when line.TrimEnd().Length <= 3 && IsClosers(line.TrimEnd()):
            case 'N' when line.StartsWith("Node.js v", StringComparison.Ordinal):
            case 'E' when line.StartsWith("Emitted 'error' event on ", StringComparison.Ordinal):
            case 'F' when line.StartsWith("File name: '", StringComparison.Ordinal):
            case 'S' when line.StartsWith("Stack (most recent call last):", StringComparison.Ordinal):
            case '<' when line.StartsWith("<asynchronous suspension>", StringComparison.Ordinal):
            case '-' when line.StartsWith("--- End of ", StringComparison.Ordinal) || line.StartsWith("---> ", StringComparison.Ordinal):
            case '*' when line.Length >= 10 && line.TrimEnd().Trim('*').IsEmpty:
                state.Kind = c == '*' ? TraceKind.SpringBox : state.Kind;
                return true;
            case 'T' when line.StartsWith("Traceback (most recent call last):", StringComparison.Ordinal):
                // A traceback belongs to the log line before it, or to the chained traceback before it; after a
                // trace of its own, it is the next runtime's crash.
                if (state.HasBody && state.Kind != TraceKind.PythonChain)
                {
                    return false;
                }

                state.Kind = TraceKind.Python;
                return true;
            case 'S' when line.StartsWith("Stack trace:", StringComparison.Ordinal):
                state.Kind = TraceKind.Php;
                return true;
            case '[' when line.StartsWith("[stacktrace]", StringComparison.Ordinal) || line.StartsWith("[previous exception]", StringComparison.Ordinal):
                state.Kind = TraceKind.Php;
                return true;
            case '[' when line.StartsWith("[signal ", StringComparison.Ordinal):
                return true;
            case '#' when line.Length > 2 && char.IsAsciiDigit(line[1]):
                return true;
            case 'g' when line.StartsWith("goroutine ", StringComparison.Ordinal) && line.EndsWith(':'):
                state.Kind = TraceKind.Go;
                return true;
            case '/' when line.Contains(".rb:", StringComparison.Ordinal) && line.Contains(":in ", StringComparison.Ordinal):
                return true;
            case '{' when line.StartsWith("{\"log\":\"", StringComparison.Ordinal):
                return DockerInnerContinues(line[8..], ref state);
            default:
                break;
        }

        if (line[^1] == ')' && line.EndsWith("Traceback (most recent call last)", StringComparison.Ordinal))
        {
            state.Kind = TraceKind.IPython;
            return true;
        }

        // "Type: message" after a log line opens that line's trace; after a trace's frames it is the next crash
        // (runtimes print causes with a marker: "Caused by:", " ---> ", "[cause]:", "Next").
        return !state.HasFrames && LooksLikeExceptionLine(line);
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

        // "Error:" alone is a label announcing a report (minitest, Spring's "Description:"), not an exception line.
        return IsExceptionTypeName(line[..end]) && (end == line.Length || !line[(end + 1)..].IsWhiteSpace());
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

    /// <summary>A lone token ending in ':' ("Error:", "Description:", "UserTest#test_name:"): it announces the next line.</summary>
    private static bool IsLabel(ReadOnlySpan<char> line)
    {
        var t = line.TrimEnd();
        return t.Length is > 1 and <= 64 && t[^1] == ':' && t[0] is not (' ' or '\t') && t.IndexOfAny(' ', '\t') < 0;
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
