using LogAnalyzer.Tests.Support;

namespace LogAnalyzer.Tests.Ingestion;

/// <summary>
/// A logger that prefixes every line of a trace keeps the trace one record; lines that merely share a header shape
/// (column padding, repeats, a trailing space) stay records of their own.
/// </summary>
public sealed class PrefixedTraceTests
{
    [Fact]
    public void RubyBacktrace_LoggedWithTheSamePrefix_JoinsTheExceptionLine()
    {
        var text = """
            2024-03-11T11:20:01.531Z pid=7 tid=2kn3 WARN: NoMethodError: undefined method `name' for nil
            2024-03-11T11:20:01.531Z pid=7 tid=2kn3 WARN: /app/app/jobs/sync_job.rb:6:in `perform'
            /app/app/jobs/sync_job.rb:2:in `call'
            2024-03-11T11:20:02.001Z pid=7 tid=2kq1 INFO: done
            """;
        var result = IngestionRunner.Text(text);
        Assert.Equal([1, 4], result.Records.Select(r => r.LineStart));
        Assert.Equal("NoMethodError", result.Records[0].Exception?.Type);
        Assert.Equal("/app/app/jobs/sync_job.rb", result.Records[0].Exception?.Frames[0].File);
    }

    [Fact]
    public void PhpFrames_OnePerSyslogLine_AreOneRecord()
    {
        var text = """
            Mar 11 11:30:02 web1 php-fpm[2211]: PHP Fatal error:  Uncaught LogicException: no route in /srv/r.php:4
            Mar 11 11:30:02 web1 php-fpm[2211]: Stack trace:
            Mar 11 11:30:02 web1 php-fpm[2211]: #0 /srv/index.php(3): route()
            Mar 11 11:30:02 web1 php-fpm[2211]: #1 /srv/index.php(9): boot()
            Mar 11 11:30:02 web1 php-fpm[2211]: #2 {main}
            Mar 11 11:30:03 web1 php-fpm[2211]: pool www: child 12 exited
            """;
        var result = IngestionRunner.Text(text);
        Assert.Equal([1, 6], result.Records.Select(r => r.LineStart));
        Assert.Equal("LogicException", result.Records[0].Exception?.Type);
        Assert.Equal(3, result.Records[0].Exception?.Frames.Count);
    }

    [Theory]
    [InlineData("03-17 16:13:38.907  1702 10454 D Power: ready=true,\n03-17 16:13:38.915  1702  3693 V Window: Skipping token")]
    [InlineData("2015-07-29 19:22:56,892 - WARN  [W:1@762] - Connection broken, error = \n2015-07-29 19:23:00,124 - WARN  [W:1@762] - Connection broken, error = ")]
    [InlineData("2026-03-02 10:00:00 INFO  at least 3 (retrying)\n2026-03-02 10:00:01 INFO  at least 2 (retrying)")]
    [InlineData("[a1b2c3] Started GET /\n[a1b2c3] Completed 200 OK in 3ms")]
    public void LinesSharingOnlyAHeaderShape_StaySeparateRecords(string text)
    {
        var result = IngestionRunner.Text(text);
        Assert.Equal(2, result.Records.Count);
        IngestionRunner.AssertCoverage(result);
    }
}
