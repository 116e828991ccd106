using System.Globalization;
using LogAnalyzer.Core.Model;
using static LogAnalyzer.Core.Ingestion.Traces.TraceBlocks;
using static LogAnalyzer.Core.Ingestion.Traces.TypeNames;

namespace LogAnalyzer.Core.Ingestion.Traces;

/// <summary>Node.js traces: V8 <c>at</c> frames, <c>[cause]:</c> blocks, uncaught and unhandled-rejection reports.</summary>
internal static class NodeTrace
{
    public static ExceptionInfo? Parse(IReadOnlyList<string> lines)
    {
        var blocks = new List<TraceBlock>();
        TraceBlock? current = null;
        for (var i = 0; i < lines.Count; i++)
        {
            var t = lines[i].AsSpan().Trim();
            if (t.StartsWith("at ", StringComparison.Ordinal))
            {
                if (current is null)
                {
                    current = HeaderBlock(lines, i, strict: false);
                    blocks.Add(current);
                }

                current.AddFrame(NodeFrame(t[3..]));
            }
            else if (t.StartsWith("[cause]: ", StringComparison.Ordinal) || t.StartsWith("Caused by: ", StringComparison.Ordinal))
            {
                var rest = t[(t.IndexOf(": ", StringComparison.Ordinal) + 2)..];
                var found = FindType(rest, strict: false, out var type, out var message);
                current = new TraceBlock(found ? type : rest.ToString(), message);
                blocks.Add(current);
            }
        }

        if (blocks.Count == 0 && Unframed(lines) is { } unframed)
        {
            blocks.Add(unframed);
        }

        return Build("node", blocks);
    }

    internal static StackFrameInfo NodeFrame(ReadOnlySpan<char> f)
    {
        // fn (file:line:col) | file:line:col | async fn (file:line:col) | new Foo (file) | fn (<anonymous>)
        if (f.EndsWith(" {", StringComparison.Ordinal))
        {
            f = f[..^2];
        }

        ReadOnlySpan<char> function;
        ReadOnlySpan<char> location;
        if (f.EndsWith(")") && f.LastIndexOf(" (", StringComparison.Ordinal) is var open and > 0)
        {
            function = f[..open];
            location = f[(open + 2)..^1];
        }
        else
        {
            function = "<anonymous>";
            location = f;
        }

        if (function.StartsWith("async ", StringComparison.Ordinal))
        {
            function = function[6..];
        }

        string? file = location.ToString();
        int? line = null;
        var last = location.LastIndexOf(':');
        if (last > 0 && HeaderParser.IsDigits(location[(last + 1)..]))
        {
            var prev = location[..last].LastIndexOf(':');
            if (prev > 0 && HeaderParser.IsDigits(location[(prev + 1)..last])
                && int.TryParse(location[(prev + 1)..last], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                file = location[..prev].ToString();
                line = n;
            }
        }

        var name = function.ToString();
        return new StackFrameInfo { Function = name, File = file, Line = line, InApp = FrameClassifier.IsInApp(name, file) };
    }

    /// <summary>
    /// An error Node printed without frames: a rejection with a non-Error reason
    /// (<c>[UnhandledPromiseRejection: … reason "x".] {</c>) or an error whose stack was dropped.
    /// </summary>
    private static TraceBlock? Unframed(IReadOnlyList<string> lines)
    {
        for (var i = 1; i < lines.Count; i++)
        {
            var t = lines[i].AsSpan();
            if (t.StartsWith('['))
            {
                t = t[1..];
            }

            var end = ContinuationRules.TypeTokenEnd(t);
            if (end > 1 && end < t.Length && t[end] == ':' && char.IsAsciiLetterUpper(t[0]))
            {
                var message = t[(end + 1)..].Trim().TrimEnd("{ ]");
                return new TraceBlock(t[..end].ToString(), message.IsEmpty ? null : message.ToString());
            }
        }

        return null;
    }
}
