using Bunit;
using LogAnalyzer.Core.Model;
using LogAnalyzer.Web.Components.Analysis;

namespace LogAnalyzer.Tests.Web.Components;

public sealed class SummaryPanelTests
{
    [Fact]
    public async Task Totals_AndHistogram_AreShown()
    {
        await using var ctx = ComponentTestContext.Create();
        var doc = Samples.Document();
        var cut = ctx.Render<SummaryPanel>(p => p.Add(x => x.Summary, doc.Summary).Add(x => x.Histogram, LevelHistogram.Build(doc.Records, 10)));

        Assert.Equal("50", cut.Find("[data-testid=total-lines]").TextContent);
        Assert.Contains("Info 45, Error 5", cut.Find("[data-testid=levels]").TextContent, StringComparison.Ordinal);
        Assert.Contains("password 1", cut.Find("[data-testid=redactions]").TextContent, StringComparison.Ordinal);
        Assert.Contains("2026-03-02 10:15:31 → 10:16:20 UTC (49 s)", cut.Find("[data-testid=time-range]").TextContent, StringComparison.Ordinal);
        Assert.Contains("5 error", cut.Find("[data-testid=level-histogram] svg").GetAttribute("aria-label"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoTimestamps_NoHistogram()
    {
        await using var ctx = ComponentTestContext.Create();
        var records = Samples.Records().Select(r => r with { Timestamp = null }).ToList();
        var cut = ctx.Render<SummaryPanel>(p => p.Add(x => x.Summary, new InputSummary { TotalLines = 50, TotalRecords = 50 })
            .Add(x => x.Histogram, LevelHistogram.Build(records)));

        Assert.Empty(cut.FindAll("[data-testid=level-histogram]"));
        Assert.Equal("no timestamps", cut.Find("[data-testid=time-range]").TextContent);
    }

    [Fact]
    public void Histogram_CountsEveryTimestampedRecordOnce_ByLevelFamily()
    {
        var histogram = LevelHistogram.Build(Samples.Records(), 7)!;

        Assert.Equal(7, histogram.Buckets.Count);
        Assert.Equal(45, histogram.Buckets.Sum(b => b.Others));
        Assert.Equal(5, histogram.Buckets.Sum(b => b.Errors));
        Assert.Equal(Samples.T0, histogram.Start);
        Assert.Equal(Samples.T0.AddSeconds(49), histogram.End);
    }
}
