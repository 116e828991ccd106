using System.Globalization;
using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Core.Ingestion.Traces;

/// <summary>
/// Dart VM and Flutter: <c>Unhandled exception:</c>, the exception's toString() (<c>FormatException: …</c>,
/// <c>Exception: …</c>) and frames <c>#0      fn (package:app/x.dart:41:7)</c>, <c>&lt;asynchronous suspension&gt;</c>.
/// </summary>
internal static class DartTrace
{
    public static bool IsFrame(ReadOnlySpan<char> t) =>
        t.Length > 3 && t[0] == '#' && char.IsAsciiDigit(t[1]) && t.EndsWith(')') && (t.Contains("(dart:", StringComparison.Ordinal)
            || t.Contains("(package:", StringComparison.Ordinal) || t.Contains("(file://", StringComparison.Ordinal) || t.Contains(".dart:", StringComparison.Ordinal));

    public static ExceptionInfo? Parse(IReadOnlyList<string> lines)
    {
        TraceBlock? block = null;
        for (var i = 0; i < lines.Count; i++)
        {
            var t = lines[i].AsSpan().Trim();
            if (IsFrame(t))
            {
                block ??= new TraceBlock("unknown", null);
                block.AddFrame(Frame(t));
            }
            else if (block is null && !t.IsEmpty && !t.StartsWith("Unhandled exception:", StringComparison.Ordinal)
                && TypeNames.FindType(t, strict: false, out var type, out var message))
            {
                block = new TraceBlock(type, message);
            }
        }

        return block is null ? null : TraceBlocks.Build("dart", [block]);
    }

    private static StackFrameInfo Frame(ReadOnlySpan<char> t)
    {
        // #3      main (file:///home/dev/bin/parse.dart:4:15)
        var rest = t[(t.IndexOf(' ') + 1)..].Trim();
        var open = rest.LastIndexOf(" (", StringComparison.Ordinal);
        var function = (open > 0 ? rest[..open] : rest).ToString();
        var location = open > 0 ? rest[(open + 2)..^1] : default;
        string? file = location.IsEmpty ? null : location.ToString();
        int? line = null;
        var last = location.LastIndexOf(':');
        var prev = last > 0 ? location[..last].LastIndexOf(':') : -1;
        if (prev > 0 && int.TryParse(location[(prev + 1)..last], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            file = location[..prev].ToString();
            line = n;
        }

        var inApp = file is not null && !file.StartsWith("dart:", StringComparison.Ordinal) && !file.StartsWith("package:flutter/", StringComparison.Ordinal);
        return new StackFrameInfo { Function = function, File = file, Line = line, InApp = inApp };
    }
}
