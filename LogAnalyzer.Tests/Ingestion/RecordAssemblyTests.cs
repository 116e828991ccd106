using LogAnalyzer.Core.Ingestion;
using LogAnalyzer.Core.Model;
using LogAnalyzer.Tests.Support;

namespace LogAnalyzer.Tests.Ingestion;

public sealed class RecordAssemblyTests
{
    public static TheoryData<string, string, int, int> Traces => new()
    {
        // sample name, sample, lines of the trace record (including its log line), index of the following record's first line
        { "java", TraceSamples.Java, 16, 17 },
        { "dotnet", TraceSamples.DotNet, 10, 11 },
        { "python", TraceSamples.Python, 23, 24 },
        { "node", TraceSamples.Node, 9, 10 },
        { "ruby", TraceSamples.Ruby, 4, 5 },
        { "php", TraceSamples.Php, 6, 7 },
    };

    [Theory]
    [MemberData(nameof(Traces))]
    public void StackTrace_WithItsLogLine_IsOneRecord(string name, string sample, int traceLines, int nextLine)
    {
        var result = IngestionRunner.Text(sample);
        Assert.True(result.Records.Count == 2, $"{name}: expected 2 records, got {result.Records.Count}");
        Assert.Equal(1, result.Records[0].LineStart);
        Assert.Equal(traceLines, result.Records[0].LineEnd);
        Assert.Equal(nextLine, result.Records[1].LineStart);
        IngestionRunner.AssertCoverage(result);
    }

    [Fact]
    public void GoPanic_WithGoroutineDump_IsOneRecordAfterTheLogLine()
    {
        var result = IngestionRunner.Text(TraceSamples.Go);
        Assert.Equal(3, result.Records.Count);
        Assert.Equal((1, 1), (result.Records[0].LineStart, result.Records[0].LineEnd));
        Assert.Equal((2, 12), (result.Records[1].LineStart, result.Records[1].LineEnd));
        Assert.Equal(Severity.Critical, result.Records[1].Level);
        Assert.Equal(13, result.Records[2].LineStart);
    }

    [Fact]
    public void LinesWithAHeader_AreNeverAbsorbedAsContinuations()
    {
        var text = """
            081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_38865049064139660 terminating
            Caused by a later line? no: this one has no header and is a plain line
            2015-10-18 18:01:47,978 INFO [main] org.apache.hadoop.mapreduce.v2.app.MRAppMaster: Created MRAppMaster
            17/06/09 20:10:40 INFO executor.CoarseGrainedExecutorBackend: Registered signal handlers for [TERM, HUP, INT]
            """;
        var result = IngestionRunner.Text(text);
        Assert.Equal(4, result.Records.Count);
    }

    [Fact]
    public void IndentedLines_ContinueTheRecordBeforeThem()
    {
        var text = "info: Microsoft.Hosting.Lifetime[14]\n      Now listening on: http://localhost:5000\ninfo: Microsoft.Hosting.Lifetime[0]\n      Application started.";
        var result = IngestionRunner.Text(text);
        Assert.Equal(2, result.Records.Count);
        Assert.Equal("Now listening on: http://localhost:5000", result.Records[0].Message);
        Assert.Equal("Microsoft.Hosting.Lifetime[14]", result.Records[0].Source);
        Assert.Equal(Severity.Info, result.Records[0].Level);
    }

    [Fact]
    public void BlankLines_AttachToThePrecedingRecordAndAreCounted()
    {
        var result = IngestionRunner.Text("\n\nfirst line\n\n  \nsecond line\n\n");
        Assert.Equal(2, result.Records.Count);
        Assert.Equal((1, 5), (result.Records[0].LineStart, result.Records[0].LineEnd));
        Assert.Equal((6, 7), (result.Records[1].LineStart, result.Records[1].LineEnd));
        Assert.Equal(5, result.Summary.BlankLines);
        Assert.Equal(7, result.Summary.TotalLines);
        Assert.Equal("first line", result.Records[0].Text);
        IngestionRunner.AssertCoverage(result);
    }

    [Fact]
    public void RunawayContinuation_IsCutAtMaxLinesPerRecord()
    {
        var lines = string.Join('\n', Enumerable.Range(0, 25).Select(i => i == 0 ? "ERROR start" : "    indented " + i));
        var result = IngestionRunner.Text(lines, new IngestionOptions { MaxLinesPerRecord = 10 });
        Assert.Equal([10, 10, 5], result.Records.Select(r => r.LineEnd - r.LineStart + 1));
        IngestionRunner.AssertCoverage(result);
    }

    [Fact]
    public void DockerJsonLines_WithTraceContinuations_AreOneRecord()
    {
        var text = """
            {"log":"2026-03-02 10:14:07.311 ERROR 1 --- [main] c.a.App : boom\n","stream":"stdout","time":"2026-03-02T10:14:07.311Z"}
            {"log":"java.lang.IllegalStateException: boom\n","stream":"stdout","time":"2026-03-02T10:14:07.312Z"}
            {"log":"\tat com.acme.App.run(App.java:10)\n","stream":"stdout","time":"2026-03-02T10:14:07.312Z"}
            {"log":"2026-03-02 10:14:08.000 INFO 1 --- [main] c.a.App : recovered\n","stream":"stdout","time":"2026-03-02T10:14:08.000Z"}
            """;
        var result = IngestionRunner.Text(text);
        Assert.Equal(2, result.Records.Count);
        var first = result.Records[0];
        Assert.Equal(LogFormat.DockerJson, first.Format);
        Assert.Equal(Severity.Error, first.Level);
        Assert.NotNull(first.Exception);
        Assert.Equal("java.lang.IllegalStateException", first.Exception.Type);
        Assert.Equal("com.acme.App.run", Assert.Single(first.Exception.Frames).Function);
    }
}
