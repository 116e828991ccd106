using System.Text;
using LogAnalyzer.Core.Ingestion;
using LogAnalyzer.Core.Model;
using LogAnalyzer.Tests.Support;

namespace LogAnalyzer.Tests.Ingestion;

/// <summary>
/// Records that are only their text are kept as compact entries of the <see cref="RecordList"/>; read back, they must be
/// indistinguishable from record objects, and what the pipeline writes on them (pattern, group) must stick.
/// </summary>
public sealed class RecordListTests
{
    private static readonly IngestionOptions Compact = new() { CompactRecordsFrom = 0 };

    [Fact]
    public void BelowTheThreshold_EveryRecordIsAnObject()
    {
        var records = IngestionRunner.Text("one\ntwo\n").Records;
        Assert.Same(records[0], records[0]);
    }

    [Fact]
    public void PlainLines_ReadBackLikeRecordObjects()
    {
        var result = IngestionRunner.Text("alpha one\n\nbeta: connection refused\n2026-03-02 10:14:07 ERROR svc - boom\n", Compact);
        var records = Assert.IsType<RecordList>(result.Records);
        Assert.Equal(3, records.Count);

        var alpha = records[0];
        Assert.Equal((0, 1, 2), (alpha.Index, alpha.LineStart, alpha.LineEnd)); // the blank line belongs to it
        Assert.Equal("alpha one", alpha.Text);
        Assert.Equal("alpha one", alpha.Message);
        Assert.Null(alpha.Timestamp);
        Assert.Null(alpha.Level);
        Assert.Null(alpha.Source);
        Assert.Null(alpha.Exception);
        Assert.False(alpha.FailureSignal);

        Assert.Equal("beta: connection refused", records[1].Message);
        Assert.True(records[1].FailureSignal);

        var error = records[2];
        Assert.Equal(Severity.Error, error.Level);
        Assert.Equal("boom", error.Message);
        Assert.Same(error, records[2]); // a record with a header is an object of its own
        Assert.Equal(records[0], records[0]); // views of one entry are equal
    }

    [Fact]
    public void PatternAndGroup_WrittenThroughOneView_AreReadThroughTheNext()
    {
        var records = IngestionRunner.Text("one\ntwo\n", Compact).Records;
        Assert.NotSame(records[0], records[0]); // views
        records[0].PatternId = "P1";
        records[1].GroupId = "A";

        Assert.Equal("P1", records[0].PatternId);
        Assert.Null(records[0].GroupId);
        Assert.Equal("A", records[1].GroupId);
        Assert.Null(records[1].PatternId);
        Assert.Equal(["P1", null], records.Select(r => r.PatternId));

        records[0].PatternId = null;
        Assert.Null(records[0].PatternId);
    }

    [Fact]
    public void With_OnAView_IsAnIndependentRecord()
    {
        var records = IngestionRunner.Text("one\ntwo\n", Compact).Records;
        records[0].PatternId = "P1";
        var copy = records[0] with { GroupId = "B" };
        copy.PatternId = "P9";

        Assert.Equal(("P9", "B"), (copy.PatternId, copy.GroupId));
        Assert.Equal("P1", records[0].PatternId);
        Assert.Null(records[0].GroupId);
        Assert.Equal("one", copy.Text);
    }

    /// <summary>
    /// LogRecord's copy constructor is written by hand (a view's copy must not write back to the list): a field added
    /// later and not copied there would be lost by every <c>with</c>.
    /// </summary>
    [Fact]
    public void With_CopiesEveryField()
    {
        var original = new LogRecord
        {
            Index = 3, LineStart = 4, LineEnd = 6, Format = LogFormat.TextLayout, Timestamp = DateTimeOffset.UnixEpoch,
            Level = Severity.Warning, Source = "svc", Message = "m", Text = "t\nu", Exception = new ExceptionInfo { Language = "java", Type = "E" },
            Fields = new Dictionary<string, string> { ["k"] = "v" }, Truncated = true, YearAssumed = true, PatternId = "P1", GroupId = "A",
        };
        original.FailureSignal = true;
        var copy = original with { };

        var fields = typeof(LogRecord).GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public);
        Assert.NotEmpty(fields);
        Assert.All(fields, f => Assert.Equal(f.GetValue(original), f.GetValue(copy)));
    }

    [Fact]
    public void ManyRecords_AcrossChunks_KeepTheirOrderAndText()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 150_000; i++)
        {
            text.Append('x').Append(i).Append('\n');
        }

        foreach (var result in new[] { IngestionRunner.Text(text.ToString(), Compact), IngestionRunner.Bytes(Encoding.UTF8.GetBytes(text.ToString()), Compact) })
        {
            var records = result.Records;
            Assert.Equal(150_000, records.Count);
            foreach (var i in new[] { 0, 65_535, 65_536, 131_072, 149_999 })
            {
                Assert.Equal($"x{i}", records[i].Text);
                Assert.Equal((i, i + 1), (records[i].Index, records[i].LineStart));
            }

            Assert.Equal(150_000, records.Count(r => r.Text.StartsWith('x')));
            IngestionRunner.AssertCoverage(result);
        }
    }
}
