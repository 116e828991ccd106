using System.Globalization;
using LogAnalyzer.Core.Model;
using static LogAnalyzer.Core.Ingestion.Traces.TraceBlocks;
using static LogAnalyzer.Core.Ingestion.Traces.TypeNames;

namespace LogAnalyzer.Core.Ingestion.Traces;

/// <summary>Python tracebacks: chained (<c>During handling…</c>, <c>The above exception…</c>), exception groups, SyntaxError, IPython.</summary>
internal static class PythonTrace
{
    public static ExceptionInfo? Parse(IReadOnlyList<string> lines)
    {
        var top = new List<TraceBlock>();
        var members = new List<TraceBlock>();
        TraceBlock? current = null;
        var inTraceback = false;
        var stackInfo = false;
        var topMargin = -1;
        for (var i = 0; i < lines.Count; i++)
        {
            var body = WithoutGroupMargin(lines[i], out var margin);
            if (body.IsEmpty && margin >= 0)
            {
                continue;
            }

            var t = body.Trim();
            if (t.EndsWith("Traceback (most recent call last):", StringComparison.Ordinal) || t.EndsWith("Traceback (most recent call last)", StringComparison.Ordinal))
            {
                // A group's sub-tracebacks sit in a deeper margin than the group's own traceback.
                current = new TraceBlock("unknown", null);
                topMargin = topMargin < 0 ? margin : topMargin;
                (margin > topMargin ? members : top).Add(current);
                inTraceback = true;
                stackInfo = false;
                continue;
            }

            if (t.StartsWith("Stack (most recent call last):", StringComparison.Ordinal))
            {
                // logging's stack_info: where a message was logged, not an exception.
                stackInfo = true;
                inTraceback = false;
                continue;
            }

            if (t.StartsWith("File \"", StringComparison.Ordinal) && t.Contains("\", line ", StringComparison.Ordinal))
            {
                if (!inTraceback && !stackInfo)
                {
                    // A SyntaxError from the compiler, or a traceback printed without its header line.
                    current = new TraceBlock("unknown", null);
                    top.Add(current);
                    inTraceback = true;
                }

                current?.AddFrame(PythonFrame(t));
                continue;
            }

            if (inTraceback && body.Length > 0 && body[0] is not (' ' or '\t') && FindPythonException(t, out var type, out var message))
            {
                current!.Type = type;
                current.Message = message;
                inTraceback = false;
            }
        }

        top.RemoveAll(b => b.Type == "unknown" && b.Frames.Count == 0);
        members.RemoveAll(b => b.Type == "unknown" && b.Frames.Count == 0);
        foreach (var block in top.Concat(members))
        {
            block.Frames.Reverse(); // Python prints the throwing frame last.
        }

        top.Reverse(); // Python prints the root cause first and the outermost exception last; a group's members follow it.
        top.AddRange(members);
        return Build("python", top);
    }

    /// <summary>
    /// An exception group's lines carry a margin (<c>  | </c>, <c>  + Exception Group Traceback</c>); returns the line
    /// without it and the margin's column, or the line and -1. Separator lines (<c>+-+---- 1 ----</c>) come back empty.
    /// </summary>
    private static ReadOnlySpan<char> WithoutGroupMargin(string line, out int margin)
    {
        margin = -1;
        var ws = 0;
        while (ws < line.Length && line[ws] == ' ')
        {
            ws++;
        }

        if (ws == 0 || ws + 1 >= line.Length || line[ws] is not ('|' or '+'))
        {
            return line;
        }

        margin = ws;
        if (line[ws] == '+' && line[ws + 1] == '-')
        {
            return default;
        }

        var body = line.AsSpan(ws + 1);
        return body.StartsWith(' ') ? body[1..] : body;
    }

    internal static bool FindPythonException(ReadOnlySpan<char> t, out string type, out string? message)
    {
        type = string.Empty;
        message = null;
        var end = ContinuationRules.TypeTokenEnd(t);
        if (end == 0 || (end < t.Length && t[end] != ':'))
        {
            return false;
        }

        type = t[..end].ToString();
        message = end < t.Length ? t[(end + 1)..].Trim().ToString() : null;
        return true;
    }

    internal static StackFrameInfo PythonFrame(ReadOnlySpan<char> t)
    {
        // File "/app/x.py", line 10, in handler
        var rest = t[6..];
        var quote = rest.IndexOf('"');
        var file = quote >= 0 ? rest[..quote].ToString() : rest.ToString();
        int? line = null;
        var function = "<module>";
        var lineAt = t.IndexOf(", line ", StringComparison.Ordinal);
        if (lineAt > 0)
        {
            var after = t[(lineAt + 7)..];
            var comma = after.IndexOf(',');
            var number = comma >= 0 ? after[..comma] : after;
            if (int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                line = n;
            }

            var inAt = after.IndexOf(", in ", StringComparison.Ordinal);
            if (inAt >= 0)
            {
                function = after[(inAt + 5)..].Trim().ToString();
            }
        }

        return new StackFrameInfo { Function = function, File = file, Line = line, InApp = FrameClassifier.IsInApp(function, file) };
    }
}
