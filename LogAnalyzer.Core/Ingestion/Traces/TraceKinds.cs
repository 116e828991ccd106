namespace LogAnalyzer.Core.Ingestion.Traces;

/// <summary>
/// The grammar rules of each trace kind for record assembly: which first line opens a kind (<see cref="ForFirstLine"/>)
/// and, inside one, which lines continue or end the record (<see cref="InKind"/>). Each rule follows how the runtime
/// prints its crash output; none looks at more than the line itself.
/// </summary>
internal static class TraceKinds
{
    public enum Verdict
    {
        /// <summary>The general rules decide.</summary>
        Undecided,
        Continues,
        Starts,
    }

    public static TraceKind ForFirstLine(ReadOnlySpan<char> line)
    {
        switch (line[0])
        {
            case '{' when line.TrimEnd()[^1] == '}' && !line.StartsWith("{\"log\":\"", StringComparison.Ordinal):
                return TraceKind.JsonObject;
            case 'p' when line.StartsWith("panic: ", StringComparison.Ordinal):
            case 'g' when line.StartsWith("goroutine ", StringComparison.Ordinal):
            case 'f' when line.StartsWith("fatal error: ", StringComparison.Ordinal):
                return TraceKind.Go;
            case 'T' when line.StartsWith("Traceback (most recent call last):", StringComparison.Ordinal):
            case ' ' when line.TrimStart().StartsWith("File \"", StringComparison.Ordinal):
                // A compiler SyntaxError starts at its File line, with no Traceback header.
                return TraceKind.Python;
            case 'P' when line.StartsWith("PHP ", StringComparison.Ordinal):
                return TraceKind.Php;
            case '[' when IsMonologHeader(line):
                return TraceKind.Monolog;
            case '>' when line.StartsWith(">>> ", StringComparison.Ordinal):
                return TraceKind.Repl;
            case 'U' when line.StartsWith("Unhandled exception:", StringComparison.Ordinal):
                return TraceKind.Dart;
            case 't' when line.StartsWith("thread '", StringComparison.Ordinal) && line.Contains("' panicked at ", StringComparison.Ordinal):
                return line.TrimEnd()[^1] == ':' ? TraceKind.RustMessage : TraceKind.RustFrames;
            default:
                break;
        }

        var last = line[^1];
        if (char.IsAsciiDigit(last) && IsNodeCrashHeader(line))
        {
            return TraceKind.NodeUncaught;
        }

        if (last == ':' && line.EndsWith("):", StringComparison.Ordinal) && IsRubyHeader(line))
        {
            return TraceKind.Ruby;
        }

        if (last == ')' && line.EndsWith("Traceback (most recent call last)", StringComparison.Ordinal))
        {
            return TraceKind.IPython;
        }

        if (line.Length > 20 && char.IsAsciiLetterUpper(line[0]) && line[3] == ' ' && (line.Contains(" AM ", StringComparison.Ordinal) || line.Contains(" PM ", StringComparison.Ordinal)))
        {
            return TraceKind.JulHeader;
        }

        return line.Contains("[stacktrace]", StringComparison.Ordinal) ? TraceKind.Php : TraceKind.None;
    }

    public static Verdict InKind(ReadOnlySpan<char> line, ref TraceState state)
    {
        switch (state.Kind)
        {
            case TraceKind.None:
                return Verdict.Undecided;
            case TraceKind.JsonObject:
                return Verdict.Starts;
            case TraceKind.Repl:
                return line.StartsWith("... ", StringComparison.Ordinal) ? Verdict.Continues : Verdict.Starts;
            case TraceKind.Monolog:
                return line[0] == '[' && IsMonologHeader(line) ? Verdict.Starts : Verdict.Continues;
            case TraceKind.SpringBox:
                return char.IsAsciiDigit(line[0]) ? Verdict.Starts : Verdict.Continues;
            case TraceKind.IPython:
                if (IsPythonExceptionLine(line))
                {
                    state.Kind = TraceKind.None;
                }

                return Verdict.Continues;
            case TraceKind.Python when IsPythonExceptionLine(line):
                state.Kind = TraceKind.None;
                return Verdict.Continues;
            case TraceKind.Dart:
                if (line[0] == '#' && line.Length > 1 && char.IsAsciiDigit(line[1]))
                {
                    state.Kind = TraceKind.DartFrames;
                }

                return Verdict.Continues;
            case TraceKind.RustMessage:
                if (line.StartsWith("note: ", StringComparison.Ordinal) || line.StartsWith("stack backtrace:", StringComparison.Ordinal))
                {
                    state.Kind = TraceKind.RustFrames;
                }

                return Verdict.Continues;
            case TraceKind.RustFrames when line.StartsWith("note: ", StringComparison.Ordinal) || line.StartsWith("stack backtrace:", StringComparison.Ordinal):
            case TraceKind.Go when line.StartsWith("created by ", StringComparison.Ordinal)
                || line.StartsWith("exit status ", StringComparison.Ordinal)
                || line.StartsWith("panic: ", StringComparison.Ordinal)
                || IsGoFunctionLine(line):
            case TraceKind.Php when line.StartsWith("Next ", StringComparison.Ordinal) || line.StartsWith("\"}", StringComparison.Ordinal)
                || line.StartsWith("PHP Stack trace:", StringComparison.Ordinal) || IsXdebugFrame(line):
            case TraceKind.Ruby when IsRubyFrame(line):
            case TraceKind.NodeUncaught when line.StartsWith("Require stack:", StringComparison.Ordinal) || line.StartsWith("- ", StringComparison.Ordinal)
                || (line.Length > 2 && line[0] == '[' && char.IsAsciiLetterUpper(line[1])) || ContinuationRules.LooksLikeExceptionLine(line):
                return Verdict.Continues;
            case TraceKind.JulHeader:
                state.Kind = TraceKind.None;
                return IsJulLevelLine(line) ? Verdict.Continues : Verdict.Undecided;
            default:
                return Verdict.Undecided;
        }
    }

    /// <summary>A Ruby frame: <c>app/models/user.rb:5:in 'full_name'</c> or an ERB line <c>app/views/x.html.erb:3</c>.</summary>
    public static bool IsRubyFrame(ReadOnlySpan<char> line)
    {
        var at = line.IndexOf(".rb:", StringComparison.Ordinal);
        if (at < 0)
        {
            at = line.IndexOf(".erb:", StringComparison.Ordinal);
        }

        if (at < 0)
        {
            return false;
        }

        var colon = line[at..].IndexOf(':') + at;
        return colon + 1 < line.Length && char.IsAsciiDigit(line[colon + 1]) && line.IndexOf(' ') is var space && (space < 0 || space > at);
    }

    /// <summary>"[2024-03-11 11:40:01] local.ERROR: " or "[2024-03-11T11:40:01.123+00:00] app.INFO: ".</summary>
    private static bool IsMonologHeader(ReadOnlySpan<char> line)
    {
        if (line.Length < 26 || !char.IsAsciiDigit(line[1]) || !char.IsAsciiDigit(line[4]) || line[5] != '-')
        {
            return false;
        }

        var close = line[..Math.Min(line.Length, 40)].IndexOf("] ", StringComparison.Ordinal);
        if (close < 0)
        {
            return false;
        }

        var rest = line[(close + 2)..];
        var dot = rest.IndexOf('.');
        var colon = rest.IndexOf(": ", StringComparison.Ordinal);
        if (dot <= 0 || colon <= dot + 1 || rest[..dot].ContainsAny(' ', '[', ']'))
        {
            return false;
        }

        foreach (var c in rest[(dot + 1)..colon])
        {
            if (!char.IsAsciiLetterUpper(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Node's crash header: the throwing file and line, <c>/srv/app/x.js:14</c> or <c>node:events:495</c>.</summary>
    private static bool IsNodeCrashHeader(ReadOnlySpan<char> line)
    {
        var colon = line.LastIndexOf(':');
        if (colon <= 0 || line.Length > 300 || line.Contains(' '))
        {
            return false;
        }

        var file = line[..colon];
        return file.StartsWith("node:", StringComparison.Ordinal) || file.EndsWith(".js", StringComparison.Ordinal)
            || file.EndsWith(".mjs", StringComparison.Ordinal) || file.EndsWith(".cjs", StringComparison.Ordinal) || file.EndsWith(".ts", StringComparison.Ordinal);
    }

    /// <summary>Rails' "ActiveRecord::RecordNotFound (Couldn't find Post):" (the caller checked the "):" ending).</summary>
    private static bool IsRubyHeader(ReadOnlySpan<char> line)
    {
        var open = line.IndexOf(" (", StringComparison.Ordinal);
        if (open <= 0)
        {
            return false;
        }

        var type = line[..open];
        var space = type.LastIndexOf(' ');
        type = type[(space + 1)..];
        return type.Contains("::", StringComparison.Ordinal) || type.EndsWith("Error", StringComparison.Ordinal) || type.EndsWith("Exception", StringComparison.Ordinal);
    }

    private static bool IsPythonExceptionLine(ReadOnlySpan<char> line)
    {
        var end = ContinuationRules.TypeTokenEnd(line);
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

    /// <summary>Xdebug's CLI stack line: <c>PHP   2. importRow() /var/www/cli/import.php:30</c>.</summary>
    private static bool IsXdebugFrame(ReadOnlySpan<char> line)
    {
        if (!line.StartsWith("PHP ", StringComparison.Ordinal))
        {
            return false;
        }

        var rest = line[4..].TrimStart();
        var dot = rest.IndexOf(". ", StringComparison.Ordinal);
        return dot > 0 && HeaderParser.IsDigits(rest[..dot]);
    }

    private static bool IsJulLevelLine(ReadOnlySpan<char> line) =>
        line.StartsWith("SEVERE: ", StringComparison.Ordinal) || line.StartsWith("WARNING: ", StringComparison.Ordinal)
        || line.StartsWith("INFO: ", StringComparison.Ordinal) || line.StartsWith("CONFIG: ", StringComparison.Ordinal)
        || line.StartsWith("FINE: ", StringComparison.Ordinal) || line.StartsWith("FINER: ", StringComparison.Ordinal)
        || line.StartsWith("FINEST: ", StringComparison.Ordinal);
}
