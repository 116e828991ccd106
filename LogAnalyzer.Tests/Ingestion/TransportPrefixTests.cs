using LogAnalyzer.Core.Model;
using LogAnalyzer.Tests.Support;

namespace LogAnalyzer.Tests.Ingestion;

/// <summary>
/// Outer prefixes (CRI, kubectl --timestamps, BuildKit steps, syslog/journald, logcat) are peeled before record
/// assembly: a trace whose every line carries the prefix is one record, its continuation lines are clean, and line
/// numbers still count the input's lines.
/// </summary>
public sealed class TransportPrefixTests
{
    [Fact]
    public void CriJavaTrace_IsOneRecord_WithCleanFramesAndOriginalLineNumbers()
    {
        var result = IngestionRunner.Text("""
            2026-01-15T10:15:30.000000001Z stdout F 2026-01-15 10:15:30,000 INFO [main] com.example.App: started
            2026-01-15T10:15:31.000000001Z stderr F 2026-01-15 10:15:31,000 ERROR [worker-1] com.example.Job: job 17 failed
            2026-01-15T10:15:31.000000002Z stderr F java.lang.IllegalStateException: queue closed
            2026-01-15T10:15:31.000000003Z stderr F 	at com.example.Queue.take(Queue.java:42)
            2026-01-15T10:15:31.000000004Z stderr F 	at com.example.Job.run(Job.java:17)
            2026-01-15T10:15:32.000000001Z stdout F 2026-01-15 10:15:32,000 INFO [main] com.example.App: still running
            """);
        IngestionRunner.AssertCoverage(result);
        Assert.Equal([(1, 1), (2, 5), (6, 6)], result.Records.Select(r => (r.LineStart, r.LineEnd)));
        var failed = result.Records[1];
        Assert.Equal("job 17 failed", failed.Message);
        Assert.Equal(Severity.Error, failed.Level);
        Assert.DoesNotContain("stderr F", failed.Text, StringComparison.Ordinal);
        Assert.NotNull(failed.Exception);
        Assert.Equal("java.lang.IllegalStateException", failed.Exception.Type);
        Assert.Equal(["com.example.Queue.take", "com.example.Job.run"], failed.Exception.Frames.Select(f => f.Function));
    }

    [Fact]
    public void CriPartialLines_AreJoinedIntoOneLine()
    {
        var result = IngestionRunner.Text("""
            2026-01-15T10:15:32.000000000Z stdout P 2026-01-15 10:15:32,000 INFO [main] com.example.App: a long line split 
            2026-01-15T10:15:32.000000001Z stdout F by the runtime
            """);
        var record = Assert.Single(result.Records);
        Assert.Equal((1, 2), (record.LineStart, record.LineEnd));
        Assert.Equal("a long line split by the runtime", record.Message);
    }

    [Fact]
    public void EmptyPayloads_StartingARecord_AreAccountedFor()
    {
        // A record whose first payload is empty once crashed the trace-state check (index out of range).
        var result = IngestionRunner.Text(string.Join('\n',
            "2026-01-15T10:15:30.000000001Z stdout F ",
            "2026-01-15T10:15:30.000000002Z stdout F first",
            "2026-01-15T10:15:30.000000003Z stderr F ",
            "2026-01-15T10:15:30.000000004Z stdout F second"));
        IngestionRunner.AssertCoverage(result);
        Assert.Equal(4, result.Summary.TotalLines);
    }

    [Fact]
    public void PartialLines_StopJoiningAtTheRecordLineCap()
    {
        var lines = Enumerable.Range(0, 10).Select(i => $"2026-01-15T10:15:30.00000000{i}Z stdout P piece{i} ");
        var result = IngestionRunner.Text(string.Join('\n', lines), new Core.Ingestion.IngestionOptions { MaxLinesPerRecord = 4 });
        IngestionRunner.AssertCoverage(result);
        Assert.All(result.Records, r => Assert.True(r.LineEnd - r.LineStart < 4));
    }

    [Fact]
    public void CriStreams_DoNotContinueEachOther()
    {
        var result = IngestionRunner.Text("""
            2026-01-15T10:15:31.000000001Z stderr F 2026-01-15 10:15:31,000 ERROR [w] com.example.Job: failed
            2026-01-15T10:15:31.000000002Z stdout F     indented progress output on the other stream
            """);
        Assert.Equal(2, result.Records.Count);
    }

    [Fact]
    public void KubectlTimestamps_GoPanic_IsOneRecord_WithTheOuterTimeWhenTheLineHasNone()
    {
        var result = IngestionRunner.Text("""
            2026-01-15T10:15:30.123456789Z I0115 10:15:30.123400       1 controller.go:42] Starting controller
            2026-01-15T10:15:31.000000000Z panic: runtime error: invalid memory address or nil pointer dereference
            2026-01-15T10:15:31.000000001Z [signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x4a5b6c]
            2026-01-15T10:15:31.000000002Z 
            2026-01-15T10:15:31.000000003Z goroutine 1 [running]:
            2026-01-15T10:15:31.000000004Z main.main()
            2026-01-15T10:15:31.000000005Z 	/app/main.go:12 +0x1d
            """);
        IngestionRunner.AssertCoverage(result);
        Assert.Equal(2, result.Records.Count);
        var panic = result.Records[1];
        Assert.Equal((2, 7), (panic.LineStart, panic.LineEnd));
        Assert.Equal(new DateTimeOffset(2026, 1, 15, 10, 15, 31, TimeSpan.Zero), panic.Timestamp);
        Assert.StartsWith("panic: runtime error", panic.Text, StringComparison.Ordinal);
        Assert.Equal("controller.go:42", result.Records[0].Source);
    }

    [Fact]
    public void BuildStepPrefix_PythonTraceback_IsOneRecord()
    {
        var result = IngestionRunner.Text("""
            #7 [3/3] RUN python setup.py
            #7 0.845 Traceback (most recent call last):
            #7 0.845   File "/app/setup.py", line 3, in <module>
            #7 0.845     import missing_module
            #7 0.846 ModuleNotFoundError: No module named 'missing_module'
            #7 ERROR: process "/bin/sh -c python setup.py" did not complete successfully: exit code: 1
            """);
        IngestionRunner.AssertCoverage(result);
        Assert.Equal([(1, 5), (6, 6)], result.Records.Select(r => (r.LineStart, r.LineEnd)));
        var trace = result.Records[0];
        Assert.DoesNotContain("#7 0.845", trace.Text, StringComparison.Ordinal);
        Assert.Equal("ModuleNotFoundError", trace.Exception?.Type);
    }

    [Fact]
    public void SyslogPythonTraceback_IsOneRecord_AndKeepsTheSyslogHeader()
    {
        var result = IngestionRunner.Text("""
            Feb 14 10:00:00 web-01 app[123]: Unhandled error in request 17
            Feb 14 10:00:00 web-01 app[123]: Traceback (most recent call last):
            Feb 14 10:00:00 web-01 app[123]:   File "/srv/app.py", line 9, in handle
            Feb 14 10:00:00 web-01 app[123]:     return int(value)
            Feb 14 10:00:00 web-01 app[123]: ValueError: invalid literal for int() with base 10: 'x'
            Feb 14 10:00:01 web-01 sshd[999]: Accepted publickey for deploy
            """);
        IngestionRunner.AssertCoverage(result);
        Assert.Equal([(1, 5), (6, 6)], result.Records.Select(r => (r.LineStart, r.LineEnd)));
        var record = result.Records[0];
        Assert.Equal("app", record.Source);
        Assert.Equal("Unhandled error in request 17", record.Message);
        Assert.Equal("ValueError", record.Exception?.Type);
        Assert.DoesNotContain("web-01 app[123]:   File", record.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Syslog_IndentedOneLineMessages_StayApart()
    {
        var result = IngestionRunner.Text("""
            Feb 14 10:00:00 host kernel: usb 1-1: new device
            Feb 14 10:00:01 host kernel:  sda: sda1 sda2
            Feb 14 10:00:02 host kernel:  sdb: sdb1
            """);
        Assert.Equal(3, result.Records.Count);
    }

    [Fact]
    public void LogcatCrash_WithThePrefixOnEveryLine_IsOneRecord()
    {
        var result = IngestionRunner.Text("""
            01-15 10:15:30.456  4321  4321 D OkHttp  : --> GET https://api.example.com/v1/items
            01-15 10:15:31.001  4321  4340 E AndroidRuntime: java.lang.IllegalStateException: closed
            01-15 10:15:31.001  4321  4340 E AndroidRuntime: 	at okio.RealBufferedSource.read(RealBufferedSource.kt:62)
            01-15 10:15:31.001  4321  4340 E AndroidRuntime: 	at okhttp3.internal.Util.readBom(Util.kt:259)
            """);
        IngestionRunner.AssertCoverage(result);
        Assert.Equal([(1, 1), (2, 4)], result.Records.Select(r => (r.LineStart, r.LineEnd)));
        Assert.Equal("java.lang.IllegalStateException", result.Records[1].Exception?.Type);
        Assert.Equal(2, result.Records[1].Exception?.Frames.Count);
    }
}
