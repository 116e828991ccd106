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
        var blocks = new List<TraceBlock>();
        TraceBlock? current = null;
        var inTraceback = false;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var t = line.AsSpan().Trim();
            if (t.StartsWith("Traceback (most recent call last):", StringComparison.Ordinal))
            {
                current = new TraceBlock("unknown", null);
                blocks.Add(current);
                inTraceback = true;
                continue;
            }

            if (inTraceback && t.StartsWith("File \"", StringComparison.Ordinal))
            {
                current!.AddFrame(PythonFrame(t));
                continue;
            }

            if (inTraceback && line.Length > 0 && line[0] is not (' ' or '\t') && FindPythonException(t, out var type, out var message))
            {
                current!.Type = type;
                current.Message = message;
                inTraceback = false;
            }
        }

        blocks.RemoveAll(b => b.Type == "unknown" && b.Frames.Count == 0);
        foreach (var block in blocks)
        {
            block.Frames.Reverse(); // Python prints the throwing frame last.
        }

        blocks.Reverse(); // Python prints the root cause first and the outermost exception last.
        return Build("python", blocks);
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
