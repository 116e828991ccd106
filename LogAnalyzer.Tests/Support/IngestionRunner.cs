using System.Text;
using LogAnalyzer.Core.Ingestion;
using LogAnalyzer.Core.Model;
using LogAnalyzer.Core.Redaction;
using Microsoft.Extensions.Time.Testing;

namespace LogAnalyzer.Tests.Support;

/// <summary>Runs the real ingestor (real redactor) with a fixed clock, so year-less timestamps are stable.</summary>
internal static class IngestionRunner
{
    public static readonly DateTimeOffset Now = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    public static LogIngestor Create() => new(new SecretRedactor(), new FakeTimeProvider(Now));

    public static IngestionResult Text(string text, IngestionOptions? options = null) =>
        Create().Ingest(text, options ?? new IngestionOptions());

    public static IngestionResult Bytes(byte[] bytes, IngestionOptions? options = null) =>
        Create().Ingest(bytes, options ?? new IngestionOptions());

    public static LogRecord Single(string line)
    {
        var result = Text(line);
        return Assert.Single(result.Records);
    }

    /// <summary>Records must be ordered, contiguous, non-overlapping and cover lines 1..TotalLines exactly once.</summary>
    public static void AssertCoverage(IngestionResult result)
    {
        var expected = 1;
        for (var i = 0; i < result.Records.Count; i++)
        {
            var record = result.Records[i];
            Assert.Equal(i, record.Index);
            Assert.Equal(expected, record.LineStart);
            Assert.True(record.LineEnd >= record.LineStart, $"record {i} ends before it starts");
            expected = record.LineEnd + 1;
        }

        Assert.Equal(result.Summary.TotalLines, expected - 1);
        Assert.Equal(result.Records.Count, result.Summary.TotalRecords);
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
