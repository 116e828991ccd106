using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Core.Ingestion;

/// <summary>Records in input order plus the facts about the input.</summary>
public sealed record IngestionResult(IReadOnlyList<LogRecord> Records, InputSummary Summary);
