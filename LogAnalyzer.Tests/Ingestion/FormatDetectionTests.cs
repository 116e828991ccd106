using System.Globalization;
using LogAnalyzer.Core.Model;
using LogAnalyzer.Tests.Support;

namespace LogAnalyzer.Tests.Ingestion;

public sealed class FormatDetectionTests
{
    /// <summary>line, format, level, source, message, timestamp (round-trip "o" form, or null).</summary>
    public static TheoryData<string, LogFormat, Severity?, string?, string, string?> TextLines => new()
    {
        // The header shapes of well-known systems, handled by the one general header walk.
        { "081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_38865049064139660 terminating",
            LogFormat.TextLayout, Severity.Info, "dfs.DataNode$PacketResponder", "PacketResponder 1 for block blk_38865049064139660 terminating", "2008-11-09T20:36:15.0000000+00:00" },
        { "2015-10-18 18:01:47,978 INFO [main] org.apache.hadoop.mapreduce.v2.app.MRAppMaster: Created MRAppMaster for application appattempt_1445144423722_0020_000001",
            LogFormat.TextLayout, Severity.Info, "org.apache.hadoop.mapreduce.v2.app.MRAppMaster", "Created MRAppMaster for application appattempt_1445144423722_0020_000001", "2015-10-18T18:01:47.9780000+00:00" },
        { "17/06/09 20:10:40 INFO executor.CoarseGrainedExecutorBackend: Registered signal handlers for [TERM, HUP, INT]",
            LogFormat.TextLayout, Severity.Info, "executor.CoarseGrainedExecutorBackend", "Registered signal handlers for [TERM, HUP, INT]", "2017-06-09T20:10:40.0000000+00:00" },
        { "2015-07-29 17:41:44,747 - INFO  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774] - Notification time out: 3200",
            LogFormat.TextLayout, Severity.Info, "QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774", "Notification time out: 3200", "2015-07-29T17:41:44.7470000+00:00" },
        { "- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-U11 RAS KERNEL INFO instruction cache parity error corrected",
            LogFormat.TextLayout, Severity.Info, "KERNEL", "instruction cache parity error corrected", "2005-06-03T22:42:50.0000000+00:00" },
        { "- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-U11 RAS APP FATAL ciod: failed to read message prefix on control stream",
            LogFormat.TextLayout, Severity.Critical, "APP", "ciod: failed to read message prefix on control stream", "2005-06-03T22:42:50.0000000+00:00" },
        { "03-17 16:13:38.811  1702  2395 D WindowManager: printFreezingDisplayLogs opening app wtoken = AppWindowToken{9f4ef63}",
            LogFormat.Logcat, Severity.Debug, "WindowManager", "printFreezingDisplayLogs opening app wtoken = AppWindowToken{9f4ef63}", "2025-03-17T16:13:38.8110000+00:00" },
        { "[Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok /etc/httpd/conf/workers2.properties",
            LogFormat.ApacheError, Severity.Info, null, "workerEnv.init() ok /etc/httpd/conf/workers2.properties", "2005-12-04T04:47:44.0000000+00:00" },
        { "[Sun Dec 04 05:15:09 2005] [error] [client 222.166.160.184] Directory index forbidden by rule: /var/www/html/",
            LogFormat.ApacheError, Severity.Error, null, "[client 222.166.160.184] Directory index forbidden by rule: /var/www/html/", "2005-12-04T05:15:09.0000000+00:00" },
        { "Dec 10 06:55:46 LabSZ sshd[24200]: reverse mapping checking getaddrinfo for ns.example.com [173.234.31.186] failed - POSSIBLE BREAK-IN ATTEMPT!",
            LogFormat.Syslog3164, null, "sshd", "reverse mapping checking getaddrinfo for ns.example.com [173.234.31.186] failed - POSSIBLE BREAK-IN ATTEMPT!", "2025-12-10T06:55:46.0000000+00:00" },
        { "<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8",
            LogFormat.Syslog3164, Severity.Critical, "su", "'su root' failed for lonvick on /dev/pts/8", "2025-10-11T22:14:15.0000000+00:00" },
        { "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut=\"3\" eventSource=\"Application\"] An application event log entry",
            LogFormat.Syslog5424, Severity.Info, "evntslog", "An application event log entry", "2003-10-11T22:14:15.0030000+00:00" },

        // Common application layouts.
        { "2026-03-02T10:14:07.311+01:00 WARN  [pool-3-thread-1] c.a.billing.InvoiceJob - Retrying invoice 7 (attempt 2)",
            LogFormat.TextLayout, Severity.Warning, "c.a.billing.InvoiceJob", "Retrying invoice 7 (attempt 2)", "2026-03-02T10:14:07.3110000+01:00" },
        { "2026-03-02 10:14:07.311 ERROR 4242 --- [nio-8080-exec-1] o.s.web.servlet.DispatcherServlet : Servlet.service() failed",
            LogFormat.TextLayout, Severity.Error, "o.s.web.servlet.DispatcherServlet", "Servlet.service() failed", "2026-03-02T10:14:07.3110000+00:00" },
        { "2026-03-02 10:14:07,311 - payments.api - ERROR - Charge declined for order 9",
            LogFormat.TextLayout, Severity.Error, "payments.api", "Charge declined for order 9", "2026-03-02T10:14:07.3110000+00:00" },
        { "WARNING:root:disk almost full",
            LogFormat.TextLayout, Severity.Warning, "root", "disk almost full", null },
        { "[2026-03-02 10:14:07] production.ERROR: Division by zero",
            LogFormat.TextLayout, Severity.Error, "production", "Division by zero", "2026-03-02T10:14:07.0000000+00:00" },
        { "1709374447 CRIT kernel: Out of memory: Killed process 4242",
            LogFormat.TextLayout, Severity.Critical, null, "kernel: Out of memory: Killed process 4242", "2024-03-02T10:14:07.0000000+00:00" },
        { "1709374447311 [E] cache miss storm",
            LogFormat.TextLayout, Severity.Error, null, "cache miss storm", "2024-03-02T10:14:07.3110000+00:00" },
        { "2026-03-02T10:14:07.311Z\tinfo\tserver/main.go:42\tlistening on :8080",
            LogFormat.TextLayout, Severity.Info, "server/main.go:42", "listening on :8080", "2026-03-02T10:14:07.3110000+00:00" },
        { "I0302 10:14:07.311000    4242 controller.go:123] Reconciling deployment default/web",
            LogFormat.Glog, Severity.Info, "controller.go:123", "Reconciling deployment default/web", "2026-03-02T10:14:07.3110000+00:00" },
        { "E, [2026-03-02T10:14:07.311000 #4242] ERROR -- : Checkout failed",
            LogFormat.TextLayout, Severity.Error, null, "Checkout failed", "2026-03-02T10:14:07.3110000+00:00" },
        { "Mar 02, 2026 10:14:07 AM org.apache.catalina.startup.Catalina start",
            LogFormat.TextLayout, null, null, "org.apache.catalina.startup.Catalina start", "2026-03-02T10:14:07.0000000+00:00" },
        { "2026/03/02 10:14:07 [error] 31#31: *5 open() \"/usr/share/nginx/html/x\" failed (2: No such file or directory)",
            LogFormat.TextLayout, Severity.Error, "31#31", "*5 open() \"/usr/share/nginx/html/x\" failed (2: No such file or directory)", "2026-03-02T10:14:07.0000000+00:00" },
        { "just a plain line with no header",
            LogFormat.Text, null, null, "just a plain line with no header", null },
    };

    [Theory]
    [MemberData(nameof(TextLines))]
    public void TextLine_HeaderIsParsed(string line, LogFormat format, Severity? level, string? source, string message, string? timestamp)
    {
        var record = IngestionRunner.Single(line);
        Assert.Equal(format, record.Format);
        Assert.Equal(level, record.Level);
        Assert.Equal(source, record.Source);
        Assert.Equal(message, record.Message);
        Assert.Equal(timestamp, record.Timestamp?.ToString("o", CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326 \"http://www.example.com/start.html\" \"Mozilla/4.08\"", Severity.Info, "200")]
    [InlineData("10.0.0.7 - - [02/Mar/2026:10:14:07 +0000] \"POST /api/orders HTTP/1.1\" 503 19 \"-\" \"curl/8.5.0\"", Severity.Error, "503")]
    [InlineData("10.0.0.7 - - [02/Mar/2026:10:14:07 +0000] \"GET /missing HTTP/1.1\" 404 0", Severity.Warning, "404")]
    public void AccessLog_StatusIsTheLevelHint(string line, Severity level, string status)
    {
        var record = IngestionRunner.Single(line);
        Assert.Equal(LogFormat.AccessLog, record.Format);
        Assert.Equal(level, record.Level);
        Assert.NotNull(record.Fields);
        Assert.Equal(status, record.Fields["status"]);
        Assert.NotNull(record.Timestamp);
    }

    [Fact]
    public void AccessLog_KeepsOffsetAndRequestParts()
    {
        var record = IngestionRunner.Single("127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326 \"http://www.example.com/start.html\" \"Mozilla/4.08\"");
        Assert.Equal(new DateTimeOffset(2000, 10, 10, 13, 55, 36, TimeSpan.FromHours(-7)), record.Timestamp);
        Assert.Equal(TimeSpan.FromHours(-7), record.Timestamp!.Value.Offset);
        Assert.Equal("GET", record.Fields!["method"]);
        Assert.Equal("/apache_pb.gif", record.Fields["path"]);
        Assert.Equal("frank", record.Fields["user"]);
        Assert.Equal("Mozilla/4.08", record.Fields["userAgent"]);
    }

    [Fact]
    public void Logfmt_ReadsKnownKeysAndKeepsTheRest()
    {
        var record = IngestionRunner.Single("time=2026-03-02T10:14:07Z level=warn msg=\"slow query \\\"orders\\\"\" duration=1.2s component=db");
        Assert.Equal(LogFormat.Logfmt, record.Format);
        Assert.Equal(Severity.Warning, record.Level);
        Assert.Equal("slow query \"orders\"", record.Message);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 10, 14, 7, TimeSpan.Zero), record.Timestamp);
        Assert.Equal("1.2s", record.Fields!["duration"]);
        Assert.Equal("db", record.Source);
    }

    [Fact]
    public void Syslog5424_StructuredDataBecomesFields()
    {
        var record = IngestionRunner.Single("<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog 1234 ID47 [exampleSDID@32473 iut=\"3\" eventSource=\"Application\"] An application event log entry");
        Assert.Equal("3", record.Fields!["exampleSDID@32473.iut"]);
        Assert.Equal("Application", record.Fields["exampleSDID@32473.eventSource"]);
        Assert.Equal("mymachine.example.com", record.Fields["host"]);
        Assert.Equal("1234", record.Fields["procid"]);
    }

    [Theory]
    [InlineData("TRACE", Severity.Trace)]
    [InlineData("dbug", Severity.Debug)]
    [InlineData("Information", Severity.Info)]
    [InlineData("notice", Severity.Info)]
    [InlineData("WRN", Severity.Warning)]
    [InlineData("ERR", Severity.Error)]
    [InlineData("SEVERE", Severity.Error)]
    [InlineData("FATAL", Severity.Critical)]
    [InlineData("crit", Severity.Critical)]
    [InlineData("alert", Severity.Critical)]
    [InlineData("emerg", Severity.Critical)]
    public void LevelNamesAndAbbreviations_AreNormalized(string name, Severity level)
    {
        var record = IngestionRunner.Single($"2026-03-02 10:14:07 [{name}] something happened");
        Assert.Equal(level, record.Level);
        Assert.Equal("something happened", record.Message);
    }

    [Fact]
    public void MixedPaste_EachRecordGetsItsOwnFormat()
    {
        var text = string.Join('\n',
            "{\"@t\":\"2026-03-02T10:14:07.311Z\",\"@mt\":\"Order {OrderId} placed\",\"OrderId\":42}",
            "Dec 10 06:55:46 web01 nginx[311]: worker started",
            "level=error msg=\"db down\"",
            "2026-03-02 10:14:09 ERROR [main] c.a.App - failed");
        var result = IngestionRunner.Text(text);
        Assert.Equal([LogFormat.JsonClef, LogFormat.Syslog3164, LogFormat.Logfmt, LogFormat.TextLayout], result.Records.Select(r => r.Format));
        Assert.Equal(1, result.Summary.Formats["jsonClef"]);
        Assert.Equal(2, result.Summary.Levels["Error"]);
    }
}
