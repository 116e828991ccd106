using Bunit;
using LogAnalyzer.Web.Components.Analysis;
using Microsoft.AspNetCore.Components.Web;

namespace LogAnalyzer.Tests.Web.Components;

public sealed class ErrorGroupsPanelTests
{
    [Fact]
    public async Task Groups_RenderLabelCountSeverityChainReasonAndSamples()
    {
        await using var ctx = ComponentTestContext.Create();
        var cut = ctx.Render<ErrorGroupsPanel>(p => p.Add(x => x.Groups, [Samples.GroupA, Samples.GroupB]).Add(x => x.RecordsAvailable, true));

        var groups = cut.FindAll("[data-testid=error-group]");
        Assert.Equal(2, groups.Count);
        Assert.Equal("Error Group A", groups[0].QuerySelector("h3")!.TextContent);
        Assert.Equal("Error Group B", groups[1].QuerySelector("h3")!.TextContent);
        Assert.Contains("3 records", groups[0].QuerySelector("[data-testid=group-count]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Error", groups[0].TextContent, StringComparison.Ordinal);
        Assert.Equal(
            "org.springframework.dao.DataAccessResourceFailureException → java.sql.SQLTransientConnectionException",
            groups[0].QuerySelector("[data-testid=exception-chain]")!.TextContent);
        Assert.Equal(Samples.GroupA.Reason, groups[0].QuerySelector("[data-testid=group-reason]")!.TextContent);
        Assert.Contains("4–12", groups[0].QuerySelector("[data-testid=group-sample]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("10:15:31.000 → 10:15:40.000 UTC (9 s)", groups[0].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MarkupInSamples_IsRenderedAsText()
    {
        await using var ctx = ComponentTestContext.Create();
        var cut = ctx.Render<ErrorGroupsPanel>(p => p.Add(x => x.Groups, [Samples.GroupB]));

        Assert.Empty(cut.FindAll("script"));
        Assert.Contains("q=<script>alert('x')</script>", cut.Find("[data-testid=group-sample] pre").TextContent, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShowAllInContext_ReportsTheGroup()
    {
        await using var ctx = ComponentTestContext.Create();
        string? shown = null;
        var cut = ctx.Render<ErrorGroupsPanel>(p => p.Add(x => x.Groups, [Samples.GroupA, Samples.GroupB]).Add(x => x.RecordsAvailable, true)
            .Add(x => x.OnShowRecords, (string id) => shown = id));

        await cut.FindAll("button[data-testid=show-group-records]")[1].ClickAsync(new MouseEventArgs());

        Assert.Equal("B", shown);
    }

    [Fact]
    public async Task NoGroups_SaysSo()
    {
        await using var ctx = ComponentTestContext.Create();
        var cut = ctx.Render<ErrorGroupsPanel>(p => p.Add(x => x.Groups, []));

        Assert.Contains("No error groups", cut.Find("[data-testid=no-groups]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EachGroup_ShowsItsProbableCause_WithItsSource()
    {
        await using var ctx = ComponentTestContext.Create();
        var cut = ctx.Render<ErrorGroupsPanel>(p => p.Add(x => x.Groups, [Samples.GroupA, Samples.GroupB])
            .Add(x => x.Insights, [Samples.RulesInsight]));

        var cause = cut.Find("[data-group-id=A] [data-testid=group-probable-cause]");
        Assert.Contains("Probable Cause", cause.TextContent, StringComparison.Ordinal);
        Assert.Contains(Samples.RulesInsight.ProbableCause, cause.TextContent, StringComparison.Ordinal);
        Assert.Equal("Rules", cause.QuerySelector("[data-testid=source-badge]")!.TextContent);
        Assert.Empty(cut.FindAll("[data-group-id=B] [data-testid=group-probable-cause]"));
    }

    [Fact]
    public async Task ClickingAGroupsHeader_SelectsIt_AndTheSelectedGroupIsMarked()
    {
        await using var ctx = ComponentTestContext.Create();
        string? selected = null;
        var cut = ctx.Render<ErrorGroupsPanel>(p => p.Add(x => x.Groups, [Samples.GroupA, Samples.GroupB]).Add(x => x.SelectedGroupId, "B")
            .Add(x => x.OnSelect, (string id) => selected = id));

        await cut.Find("[data-group-id=A] header[data-testid=group-header]").ClickAsync(new MouseEventArgs());

        Assert.Equal("A", selected);
        Assert.Equal("group-B", cut.Find("[data-testid=error-group][data-selected=true]").Id);
        Assert.Equal("true", cut.Find("[data-group-id=B] button[data-testid=select-group]").GetAttribute("aria-current"));
        Assert.Null(cut.Find("[data-group-id=A] button[data-testid=select-group]").GetAttribute("aria-current"));
    }
}
