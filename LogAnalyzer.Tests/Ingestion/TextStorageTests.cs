using System.Text;
using LogAnalyzer.Core.Ingestion;
using LogAnalyzer.Core.Model;
using LogAnalyzer.Tests.Support;

namespace LogAnalyzer.Tests.Ingestion;

/// <summary>Records keep their text as slices of a few shared chunks: the text must still be exactly the record's lines.</summary>
public sealed class TextStorageTests
{
    [Fact]
    public void TextStore_OpenRegionMovesToANewChunk_CommittedSlicesStayIntact()
    {
        var store = new TextStore(expectedChars: 300);
        store.Append(new string('a', 200));
        var first = store.Commit();
        store.Append(new string('b', 90));
        store.Append('\n', 2);
        store.Append(new string('c', 50)); // 342 > 300: the open region moves to a new chunk
        var second = store.Commit();

        Assert.Equal(new string('a', 200), first.ToString());
        Assert.Equal(new string('b', 90) + "\n\n" + new string('c', 50), second.ToString());
    }

    [Fact]
    public void TextStore_ARecordLargerThanAChunk_GetsRoomOfItsOwn()
    {
        var store = new TextStore(expectedChars: 16);
        var big = new string('x', TextStore.ChunkChars + 10);
        store.Append("head");
        store.Append(big);
        var text = store.Commit();
        store.Append("next");

        Assert.Equal("head" + big, text.ToString());
        Assert.Equal("next", store.Commit().ToString());
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public void ManyChunksOfInput_EveryRecordTextIsExactlyItsLines(string newline)
    {
        // ~5 MB of single-line and multi-line records (some with a blank line or an ANSI-coloured frame inside), so
        // records straddle the 1M-character decode chunks and take both paths: slice of the input, or copied.
        var lines = new List<string>();
        var random = new Random(7);
        while (lines.Sum(l => l.Length + 1) < 5_000_000)
        {
            var n = lines.Count;
            lines.Add($"2026-03-02 10:14:{n % 60:00},{n % 1000:000} ERROR [worker-{n % 7}] com.acme.Orders: order {n} failed with {new string('z', random.Next(0, 400))}");
            if (n % 5 == 0)
            {
                lines.Add("java.lang.IllegalStateException: state " + n);
                lines.Add("\tat com.acme.Orders.place(Orders.java:" + n + ")");
                if (n % 3 == 0)
                {
                    lines.Add(string.Empty);
                }

                lines.Add(n % 2 == 0 ? "\tat com.acme.Api.handle(Api.java:12)" : "\tat \u001b[2mcom.acme.Api.handle(Api.java:12)\u001b[0m");
            }
        }

        var input = string.Join(newline, lines);
        foreach (var result in new[] { IngestionRunner.Text(input), IngestionRunner.Bytes(Encoding.UTF8.GetBytes(input)) })
        {
            IngestionRunner.AssertCoverage(result);
            Assert.Equal(lines.Count, result.Summary.TotalLines);
            Assert.All(result.Records, r =>
            {
                var own = lines.Skip(r.LineStart - 1).Take(r.LineEnd - r.LineStart + 1).Select(l => l.Replace("\u001b[2m", "", StringComparison.Ordinal).Replace("\u001b[0m", "", StringComparison.Ordinal));
                var expected = string.Join('\n', own).TrimEnd('\n');
                Assert.Equal(expected, r.Text);
                Assert.True(r.TextMemory.Span.SequenceEqual(expected), "TextMemory and Text agree");
                Assert.Equal(r.Message, r.MessageMemory.ToString());
            });
        }
    }

    [Fact]
    public void RecordsFromSharedStorage_AreEqualByValue_AndWithKeepsTheMessage()
    {
        const string line = "2026-03-02 10:14:07,311 WARN [main] com.acme.App: disk at 91%";
        var a = IngestionRunner.Single(line);
        var b = IngestionRunner.Single(line);

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, b with { LineStart = 2 });

        var retexted = a with { Text = "something else" };
        Assert.Equal("disk at 91%", retexted.Message);
        Assert.Equal("something else", retexted.Text);
    }

    [Theory]
    [InlineData(-720, Severity.Trace, LogFormat.Text)]
    [InlineData(840, Severity.Critical, LogFormat.JsonClef)]
    [InlineData(0, null, LogFormat.Logcat)]
    public void PackedTimestampLevelAndFormat_ReadBackExactly(int offsetMinutes, Severity? level, LogFormat format)
    {
        var timestamp = new DateTimeOffset(2026, 3, 2, 10, 14, 7, 311, TimeSpan.FromMinutes(offsetMinutes)).AddTicks(1234);
        var record = new LogRecord { Index = 0, LineStart = 1, LineEnd = 1, Format = format, Level = level, Timestamp = timestamp, Message = "m", Text = "m" };

        Assert.Equal(timestamp, record.Timestamp);
        Assert.Equal(timestamp.Offset, record.Timestamp!.Value.Offset);
        Assert.Equal(level, record.Level);
        Assert.Equal(format, record.Format);
        Assert.Null((record with { Timestamp = null }).Timestamp);
    }

    [Fact]
    public void SecretInARecord_TheRecordTextIsTheRedactedCopy()
    {
        var result = IngestionRunner.Text("2026-03-02 10:14:07 INFO login password=hunter2 ok\n2026-03-02 10:14:08 INFO plain line");

        Assert.DoesNotContain("hunter2", result.Records[0].Text, StringComparison.Ordinal);
        Assert.Contains("[REDACTED:password]", result.Records[0].Message, StringComparison.Ordinal);
        Assert.Equal("2026-03-02 10:14:08 INFO plain line", result.Records[1].Text);
    }
}
