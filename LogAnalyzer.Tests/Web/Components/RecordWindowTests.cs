using LogAnalyzer.Core.Model;
using LogAnalyzer.Web.Components.Analysis;

namespace LogAnalyzer.Tests.Web.Components;

public sealed class RecordWindowTests
{
    [Fact]
    public void ForGroup_ShowsEveryGroupRecordWithContext_AndCountsGaps()
    {
        var rows = RecordWindow.ForGroup(Samples.Records(), "A", context: 1);

        // Group A holds indices 3, 13, 23, 33, 43: five windows of three records.
        Assert.Equal(15, rows.Count);
        Assert.Equal(5, rows.Count(r => r.Highlighted));
        Assert.All(rows.Where(r => r.Highlighted), r => Assert.Equal("A", r.Record.GroupId));
        Assert.Equal(2, rows[0].SkippedBefore);
        Assert.Equal(7, rows[3].SkippedBefore);
        Assert.Equal([3, 4, 5], rows.Take(3).Select(r => r.Record.LineStart));
    }

    [Fact]
    public void AroundLines_FindsTheRecordHoldingALineInsideAMultiLineRecord()
    {
        var records = new List<LogRecord>
        {
            new() { Index = 0, LineStart = 1, LineEnd = 1, Format = LogFormat.Text, Message = "a", Text = "a" },
            new() { Index = 1, LineStart = 2, LineEnd = 9, Format = LogFormat.Text, Message = "b", Text = "b\n at x" },
            new() { Index = 2, LineStart = 10, LineEnd = 10, Format = LogFormat.Text, Message = "c", Text = "c" },
        };

        var rows = RecordWindow.AroundLines(records, [5, 999], context: 0);

        var row = Assert.Single(rows);
        Assert.Equal(2, row.Record.LineStart);
        Assert.True(row.Highlighted);
    }

    [Fact]
    public void OverlappingWindows_AreMergedWithoutDuplicates()
    {
        var rows = RecordWindow.AroundLines(Samples.Records(), [10, 12], context: 2);

        Assert.Equal(Enumerable.Range(8, 7), rows.Select(r => r.Record.LineStart));
        Assert.Equal(2, rows.Count(r => r.Highlighted));
    }

    [Fact]
    public void AroundPositions_LeavesOutRecordsItHasNot_AndCountsThemAsSkipped()
    {
        var records = Samples.Records();

        // Positions 13 and 33 with one neighbour each; the records at 12 and 33 are not at hand (not held, not stored).
        var rows = RecordWindow.AroundPositions([13, 33], records.Count, context: 1, i => i is 12 or 33 ? null : records[i]);

        Assert.Equal([13, 14, 32, 34], rows.Select(r => r.Record.Index));
        Assert.Equal([13, 0, 17, 1], rows.Select(r => r.SkippedBefore));
        Assert.Equal([true, false, false, false], rows.Select(r => r.Highlighted));
        Assert.Equal([12, 13, 14, 32, 33, 34], RecordWindow.Spans([13, 33], records.Count, context: 1));
    }
}
