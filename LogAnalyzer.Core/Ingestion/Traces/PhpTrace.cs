using System.Globalization;
using LogAnalyzer.Core.Model;
using static LogAnalyzer.Core.Ingestion.Traces.TraceBlocks;
using static LogAnalyzer.Core.Ingestion.Traces.TypeNames;

namespace LogAnalyzer.Core.Ingestion.Traces;

/// <summary>PHP traces: <c>Uncaught X</c> + <c>#N</c> frames, <c>Next</c> chains, Laravel/Monolog <c>[object] (X(code: 0): …)</c>.</summary>
internal static class PhpTrace
{
    public static ExceptionInfo? Parse(IReadOnlyList<string> lines)
    {
        // Blocks are kept outermost first: PHP prints the previous (inner) exception first and "Next" for each outer
        // one; Monolog/Laravel print the outer one first and "[previous exception]" for each inner one.
        lines = Unwrapped(lines);
        var blocks = new List<TraceBlock>();
        TraceBlock? current = null;
        for (var i = 0; i < lines.Count; i++)
        {
            var t = lines[i].AsSpan().Trim();
            if (t.StartsWith("#", StringComparison.Ordinal) && t.Length > 1 && char.IsAsciiDigit(t[1]))
            {
                if (current is null)
                {
                    current = PhpHeader(lines, i);
                    blocks.Add(current);
                }

                current.AddFrame(PhpFrame(t));
            }
            else if (t.StartsWith("Next ", StringComparison.Ordinal))
            {
                current = PhpHeaderFrom(t[5..]) ?? new TraceBlock("unknown", t[5..].ToString());
                blocks.Insert(0, current);
            }
            else if (t.StartsWith("[previous exception]", StringComparison.Ordinal))
            {
                current = PhpHeaderFrom(t) ?? new TraceBlock("unknown", t.ToString());
                blocks.Add(current);
            }
            else if (current is null && (t.Contains("Uncaught ", StringComparison.Ordinal) || t.Contains("[object] (", StringComparison.Ordinal)))
            {
                current = PhpHeaderFrom(t) ?? new TraceBlock("unknown", t.ToString());
                blocks.Add(current);
            }
        }

        return Build("php", blocks);
    }

    /// <summary>
    /// A log copied from a terminal that hard-wraps (several lines of exactly the widest length, 60 or more) is read with
    /// each full-width line joined to the next, so a type name or path split by the wrap is whole again.
    /// </summary>
    private static IReadOnlyList<string> Unwrapped(IReadOnlyList<string> lines)
    {
        var width = 0;
        var atWidth = 0;
        for (var i = 1; i < lines.Count; i++)
        {
            if (lines[i].Length > width)
            {
                width = lines[i].Length;
                atWidth = 0;
            }

            atWidth += lines[i].Length == width ? 1 : 0;
        }

        if (width < 60 || atWidth < 2)
        {
            return lines;
        }

        var joined = new List<string>(lines.Count) { lines[0] };
        var sb = new System.Text.StringBuilder();
        for (var i = 1; i < lines.Count; i++)
        {
            sb.Append(lines[i]);
            if (lines[i].Length != width || i == lines.Count - 1 || StartsStructure(lines[i + 1]))
            {
                joined.Add(sb.ToString());
                sb.Clear();
            }
        }

        return joined;
    }

    private static bool StartsStructure(string line)
    {
        var t = line.AsSpan().TrimStart();
        return (t.Length > 1 && t[0] == '#' && char.IsAsciiDigit(t[1])) || t.StartsWith("[stacktrace]", StringComparison.Ordinal)
            || t.StartsWith("[previous exception]", StringComparison.Ordinal) || t.StartsWith("Stack trace:", StringComparison.Ordinal)
            || t.StartsWith("Next ", StringComparison.Ordinal) || t.StartsWith("thrown in ", StringComparison.Ordinal);
    }

    internal static TraceBlock PhpHeader(IReadOnlyList<string> lines, int frameIndex)
    {
        for (var i = frameIndex - 1; i >= 0; i--)
        {
            var found = PhpHeaderFrom(lines[i].AsSpan().Trim());
            if (found is not null)
            {
                return found;
            }
        }

        return HeaderBlock(lines, frameIndex, strict: false);
    }

    /// <summary>"Uncaught Type: msg in /f.php:12", "[object] (Type(code: 0): msg at /f.php:12)", "Type: msg in /f.php:12".</summary>
    internal static TraceBlock? PhpHeaderFrom(ReadOnlySpan<char> t)
    {
        var obj = t.IndexOf("[object] (", StringComparison.Ordinal);
        if (obj >= 0)
        {
            var rest = t[(obj + 10)..];
            var codeAt = rest.IndexOf("(code:", StringComparison.Ordinal);
            if (codeAt > 0)
            {
                var type = rest[..codeAt].ToString().Replace("\\\\", "\\", StringComparison.Ordinal);
                var afterCode = rest[codeAt..];
                var colon = afterCode.IndexOf("): ", StringComparison.Ordinal);
                var message = colon >= 0 ? afterCode[(colon + 3)..] : default;
                var at = message.LastIndexOf(" at ", StringComparison.Ordinal);
                return new TraceBlock(type, (at >= 0 ? message[..at] : message).ToString());
            }
        }

        var uncaught = t.IndexOf("Uncaught ", StringComparison.Ordinal);
        if (uncaught >= 0)
        {
            t = t[(uncaught + 9)..];
        }

        var end = PhpTypeEnd(t);
        if (end <= 0 || end >= t.Length || t[end] != ':')
        {
            return null;
        }

        var type2 = t[..end].ToString();
        var msg = t[(end + 1)..].Trim();
        var inAt = msg.LastIndexOf(" in /", StringComparison.Ordinal);
        if (inAt < 0)
        {
            inAt = msg.LastIndexOf(" in ", StringComparison.Ordinal);
        }

        return new TraceBlock(type2, (inAt >= 0 ? msg[..inAt] : msg).ToString());
    }

    internal static int PhpTypeEnd(ReadOnlySpan<char> t)
    {
        if (t.IsEmpty || !(char.IsAsciiLetter(t[0]) || t[0] == '\\'))
        {
            return 0;
        }

        var i = 1;
        while (i < t.Length && (char.IsAsciiLetterOrDigit(t[i]) || t[i] is '_' or '\\'))
        {
            i++;
        }

        return i;
    }

    internal static StackFrameInfo PhpFrame(ReadOnlySpan<char> t)
    {
        // #0 /var/www/index.php(5): Foo->bar()   |   #1 [internal function]: x()   |   #2 {main}
        var space = t.IndexOf(' ');
        var rest = space > 0 ? t[(space + 1)..] : default;
        if (rest is "{main}")
        {
            return new StackFrameInfo { Function = "{main}", InApp = true };
        }

        var sep = rest.IndexOf("): ", StringComparison.Ordinal);
        string? file = null;
        int? line = null;
        ReadOnlySpan<char> function = rest;
        if (sep > 0)
        {
            var location = rest[..(sep + 1)];
            function = rest[(sep + 3)..];
            var open = location.LastIndexOf('(');
            if (open > 0 && int.TryParse(location[(open + 1)..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                file = location[..open].ToString();
                line = n;
            }
        }
        else if (rest.StartsWith("[internal function]: ", StringComparison.Ordinal))
        {
            file = "[internal function]";
            function = rest[21..];
        }

        var paren = function.IndexOf('(');
        var name = (paren > 0 ? function[..paren] : function).ToString();
        return new StackFrameInfo { Function = name, File = file, Line = line, InApp = FrameClassifier.IsInApp(name, file) };
    }
}
