namespace LogAnalyzer.Core.Ingestion.Traces;

/// <summary>
/// Traces whose every line a logger prefixed itself (Sidekiq's exception then its backtrace, PHP's error_log to syslog,
/// Rails' request-id tags): a line whose leading fields have the same shape as the line before (equal, or digits where
/// it has digits) and whose rest is a stack frame, a trace marker, indented or empty continues the record. The shape is
/// compared over a bounded head of each line, so a line costs one short compare.
/// </summary>
internal sealed class LinePrefixes
{
    private const int MaxPrefix = 160;
    private const int MinPrefix = 6;
    private static readonly System.Buffers.SearchValues<string> RubyFileMarks = System.Buffers.SearchValues.Create([".rb:", ".erb:"], StringComparison.Ordinal);
    private readonly char[] _previous = new char[MaxPrefix];
    private int _previousLength;

    /// <summary>Keeps the head of the line just added (blank lines are not remembered).</summary>
    public void Remember(ReadOnlySpan<char> line)
    {
        var n = Math.Min(line.Length, MaxPrefix);
        line[..n].CopyTo(_previous);
        _previousLength = n;
    }

    public bool Continues(ReadOnlySpan<char> line, ref TraceState state)
    {
        var previous = _previous.AsSpan(0, _previousLength).TrimEnd();
        var trimmed = line.TrimEnd();
        var shared = ShapeLength(previous, trimmed);
        if (shared < MinPrefix)
        {
            return false;
        }

        if (shared == trimmed.Length)
        {
            // Nothing but the prefix (Rails' tagged blank line "[a1b2c3]   "); a line as long as the one before is a repeat.
            var prefixOnly = trimmed.Length < line.Length && trimmed.Length < previous.Length && trimmed.IndexOfAnyInRange('0', '9') >= 0;
            state.HasBody |= prefixOnly;
            return prefixOnly;
        }

        line = trimmed;
        if (shared == previous.Length && line[shared] == ' ')
        {
            shared++; // the line before was the prefix alone: its end is a field boundary
        }

        // Frames printed one per log line share more than the prefix with each other (the "#1 /var/www/" of two PHP
        // frames): try each field boundary inside the shared part, longest first.
        var head = line[..shared];
        var ruby = line.IndexOfAny(RubyFileMarks) >= 0;
        var digit = head.IndexOfAnyInRange('0', '9');
        for (var tries = 0; tries < 8 && digit >= 0; tries++)
        {
            var space = head.LastIndexOfAny(' ', '\t');
            if (space < digit || space + 1 < MinPrefix)
            {
                return false;
            }

            if (IsFrameRest(line[(space + 1)..], longest: tries == 0, ruby))
            {
                state.HasBody = true;
                return true;
            }

            head = head[..space];
        }

        return false;
    }

    /// <summary>
    /// Length of the leading fields <paramref name="line"/> shares in shape with <paramref name="reference"/> (same
    /// characters, or digits for digits), cut back to just after a space; 0 when under 6 characters or digit-free.
    /// </summary>
    public static int SharedLength(ReadOnlySpan<char> reference, ReadOnlySpan<char> line)
    {
        var i = ShapeLength(reference, line);
        var space = line[..i].LastIndexOfAny(' ', '\t');
        return space + 1 >= MinPrefix && line[..(space + 1)].IndexOfAnyInRange('0', '9') >= 0 ? space + 1 : 0;
    }

    private static int ShapeLength(ReadOnlySpan<char> reference, ReadOnlySpan<char> line)
    {
        var n = Math.Min(Math.Min(reference.Length, line.Length), MaxPrefix);
        var i = reference[..n].CommonPrefixLength(line[..n]);
        while (i < n && (reference[i] == line[i] || (char.IsAsciiDigit(reference[i]) && char.IsAsciiDigit(line[i]))))
        {
            i++;
        }

        return i;
    }

    /// <summary>What may follow a shared prefix on a continuation line: a frame or a trace marker, maybe indented.</summary>
    private static bool IsFrameRest(ReadOnlySpan<char> rest, bool longest, bool ruby)
    {
        if (rest.IsEmpty)
        {
            return false;
        }

        if (rest[0] is ' ' or '\t')
        {
            // Indentation counts only where the lines part (inside the shared fields it is column padding), and only
            // before a frame or a numbered source excerpt line ("    3:   <h1><%= @page.title %></h1>").
            var t = rest.TrimStart();
            return longest && (IsFrameRest(t, longest: false, ruby) || IsNumberedSourceLine(t));
        }

        switch (rest[0])
        {
            case 'a' when rest.StartsWith("at ", StringComparison.Ordinal) && IsAtFrame(rest[3..]):
            case 'C' when rest.StartsWith("Caused by: ", StringComparison.Ordinal):
            case 'W' when rest.StartsWith("Wrapped by: ", StringComparison.Ordinal):
            case '.' when rest.StartsWith("... ", StringComparison.Ordinal) && rest.Length > 4 && char.IsAsciiDigit(rest[4]):
            case '-' when rest.StartsWith("--- End of ", StringComparison.Ordinal):
            case 'S' when rest.StartsWith("Stack trace:", StringComparison.Ordinal):
            case '[' when rest.StartsWith("[stacktrace]", StringComparison.Ordinal):
            case 'T' when rest.StartsWith("Traceback (most recent call last):", StringComparison.Ordinal):
            case 'F' when rest.StartsWith("File \"", StringComparison.Ordinal) && rest.Contains("\", line ", StringComparison.Ordinal):
            case '#' when rest.Length > 2 && char.IsAsciiDigit(rest[1]) && (rest.Contains("): ", StringComparison.Ordinal) || rest.EndsWith("{main}", StringComparison.Ordinal) || rest.Contains("[internal function]", StringComparison.Ordinal)):
            case 'f' when ruby && rest.StartsWith("from ", StringComparison.Ordinal) && TraceKinds.IsRubyFrame(rest[5..]):
            case 't' when rest.StartsWith("thrown in ", StringComparison.Ordinal):
                return true;
            default:
                return ruby && TraceKinds.IsRubyFrame(rest) && (rest.Contains(":in ", StringComparison.Ordinal) || rest.Contains(".erb:", StringComparison.Ordinal));
        }
    }

    /// <summary>A JVM/.NET/V8 frame after "at ": <c>com.x.Y.z(Y.java:1)</c>, <c>X.Y(A b) in /f.cs:line 5</c>, <c>fn (/f.js:1:2)</c>.</summary>
    private static bool IsAtFrame(ReadOnlySpan<char> frame)
    {
        var open = frame.IndexOf('(');
        if (open <= 0 || !frame.TrimEnd().EndsWith(')') && !frame.Contains(":line ", StringComparison.Ordinal))
        {
            return false;
        }

        var name = frame[..open].TrimEnd();
        return name.IndexOfAny('.', '<', '/') >= 0 && (name.IndexOf(' ') < 0 || name.StartsWith("async ", StringComparison.Ordinal) || name.StartsWith("new ", StringComparison.Ordinal) || name.EndsWith(']'));
    }

    private static bool IsNumberedSourceLine(ReadOnlySpan<char> t)
    {
        var colon = t.IndexOf(": ", StringComparison.Ordinal);
        return colon is > 0 and < 7 && HeaderParser.IsDigits(t[..colon]);
    }
}
