using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Web.Components.Analysis;

/// <summary>A record shown in context: highlighted when it is the subject, with the count of records skipped before it.</summary>
public sealed record RecordRow(LogRecord Record, bool Highlighted, int SkippedBefore);
