using System.Text;
using LogAnalyzer.Core.Ingestion;
using LogAnalyzer.Tests.Support;

namespace LogAnalyzer.Tests.Ingestion;

/// <summary>Generated pastes mixing formats, traces, blank lines and odd bytes: every line is accounted for, always the same way.</summary>
public sealed class IngestionInvariantTests
{
    private static readonly string[] Pieces =
    [
        "2026-03-02 10:14:07,311 INFO [main] com.acme.App: started",
        "Dec 10 06:55:46 web01 sshd[24200]: Accepted publickey for deploy",
        "{\"@t\":\"2026-03-02T10:14:07Z\",\"@m\":\"clef line\"}",
        "{\"level\":30,\"time\":1709374447311,\"msg\":\"pino line\"}",
        "{\"log\":\"docker line\\n\",\"stream\":\"stdout\",\"time\":\"2026-03-02T10:14:07Z\"}",
        "level=info msg=\"logfmt line\"",
        "03-17 16:13:38.811  1702  2395 D WindowManager: logcat line",
        "127.0.0.1 - - [02/Mar/2026:10:14:07 +0000] \"GET / HTTP/1.1\" 200 12",
        "plain text without header",
        "    indented continuation",
        "\tat com.acme.Foo.bar(Foo.java:1)",
        "Caused by: java.io.IOException: x",
        "Traceback (most recent call last):",
        "  File \"/app/x.py\", line 1, in <module>",
        "ValueError: bad",
        "goroutine 1 [running]:",
        "main.main()",
        "#0 /var/www/x.php(1): f()",
        "}",
        "",
        "   ",
        "\u001b[31mred\u001b[0m text",
        "nul\0inside",
        "{\"broken\": ",
    ];

    public static TheoryData<int> Seeds => [1, 2, 3, 42, 1337, 2026];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void GeneratedInput_RecordsCoverEveryLineOnceInOrder(int seed)
    {
        var (text, lineCount) = Generate(seed);
        foreach (var result in new[] { IngestionRunner.Text(text), IngestionRunner.Bytes(Encoding.UTF8.GetBytes(text)) })
        {
            Assert.Equal(lineCount, result.Summary.TotalLines);
            IngestionRunner.AssertCoverage(result);
            Assert.All(result.Records, r => Assert.True(r.LineEnd - r.LineStart < 50, "MaxLinesPerRecord is 50 here"));
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void GeneratedInput_SameInputGivesSameRecords(int seed)
    {
        var (text, _) = Generate(seed);
        var first = DecodingTests.Snapshot(IngestionRunner.Text(text, Options));
        var second = DecodingTests.Snapshot(IngestionRunner.Text(text, Options));
        Assert.Equal(first, second);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void LargeInput_IngestedOnTwoThreads_GivesTheSameRecordsAndSummaryAsOne(int seed)
    {
        // More lines than the pre-scan reads and more records than one batch, so the worker thread really runs.
        var text = string.Concat(Enumerable.Range(0, 30).Select(i => Generate(seed + i).Text + "\n"));
        var bytes = Encoding.UTF8.GetBytes(text);
        // Compact entries from the first record on, so both ways build them too (RecordList).
        var one = new IngestionOptions { MaxLinesPerRecord = 50, PipelineMinChars = int.MaxValue, CompactRecordsFrom = 0 };
        var two = new IngestionOptions { MaxLinesPerRecord = 50, PipelineMinChars = 0, CompactRecordsFrom = 0 };
        var single = IngestionRunner.Bytes(bytes, one);
        var piped = IngestionRunner.Bytes(bytes, two);
        Assert.True(single.Records.Count > PipelinedRecordSink.BatchSize, $"{single.Records.Count} records");
        Assert.Equal(DecodingTests.Snapshot(single), DecodingTests.Snapshot(piped));
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(single.Summary), System.Text.Json.JsonSerializer.Serialize(piped.Summary));
        Assert.Equal(single.Records.Select(r => r.FailureSignal), piped.Records.Select(r => r.FailureSignal));
        IngestionRunner.AssertCoverage(piped);
        Assert.Equal(DecodingTests.Snapshot(single), DecodingTests.Snapshot(IngestionRunner.Text(text, two)));
        Assert.Equal(DecodingTests.Snapshot(single), DecodingTests.Snapshot(IngestionRunner.Bytes(bytes, new IngestionOptions { MaxLinesPerRecord = 50 })));
    }

    [Fact]
    public void RandomBytes_NeverCrashAndAreAccountedFor()
    {
        var random = new Random(99);
        for (var i = 0; i < 20; i++)
        {
            var bytes = new byte[random.Next(1, 5000)];
            random.NextBytes(bytes);
            var result = IngestionRunner.Bytes(bytes, Options);
            IngestionRunner.AssertCoverage(result);
            Assert.All(result.Records, r => Assert.DoesNotContain('\0', r.Text));
        }
    }

    private static IngestionOptions Options => new() { MaxLinesPerRecord = 50 };

    private static (string Text, int Lines) Generate(int seed)
    {
        var random = new Random(seed);
        var sb = new StringBuilder();
        var pieces = random.Next(200, 800);
        string[] endings = ["\n", "\r\n", "\r"];
        for (var i = 0; i < pieces; i++)
        {
            sb.Append(Pieces[random.Next(Pieces.Length)]);
            if (i < pieces - 1 || random.Next(2) == 0)
            {
                sb.Append(endings[random.Next(endings.Length)]);
            }
        }

        // CR then LF from two pieces is one CRLF break: count lines the way a person's editor would.
        var text = sb.ToString();
        var count = System.Text.RegularExpressions.Regex.Split(text, "\r\n|\r|\n").Length;
        if (text.EndsWith('\n') || text.EndsWith('\r'))
        {
            count--;
        }

        return (text, count);
    }
}
