using System.Text.Json;
using System.Text.Json.Nodes;
using LogAnalyzer.Core.Model;
using LogAnalyzer.Tests.Support;

namespace LogAnalyzer.Tests.Ingestion;

/// <summary>Issue 13 item 4: a timestamp printed without a year is flagged, per record and in the summary.</summary>
public sealed class YearAssumedTests
{
    // IngestionRunner's clock is 2026-03-02: dates up to March 3rd are this year, later ones last year.
    [Theory]
    [InlineData("Mar  2 10:00:01 web01 sshd[812]: Failed password for admin from 10.0.0.5 port 22", "2026-03-02T10:00:01")] // syslog RFC 3164
    [InlineData("<34>Feb 28 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8", "2026-02-28T22:14:15")] // syslog with PRI
    [InlineData("03-01 10:00:02.123  1234  5678 E ActivityManager: ANR in com.example.app", "2026-03-01T10:00:02.123")] // logcat threadtime
    [InlineData("E0301 10:00:03.123456    1234 server.go:42] connection refused", "2026-03-01T10:00:03.123456")] // glog / klog MMdd
    [InlineData("[12.24 13:37:52] app crashed with code 3", "2025-12-24T13:37:52")] // [MM.dd HH:mm:ss], after today: last year
    [InlineData("02/14 22:14:15 ERROR disk full on /var", "2026-02-14T22:14:15")] // MM/dd HH:mm:ss
    public void YearLessShapes_AreFlagged_WithTheAssumedYear(string line, string expected)
    {
        var result = IngestionRunner.Text(line + "\n");

        var record = Assert.Single(result.Records);
        Assert.NotNull(record.Timestamp);
        Assert.StartsWith(expected, record.Timestamp.Value.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFF", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.True(record.YearAssumed, $"'{line}' has no year but was not flagged");
        Assert.Equal(1, result.Summary.YearAssumedRecords);
    }

    [Theory]
    [InlineData("2026-03-02 10:00:01,000 ERROR [main] shop.Db - Connection refused")]
    [InlineData("2026-03-02T10:00:01.123Z level=error msg=\"connection refused\"")]
    [InlineData("Sun Dec 04 04:47:44 2005 [error] mod_jk child workerEnv in error state 6")] // ctime: the year trails
    [InlineData("Dec 10, 2024 6:55:46 PM org.apache.catalina.core.StandardService stopInternal")]
    [InlineData("<34>1 2026-03-02T10:00:01.003Z mymachine su - ID47 - 'su root' failed")] // RFC 5424
    [InlineData("10.0.0.5 - - [02/Mar/2026:10:00:01 +0000] \"GET / HTTP/1.1\" 500 12")]
    [InlineData("{\"time\":\"2026-03-02T10:00:01Z\",\"level\":\"error\",\"msg\":\"boom\"}")]
    public void ShapesWithAYear_AreNotFlagged(string line)
    {
        var result = IngestionRunner.Text(line + "\n");

        var record = Assert.Single(result.Records);
        Assert.NotNull(record.Timestamp);
        Assert.False(record.YearAssumed, $"'{line}' carries its year but was flagged");
        Assert.Equal(0, result.Summary.YearAssumedRecords);
    }

    [Fact]
    public void AMixedPaste_CountsOnlyTheYearLessRecords_AndKeepsFullDatesInTheRange()
    {
        var text = string.Join('\n',
            "2025-12-30 23:59:58,000 INFO [main] app.Start - started",
            "Mar  1 10:00:01 web01 app[1]: request failed",
            "Mar  1 10:00:02 web01 app[1]: request failed again",
            "2026-03-02 11:00:00,000 ERROR [main] app.Db - Connection refused") + "\n";

        var result = IngestionRunner.Text(text);

        Assert.Equal([false, true, true, false], result.Records.Select(r => r.YearAssumed));
        Assert.Equal(2, result.Summary.YearAssumedRecords);
        Assert.Equal(new DateTimeOffset(2025, 12, 30, 23, 59, 58, TimeSpan.Zero), result.Summary.FirstTimestamp);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 11, 0, 0, TimeSpan.Zero), result.Summary.LastTimestamp);
    }

    [Fact]
    public void AYearLessTransportPrefix_FlagsEveryRecordItDates()
    {
        var text = string.Concat(Enumerable.Range(1, 12).Select(i =>
            $"Mar  1 10:00:{i:00} web01 app[1]: {{\"level\":\"error\",\"msg\":\"boom {i}\"}}\n"));

        var result = IngestionRunner.Text(text);

        Assert.Equal(12, result.Records.Count);
        Assert.All(result.Records, r => Assert.NotNull(r.Timestamp));
        Assert.All(result.Records, r => Assert.True(r.YearAssumed, $"record {r.Index} ({r.Format}) was not flagged"));
        Assert.Equal(12, result.Summary.YearAssumedRecords);
    }

    [Fact]
    public void Json_WritesYearAssumedOnlyWhenTrue_AndTheSummaryCountAlways()
    {
        var result = IngestionRunner.Text("Mar  1 10:00:01 web01 app[1]: failed\n2026-03-02 11:00:00,000 ERROR [main] app.Db - refused\n");
        var document = new AnalysisDocument
        {
            Id = "0123456789abcdef0123456789abcdef",
            CreatedAt = IngestionRunner.Now,
            Summary = result.Summary,
            Records = result.Records,
            Llm = LlmReport.Disabled("test"),
        };

        var json = JsonSerializer.Serialize(document, AnalysisJson.Options);
        var node = JsonNode.Parse(json)!;

        Assert.True(node["records"]![0]!["yearAssumed"]!.GetValue<bool>());
        Assert.False(node["records"]![1]!.AsObject().ContainsKey("yearAssumed"));
        Assert.Equal(1, node["summary"]!["yearAssumedRecords"]!.GetValue<int>());
        Assert.StartsWith("2026-03-01T10:00:01", node["summary"]!["firstTimestamp"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("2026-03-02T11:00:00", node["summary"]!["lastTimestamp"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(SchemaCheck.Errors(json));
        var back = JsonSerializer.Deserialize<AnalysisDocument>(json, AnalysisJson.Options)!;
        Assert.True(back.Records![0].YearAssumed);
        Assert.False(back.Records[1].YearAssumed);
    }
}
