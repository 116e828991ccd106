using LogAnalyzer.Core.Ingestion;
using LogAnalyzer.Core.Model;
using LogAnalyzer.Tests.Support;

namespace LogAnalyzer.Tests.Ingestion;

/// <summary>
/// The layout learned from the paste: a field is header only when it behaves like one over the paste's lines.
/// Run with the known layouts off, so these pin the inference itself.
/// </summary>
public sealed class HeaderInferenceTests
{
    private static readonly IngestionOptions InferenceOnly = new() { KnownLayouts = false };

    [Fact]
    public void FieldsThatHoldOnEveryLine_AreHeader_TheRestIsMessage()
    {
        var result = IngestionRunner.Text("""
            2026-02-01 10:00:00.001 | WARN | billing | invoice 7 retried
            2026-02-01 10:00:00.002 | INFO | billing | invoice 8 sent
            2026-02-01 10:00:00.003 | INFO | mailer | 3 mails queued
            """, InferenceOnly);
        Assert.Equal(["invoice 7 retried", "invoice 8 sent", "3 mails queued"], result.Records.Select(r => r.Message));
        Assert.Equal(["billing", "billing", "mailer"], result.Records.Select(r => r.Source));
        Assert.Equal([Severity.Warning, Severity.Info, Severity.Info], result.Records.Select(r => r.Level));
    }

    [Fact]
    public void AWordColumnAfterTheHeader_WithoutAnAnchor_StaysInTheMessage()
    {
        var result = IngestionRunner.Text("""
            2026-02-01 10:00:00 INFO Starting server
            2026-02-01 10:00:01 INFO Starting worker
            2026-02-01 10:00:02 INFO Starting scheduler
            """, InferenceOnly);
        Assert.All(result.Records, r => Assert.StartsWith("Starting ", r.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void ASecondLevelWord_IsTheMessage_NotASecondHeaderField()
    {
        var result = IngestionRunner.Text("""
            2026-02-01 10:00:00,618 - app - DEBUG - debug message
            2026-02-01 10:00:00,620 - app - INFO - info message
            2026-02-01 10:00:00,621 - app - ERROR - error message
            """, InferenceOnly);
        Assert.Equal(["debug message", "info message", "error message"], result.Records.Select(r => r.Message));
    }

    [Fact]
    public void ALevelWordAfterWords_OnOneLine_IsNotLearnedAsHeader()
    {
        // One line cannot show a field behaving like a header: "errors" here is prose, and the exception type with it.
        var result = IngestionRunner.Text("""
            System.AggregateException: One or more errors occurred. (Connection refused)
             ---> System.Net.Http.HttpRequestException: Connection refused (localhost:5001)
            """);
        Assert.StartsWith("System.AggregateException: One or more errors occurred.", result.Records[0].Message, StringComparison.Ordinal);
        Assert.Equal("System.AggregateException", result.Records[0].Exception?.Type);
    }

    [Fact]
    public void PlainProse_LearnsNoHeader()
    {
        var result = IngestionRunner.Text("""
            the quick brown fox: jumps
            the lazy dog: sleeps
            the end: of it
            """, InferenceOnly);
        Assert.All(result.Records, r => Assert.Equal(LogFormat.Text, r.Format));
        Assert.Equal("the quick brown fox: jumps", result.Records[0].Message);
    }

    [Fact]
    public void LinesThatDoNotFitTheLayout_KeepTheirWholeText()
    {
        var result = IngestionRunner.Text("""
            2026-02-01 10:00:00 INFO [main] app.Server: started
            2026-02-01 10:00:01 INFO [main] app.Server: listening
            2026-02-01 10:00:02 INFO [main] app.Server: ready
            some unrelated line
            """, InferenceOnly);
        Assert.Equal(["started", "listening", "ready", "some unrelated line"], result.Records.Select(r => r.Message));
        Assert.Equal("app.Server", result.Records[0].Source);
    }

    [Fact]
    public void LabelColumn_OfDashesAndWords_IsOneHeaderColumn()
    {
        var result = IngestionRunner.Text("""
            - 1736936130 node-1 KERNEL INFO cache parity error corrected
            - 1736936131 node-2 KERNEL INFO cache parity error corrected
            ALERT 1736936132 node-3 APP FATAL control stream closed
            - 1736936133 node-1 KERNEL INFO cache parity error corrected
            """, InferenceOnly);
        Assert.Equal("control stream closed", result.Records[2].Message);
        Assert.Equal(Severity.Critical, result.Records[2].Level);
        Assert.Equal("APP", result.Records[2].Source);
    }

    [Fact]
    public void WithKnownLayoutsOn_TheLongerHeaderOfTheTwoReadersWins()
    {
        // The general walk stops at the level here; the learned layout also takes the padded component column.
        var result = IngestionRunner.Text("""
            2026-01-15 10:15:30, Info                  CBS    Starting TrustedInstaller initialization.
            2026-01-15 10:15:31, Info                  CSI    WcpInitialize: wcp.dll version 0.0.0.6
            2026-01-15 10:15:32, Error                 CBS    Failed to resolve package
            """);
        Assert.Equal(["Starting TrustedInstaller initialization.", "WcpInitialize: wcp.dll version 0.0.0.6", "Failed to resolve package"], result.Records.Select(r => r.Message));
        Assert.Equal(["CBS", "CSI", "CBS"], result.Records.Select(r => r.Source));
    }
}
