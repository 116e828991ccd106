using System.Globalization;
using LogAnalyzer.Core.Model;
using static LogAnalyzer.Core.Ingestion.Traces.TraceBlocks;
using static LogAnalyzer.Core.Ingestion.Traces.TypeNames;

namespace LogAnalyzer.Core.Ingestion.Traces;

/// <summary>JVM traces (Java, Kotlin, Scala): <c>Caused by:</c>, <c>Suppressed:</c>, <c>... N more</c>, logback <c>Wrapped by:</c>.</summary>
internal static class JavaTrace
{
    public static ExceptionInfo? Parse(IReadOnlyList<string> lines)
    {
        var blocks = new List<TraceBlock>();
        TraceBlock? current = null;
        var suppressedIndent = -1;
        var rootFirst = false;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var indent = Indent(line);
            var t = line.AsSpan().Trim();
            if (suppressedIndent >= 0)
            {
                if (indent > suppressedIndent)
                {
                    continue;
                }

                suppressedIndent = -1;
            }

            if (t.StartsWith("at ", StringComparison.Ordinal))
            {
                if (current is null)
                {
                    current = HeaderBlock(lines, i, strict: false);
                    blocks.Add(current);
                }

                current.AddFrame(JavaFrame(t[3..]));
            }
            else if (t.StartsWith("Caused by: ", StringComparison.Ordinal) || t.StartsWith("Wrapped by: ", StringComparison.Ordinal))
            {
                if (blocks.Count == 0)
                {
                    // "Exception in thread "main" x.Y: msg" straight followed by its cause, with no frames between.
                    blocks.Add(HeaderBlock(lines, i, strict: false));
                }

                // Logback's root-cause-first layout (%rEx) prints the root first and each wrapper after it.
                rootFirst |= t[0] == 'W';
                var rest = t[(t.IndexOf(": ", StringComparison.Ordinal) + 2)..];
                var found = FindType(rest, strict: false, out var type, out var message);
                current = new TraceBlock(found ? type : rest.ToString(), message);
                blocks.Add(current);
            }
            else if (t.StartsWith("Suppressed: ", StringComparison.Ordinal))
            {
                suppressedIndent = indent;
            }
            else if (current is null && i > 0 && ContinuationRules.LooksLikeExceptionLine(t) && FindType(t, strict: false, out var type, out var message))
            {
                current = new TraceBlock(type, message);
                blocks.Add(current);
            }
        }

        if (rootFirst)
        {
            blocks.Reverse();
        }

        return Build("java", blocks);
    }

    internal static StackFrameInfo JavaFrame(ReadOnlySpan<char> f)
    {
        // com.acme.Foo.bar(Foo.java:42) ~[app.jar:1.0]   |   java.base/java.lang.Thread.run(Thread.java:833)
        var open = f.IndexOf('(');
        var function = (open > 0 ? f[..open] : f).Trim().ToString();
        string? file = null;
        int? line = null;
        if (open > 0)
        {
            var close = f[open..].IndexOf(')');
            var inner = close > 0 ? f.Slice(open + 1, close - 1) : f[(open + 1)..];
            var colon = inner.LastIndexOf(':');
            if (colon > 0 && int.TryParse(inner[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                file = inner[..colon].ToString();
                line = n;
            }
            else if (!inner.IsEmpty)
            {
                file = inner.ToString();
            }
        }

        var slash = function.IndexOf('/');
        var normalized = slash > 0 && function.IndexOf('(') < 0 ? function[(slash + 1)..] : function;
        return new StackFrameInfo { Function = normalized, File = file, Line = line, InApp = FrameClassifier.IsInApp(normalized, file) };
    }

    internal static int Indent(string line)
    {
        var n = 0;
        foreach (var c in line)
        {
            if (c == '\t')
            {
                n += 4;
            }
            else if (c == ' ')
            {
                n++;
            }
            else
            {
                break;
            }
        }

        return n;
    }
}
