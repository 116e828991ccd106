using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Core.Ingestion.Traces;

/// <summary>One exception in a trace being read (type, message, frames), and how a list of them becomes an <see cref="ExceptionInfo"/>.</summary>
internal sealed class TraceBlock(string type, string? message)
{
    public string Type { get; set; } = type;

    public string? Message { get; set; } = message;

    public List<StackFrameInfo> Frames { get; } = [];

    public void AddFrame(StackFrameInfo frame)
    {
        if (Frames.Count < TraceBlocks.MaxFrames)
        {
            Frames.Add(frame);
        }
    }
}
