namespace LogAnalyzer.Core.Model;

/// <summary>An exception carried by a record: outermost first, then its causes in order.</summary>
public sealed record ExceptionInfo
{
    /// <summary>"java", "dotnet", "python", "node", "go", "ruby", "php", or "unknown".</summary>
    public required string Language { get; init; }

    public required string Type { get; init; }

    public string? Message { get; init; }

    public IReadOnlyList<StackFrameInfo> Frames { get; init; } = [];

    /// <summary>The cause chain, outermost-first (the outermost exception itself is this object).</summary>
    public IReadOnlyList<ExceptionCause> Causes { get; init; } = [];
}

/// <summary>One inner/cause exception.</summary>
public sealed record ExceptionCause
{
    public required string Type { get; init; }

    public string? Message { get; init; }

    public IReadOnlyList<StackFrameInfo> Frames { get; init; } = [];
}

/// <summary>A stack frame.</summary>
public sealed record StackFrameInfo
{
    public required string Function { get; init; }

    public string? File { get; init; }

    public int? Line { get; init; }

    /// <summary>Best guess: frame is application code rather than framework/library code.</summary>
    public bool InApp { get; init; }
}
