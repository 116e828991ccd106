namespace LogAnalyzer.Core.Analysis;

/// <summary>One analysis to run: text or raw bytes (exactly one), and options.</summary>
public sealed record AnalysisRequest
{
    /// <summary>Already-decoded text (JSON API body, pasted text).</summary>
    public string? Text { get; init; }

    /// <summary>Raw bytes to decode (text/plain body, uploaded file).</summary>
    public ReadOnlyMemory<byte>? Bytes { get; init; }

    public bool UseLlm { get; init; }

    public bool IncludeRecords { get; init; } = true;

    public static AnalysisRequest FromText(string text, bool useLlm = false, bool includeRecords = true) =>
        new() { Text = text, UseLlm = useLlm, IncludeRecords = includeRecords };
}
