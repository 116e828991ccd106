using Bunit;
using LogAnalyzer.Core.Model;
using LogAnalyzer.Web.Components.Analysis;
using LogAnalyzer.Web.Export;

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
    public async Task InsightsPanel_ShowsIncidents_AndOrdersRecommendationsRootFirst()
    {
        await using var ctx = ComponentTestContext.Create();
        var doc = Document();
        var cut = ctx.Render<InsightsPanel>(p => p.Add(x => x.Llm, doc.Llm).Add(x => x.Insights, doc.Insights)
            .Add(x => x.Groups, doc.Groups).Add(x => x.Incidents, doc.Incidents));

        var incident = cut.Find("[data-testid=incident]");
        Assert.Equal("dependency-unreachable", incident.GetAttribute("data-category"));
        Assert.Equal("Error Group B", cut.Find("[data-testid=incident-root]").TextContent);
        var insights = cut.FindAll("[data-testid=insight]");
        Assert.Equal("B", insights[0].GetAttribute("data-group-id"));
        Assert.Equal("resource-exhaustion", insights[1].QuerySelector("[data-testid=insight-category]")!.TextContent);
    }
}
