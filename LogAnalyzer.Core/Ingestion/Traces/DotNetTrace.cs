using System.Globalization;
using LogAnalyzer.Core.Model;
using static LogAnalyzer.Core.Ingestion.Traces.TraceBlocks;
using static LogAnalyzer.Core.Ingestion.Traces.TypeNames;

namespace LogAnalyzer.Core.Ingestion.Traces;

/// <summary>.NET traces: <c> ---&gt; </c> inner exceptions, <c>--- End of inner exception stack trace ---</c>, AggregateException.</summary>
internal static class DotNetTrace
{
    public static ExceptionInfo? Parse(IReadOnlyList<string> lines)
    {
        var chain = new List<TraceBlock>();
        var frameBlocks = new List<List<StackFrameInfo>> { new() };
        for (var i = 0; i < lines.Count; i++)
        {
            var t = lines[i].AsSpan().Trim();
            if (t.StartsWith("at ", StringComparison.Ordinal))
            {
                if (chain.Count == 0)
                {
                    var header = HeaderBlock(lines, i, strict: false);
                    chain.Add(header);
                }

                if (frameBlocks[^1].Count < MaxFrames)
                {
                    frameBlocks[^1].Add(DotNetFrame(t[3..]));
                }
            }
            else if (t.StartsWith("--- End of inner exception stack trace ---", StringComparison.Ordinal))
            {
                frameBlocks.Add([]);
            }
            else if (t.StartsWith("--- ", StringComparison.Ordinal))
            {
                continue;
            }
            else if (t.StartsWith("---> ", StringComparison.Ordinal))
            {
                AddDotNetChain(chain, t[5..]);
            }
            else if (frameBlocks[0].Count == 0 && (chain.Count == 0 || i == 0) && FindType(t, strict: i == 0, out _, out _))
            {
                AddDotNetChain(chain, t);
            }
        }

        if (chain.Count == 0)
        {
            return null;
        }

        // The first frame block belongs to the innermost exception, the last one to the outermost.
        var blocks = frameBlocks.Where(b => b.Count > 0).ToList();
        for (var k = 0; k < blocks.Count; k++)
        {
            var target = Math.Max(0, chain.Count - 1 - k);
            chain[target].Frames.AddRange(blocks[k]);
        }

        return Build("dotnet", chain);
    }

    internal static void AddDotNetChain(List<TraceBlock> chain, ReadOnlySpan<char> text)
    {
        while (!text.IsEmpty)
        {
            var arrow = text.IndexOf(" ---> ", StringComparison.Ordinal);
            var part = arrow < 0 ? text : text[..arrow];
            if (FindType(part, strict: false, out var type, out var message))
            {
                chain.Add(new TraceBlock(type, message));
            }

            text = arrow < 0 ? default : text[(arrow + 6)..];
        }
    }

    internal static StackFrameInfo DotNetFrame(ReadOnlySpan<char> f)
    {
        // Ns.Type.Method(String arg) in /src/File.cs:line 42
        string? file = null;
        int? line = null;
        var inAt = f.LastIndexOf(" in ", StringComparison.Ordinal);
        var function = f;
        if (inAt > 0)
        {
            var location = f[(inAt + 4)..];
            function = f[..inAt];
            var lineAt = location.LastIndexOf(":line ", StringComparison.Ordinal);
            if (lineAt > 0 && int.TryParse(location[(lineAt + 6)..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                file = location[..lineAt].ToString();
                line = n;
            }
            else
            {
                file = location.ToString();
            }
        }

        var open = function.IndexOf('(');
        var name = (open > 0 ? function[..open] : function).Trim().ToString();
        return new StackFrameInfo { Function = name, File = file, Line = line, InApp = FrameClassifier.IsInApp(name, file) };
    }
}
