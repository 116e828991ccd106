namespace LogAnalyzer.Tests.Web.Browser;

/// <summary>Browser-measured times from clicking Analyze.</summary>
public sealed record RunTiming(double SegmentationMs, double FinalMs, string Run);
