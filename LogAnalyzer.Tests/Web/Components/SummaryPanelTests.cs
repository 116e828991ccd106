using System.Globalization;
using Bunit;
using LogAnalyzer.Core.Model;
using LogAnalyzer.Web.Components.Analysis;

namespace LogAnalyzer.Tests.Web.Components;

public sealed class SummaryPanelTests
{
    [Fact]
    public async Task Details_AndHistogram_AreShown()
    {
        await using var ctx = ComponentTestContext.Create();
        var doc = Samples.Document();
        var cut = ctx.Render<SummaryPanel>(p => p.Add(x => x.Summary, doc.Summary).Add(x => x.Histogram, LevelHistogram.Build(doc.Records, 10)));

        Assert.Contains("password 1", cut.Find("[data-testid=redactions]").TextContent, StringComparison.Ordinal);
        Assert.Contains("5 error", cut.Find("[data-testid=level-histogram] svg").GetAttribute("aria-label"), StringComparison.Ordinal);
        Assert.Contains("2026-03-02 10:15:31 → 10:16:20 UTC", cut.Find("[data-testid=level-histogram] figcaption").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoTimestamps_NoHistogram()
    {
        await using var ctx = ComponentTestContext.Create();
        var records = Samples.Records().Select(r => r with { Timestamp = null }).ToList();
        var cut = ctx.Render<SummaryPanel>(p => p.Add(x => x.Summary, new InputSummary { TotalLines = 50, TotalRecords = 50 })
            .Add(x => x.Histogram, LevelHistogram.Build(records)));

        Assert.Empty(cut.FindAll("[data-testid=level-histogram]"));
    }

    [Fact]
    public async Task Strip_ShowsTotals_GroupCount_LevelsMostSevereFirst_AndTheTimeRange()
    {
        await using var ctx = ComponentTestContext.Create();
        var doc = Samples.Document();
        var cut = ctx.Render<SummaryStrip>(p => p.Add(x => x.Summary, doc.Summary).Add(x => x.Groups, 2));

        Assert.Equal("50", cut.Find("[data-testid=total-lines]").TextContent);
        Assert.Equal("50", cut.Find("[data-testid=total-records]").TextContent);
        Assert.Equal("2", cut.Find("[data-testid=total-groups]").TextContent);
        Assert.Equal("Error 5 · Info 45", cut.Find("[data-testid=levels]").TextContent);
        Assert.Equal("2026-03-02 10:15:31 → 10:16:20 UTC (49 s)", cut.Find("[data-testid=time-range]").TextContent);
    }

    [Fact]
    public async Task Strip_BeforeTheGroupsStage_AndWithoutTimestamps_SaysSo()
    {
        await using var ctx = ComponentTestContext.Create();
        var cut = ctx.Render<SummaryStrip>(p => p.Add(x => x.Summary, new InputSummary { TotalLines = 50, TotalRecords = 50 }));

        Assert.Equal("…", cut.Find("[data-testid=total-groups]").TextContent);
        Assert.Equal("no timestamps", cut.Find("[data-testid=time-range]").TextContent);
    }

    /// <summary>Issue 13: year-less timestamps (syslog, logcat) silently got the current year.</summary>
    [Fact]
    public async Task Strip_FlagsYearAssumed_OnlyWhenARecordHadNoYear()
    {
        await using var ctx = ComponentTestContext.Create();
        var summary = Samples.Document().Summary;
        var plain = ctx.Render<SummaryStrip>(p => p.Add(x => x.Summary, summary));
        var assumed = ctx.Render<SummaryStrip>(p => p.Add(x => x.Summary, summary with { YearAssumedRecords = 1 }));

        Assert.Empty(plain.FindAll("[data-testid=year-assumed]"));
        Assert.EndsWith("(year assumed)", assumed.Find("[data-testid=time-range]").TextContent, StringComparison.Ordinal);
        Assert.StartsWith("1 record carried no year in its timestamp", assumed.Find("[data-testid=year-assumed]").GetAttribute("title"), StringComparison.Ordinal);
    }

    /// <summary>Issue 13: "2005-06-03 22:42:53 → 16:16:09 UTC (182201 h 33 min)" dropped the end date.</summary>
    [Theory]
    [InlineData("2005-06-03T22:42:53Z", "2005-06-11T16:16:09Z", false, "2005-06-03 22:42:53 → 2005-06-11 16:16:09 UTC (7 d 17 h)")]
    [InlineData("2026-03-01T23:52:03Z", "2026-03-02T00:11:42Z", false, "2026-03-01 23:52:03 → 2026-03-02 00:11:42 UTC (19 min 39 s)")]
    [InlineData("2026-03-02T10:15:31Z", "2026-03-02T12:16:20Z", false, "2026-03-02 10:15:31 → 12:16:20 UTC (2 h 0 min)")]
    [InlineData("2026-03-02T10:15:31.250Z", "2026-03-02T10:15:40Z", true, "2026-03-02 10:15:31.250 → 10:15:40.000 UTC (8.8 s)")]
    public void TimeRange_GivesTheEndDate_WhenTheDayDiffers(string first, string last, bool ms, string expected)
    {
        var text = TimeRangeText.Format(DateTimeOffset.Parse(first, CultureInfo.InvariantCulture), DateTimeOffset.Parse(last, CultureInfo.InvariantCulture), ms);

        Assert.Equal(expected, text);
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
