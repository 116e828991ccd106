using Bunit;
using LogAnalyzer.Core.Model;
using LogAnalyzer.Web.Components.Analysis;
using LogAnalyzer.Web.Export;
using Microsoft.AspNetCore.Components.Web;

namespace LogAnalyzer.Tests.Web.Components;

/// <summary>The dashboard and the Markdown summary show incidents: category, root group first.</summary>
public sealed class IncidentViewTests
{
    private static readonly Incident Outage = new()
    {
        Id = "I1", Title = "Dependency unreachable: orders-db.internal:5432", CauseCategory = CauseCategory.DependencyUnreachable,
        RootGroupId = "B", GroupIds = ["B", "A"], FirstSeen = Samples.T0, LastSeen = Samples.T0.AddSeconds(9),
        Summary = "Starts with Error Group B at line 40: connections to orders-db.internal:5432 were refused.", Confidence = 0.8,
        Source = InsightSource.Rules,
    };

    private static AnalysisDocument Document() => Samples.Document() with
    {
        Groups = [Samples.GroupA with { IncidentId = "I1" }, Samples.GroupB with { IncidentId = "I1" }],
        Insights = [Samples.RulesInsight with { CauseCategory = CauseCategory.ResourceExhaustion }, Samples.LlmInsight],
        Incidents = [Outage],
    };

    [Fact]
    public void Markdown_ListsIncidents_RootGroupFirst_WithTheCategory()
    {
        var md = IncidentMarkdown.Build(Document());

        Assert.StartsWith("# Incident summary: Dependency unreachable: orders-db.internal:5432", md, StringComparison.Ordinal);
        Assert.Contains("## Incidents", md, StringComparison.Ordinal);
        Assert.Contains("- Cause category: ` dependency-unreachable `", md, StringComparison.Ordinal);
        Assert.Contains("- Root group: Error Group B (first at line 40)", md, StringComparison.Ordinal);
        Assert.Contains("- Groups, root first: B, A", md, StringComparison.Ordinal);
        Assert.True(md.IndexOf("### Error Group B", StringComparison.Ordinal) < md.IndexOf("### Error Group A", StringComparison.Ordinal));
        Assert.Contains("- Incident: I1 (root group)", md, StringComparison.Ordinal);
        Assert.Contains("category ` resource-exhaustion `", md, StringComparison.Ordinal);
        Assert.Contains("- resourceMetrics: Pool size", md, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IncidentsPanel_ShowsIncidents_WithTheirGroups_RootFirst()
    {
        await using var ctx = ComponentTestContext.Create();
        var doc = Document();
        string? chosen = null;
        var cut = ctx.Render<IncidentsPanel>(p => p.Add(x => x.Incidents, doc.Incidents).Add(x => x.Groups, doc.Groups)
            .Add(x => x.OnSelectGroup, (string id) => chosen = id));

        var incident = cut.Find("[data-testid=incident]");
        Assert.Equal("dependency-unreachable", incident.GetAttribute("data-category"));
        Assert.Equal("Error Group B", cut.Find("[data-testid=incident-root]").TextContent);
        // bUnit's markup puts a line break between the rendered names; the browser test checks the spacing as shown.
        Assert.Equal("root Error Group B, then Error Group A",
            System.Text.RegularExpressions.Regex.Replace(cut.Find(".la-incident-groups").TextContent, @"\s+", " ").Replace(" ,", ",", StringComparison.Ordinal).Trim());
        Assert.Equal("1 incident", cut.Find("[data-testid=incident-total]").TextContent);

        // A group named by the incident is a way to it.
        await cut.Find("button[data-testid=incident-group]").ClickAsync(new MouseEventArgs());
        Assert.Equal("A", chosen);
    }

    [Fact]
    public async Task IncidentsPanel_WithNothingToSelect_NamesTheGroupsAsText()
    {
        await using var ctx = ComponentTestContext.Create();
        var doc = Document();
        var cut = ctx.Render<IncidentsPanel>(p => p.Add(x => x.Incidents, doc.Incidents).Add(x => x.Groups, doc.Groups));

        Assert.Empty(cut.FindAll("[data-testid=incident] button"));
        Assert.Equal("Error Group B", cut.Find("span[data-testid=incident-root]").TextContent);
    }

    [Fact]
    public async Task IncidentsPanel_ShowsThreeIncidents_ThenTheRestOnRequest()
    {
        await using var ctx = ComponentTestContext.Create();
        Incident[] incidents = [.. Enumerable.Range(1, 5).Select(i => Outage with { Id = $"I{i}" })];
        var cut = ctx.Render<IncidentsPanel>(p => p.Add(x => x.Incidents, incidents));

        Assert.Equal(IncidentsPanel.Collapsed, cut.FindAll("[data-testid=incident]").Count);
        Assert.Equal("Show 2 more", cut.Find("[data-testid=incidents-more]").TextContent.Trim());
        await cut.Find("[data-testid=incidents-more]").ClickAsync(new MouseEventArgs());
        Assert.Equal(5, cut.FindAll("[data-testid=incident]").Count);
    }

    [Fact]
    public async Task InsightsPanel_OrdersRecommendationsRootFirst()
    {
        await using var ctx = ComponentTestContext.Create();
        var doc = Document();
        var cut = ctx.Render<InsightsPanel>(p => p.Add(x => x.Llm, doc.Llm).Add(x => x.Insights, doc.Insights)
            .Add(x => x.Groups, doc.Groups).Add(x => x.Incidents, doc.Incidents));

        // The incidents themselves are in the centre now (IncidentsPanel).
        Assert.Empty(cut.FindAll("[data-testid=incident]"));
        var insights = cut.FindAll("[data-testid=insight]");
        Assert.Equal("B", insights[0].GetAttribute("data-group-id"));
        Assert.Equal("resource-exhaustion", insights[1].QuerySelector("[data-testid=insight-category]")!.TextContent);
    }
}
