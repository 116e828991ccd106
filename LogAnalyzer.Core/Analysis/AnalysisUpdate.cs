using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Core.Analysis;

/// <summary>The document as it stands after <see cref="Stage"/> completed.</summary>
public sealed record AnalysisUpdate(AnalysisStage Stage, AnalysisDocument Document, TimeSpan Elapsed);
