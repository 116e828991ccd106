namespace LogAnalyzer.Core.Insights;

/// <summary>A catalogue term found in a segment at a position.</summary>
internal readonly record struct TermHit(int Term, int Segment, int Position);
