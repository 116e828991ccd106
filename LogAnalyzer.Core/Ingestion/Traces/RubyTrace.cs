using System.Globalization;
using LogAnalyzer.Core.Model;
using static LogAnalyzer.Core.Ingestion.Traces.TraceBlocks;
using static LogAnalyzer.Core.Ingestion.Traces.TypeNames;

namespace LogAnalyzer.Core.Ingestion.Traces;

/// <summary>Ruby backtraces: <c>file.rb:12:in 'method'</c> frames with <c>message (Type)</c> or <c>Type (message):</c> headers.</summary>
internal static class RubyTrace
{
    public static ExceptionInfo? Parse(IReadOnlyList<string> lines)
    {
        TraceBlock? block = null;
        for (var i = 0; i < lines.Count; i++)
        {
            var t = lines[i].AsSpan().Trim();
            if (t.StartsWith("from ", StringComparison.Ordinal))
            {
                t = t[5..];
            }

            var inAt = t.IndexOf(":in ", StringComparison.Ordinal);
            if (inAt > 0 && (t.Contains(".rb:", StringComparison.Ordinal) || t.Contains(".erb:", StringComparison.Ordinal) || t.Contains(".rake:", StringComparison.Ordinal)))
            {
                var location = t[..inAt];
                var colon = location.LastIndexOf(':');
                var file = colon > 0 ? location[..colon].ToString() : location.ToString();
                int? number = colon > 0 && int.TryParse(location[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
                var rest = t[(inAt + 4)..];
                var close = rest.Length > 1 ? rest[1..].IndexOfAny('\'', '`') : -1;
                var function = close >= 0 ? rest.Slice(1, close).ToString() : rest.ToString();
                if (block is null)
                {
                    // /app/foo.rb:12:in `bar': undefined method `baz' for nil (NoMethodError)
                    var tail = close >= 0 && close + 2 < rest.Length ? rest[(close + 2)..].TrimStart(':').Trim() : default;
                    block = RubyHeader(tail) ?? FindRubyHeader(lines, i);
                }

                block.AddFrame(new StackFrameInfo { Function = function, File = file, Line = number, InApp = FrameClassifier.IsInApp(function, file) });
            }
        }

        return block is null ? null : Build("ruby", [block]);
    }

    internal static TraceBlock FindRubyHeader(IReadOnlyList<string> lines, int frameIndex)
    {
        for (var i = frameIndex - 1; i >= 0; i--)
        {
            var header = RubyHeader(lines[i].AsSpan().Trim());
            if (header is not null)
            {
                return header;
            }
        }

        return HeaderBlock(lines, frameIndex, strict: false);
    }

    /// <summary>"message (Type)" or "Type (message):".</summary>
    internal static TraceBlock? RubyHeader(ReadOnlySpan<char> t)
    {
        if (t.IsEmpty)
        {
            return null;
        }

        if (t[^1] == ')')
        {
            var open = t.LastIndexOf(" (", StringComparison.Ordinal);
            if (open >= 0)
            {
                var type = t[(open + 2)..^1];
                if (ContinuationRules.TypeTokenEnd(type.ToString().Replace("::", ".", StringComparison.Ordinal)) == type.Length - CountColons(type) && type.Length > 0 && char.IsAsciiLetterUpper(type[0]))
                {
                    return new TraceBlock(type.ToString(), t[..open].ToString());
                }
            }
        }

        var paren = t.IndexOf(" (", StringComparison.Ordinal);
        if (paren > 0 && t.EndsWith("):", StringComparison.Ordinal) && char.IsAsciiLetterUpper(t[0]))
        {
            return new TraceBlock(t[..paren].ToString(), t[(paren + 2)..^2].ToString());
        }

        return null;
    }

    internal static int CountColons(ReadOnlySpan<char> t) => t.Count(':') / 2;
}
