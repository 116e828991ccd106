using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Core.Ingestion.Traces;

/// <summary>Builds exceptions from blocks and finds a block's header line.</summary>
internal static class TraceBlocks
{
    internal const int MaxFrames = 200;

    internal static ExceptionInfo? Build(string language, List<TraceBlock> outermostFirst)
    {
        if (outermostFirst.Count == 0)
        {
            return null;
        }

        var top = outermostFirst[0];
        return new ExceptionInfo
        {
            Language = language,
            Type = top.Type,
            Message = top.Message,
            Frames = top.Frames,
            Causes = [.. outermostFirst.Skip(1).Select(b => new ExceptionCause { Type = b.Type, Message = b.Message, Frames = b.Frames })],
        };
    }

    internal static TraceBlock HeaderBlock(IReadOnlyList<string> lines, int frameIndex, bool strict)
    {
        for (var i = frameIndex - 1; i >= 0; i--)
        {
            if (TypeNames.FindType(lines[i], strict, out var type, out var message))
            {
                return new TraceBlock(type, message);
            }
        }

        return new TraceBlock("unknown", lines.Count > 0 && lines[0].Length > 0 ? lines[0].Trim() : null);
    }
}
