using Bunit;
using LogAnalyzer.Core.Model;
using LogAnalyzer.Web.Components.Analysis;
using Microsoft.AspNetCore.Components.Web;

namespace LogAnalyzer.Tests.Web.Components;

public sealed class InsightsPanelTests
{
    [Fact]
    public async Task InsightsFromBothSources_ShowTheirBadgesAndSections()
    {
        await using var ctx = ComponentTestContext.Create();
        var doc = Samples.Document();
        var cut = ctx.Render<InsightsPanel>(p => p.Add(x => x.Llm, doc.Llm).Add(x => x.Insights, doc.Insights)
            .Add(x => x.Groups, doc.Groups).Add(x => x.Merges, doc.Merges));

        var insights = cut.FindAll("[data-testid=insight]");
        Assert.Equal(2, insights.Count);
        Assert.Equal("Rules", insights[0].QuerySelector("[data-testid=source-badge]")!.TextContent);
        Assert.Equal("rules", insights[0].GetAttribute("data-source"));
        Assert.Equal("LLM", insights[1].QuerySelector("[data-testid=source-badge]")!.TextContent);
        Assert.Equal("Error Group A", insights[0].QuerySelector("h3")!.TextContent);
        foreach (var section in new[] { "Probable Cause", "Missing Context", "Suggested Investigation", "Mitigation" })
        {
            Assert.Contains(section, insights[0].TextContent, StringComparison.Ordinal);
        }

        Assert.Contains("confidence 60", insights[0].QuerySelector("[data-testid=confidence]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("The LLM answered 1 of 2 groups.", cut.Find("[data-testid=fallback-reason]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LlmDidNotAnswer_ShowsRulesAndTheReason()
    {
        await using var ctx = ComponentTestContext.Create();
        var llm = new LlmReport { Status = LlmStatus.TimedOut, Model = "m", Calls = 2, DurationMs = 30_000, FallbackReason = "The LLM did not answer within 30 s." };
        var cut = ctx.Render<InsightsPanel>(p => p.Add(x => x.Llm, llm).Add(x => x.Insights, [Samples.RulesInsight])
            .Add(x => x.Groups, [Samples.GroupA]));

        Assert.Equal("timedout", cut.Find("[data-testid=llm-status]").GetAttribute("data-status"));
        Assert.Contains("did not answer in time", cut.Find("[data-testid=llm-status]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Rules", cut.Find("[data-testid=fallback-reason]").TextContent, StringComparison.Ordinal);
        Assert.Contains("within 30 s", cut.Find("[data-testid=fallback-reason]").TextContent, StringComparison.Ordinal);
        Assert.All(cut.FindAll("[data-testid=insight] [data-testid=source-badge]"), b => Assert.Equal("Rules", b.TextContent));
    }

    [Fact]
    public async Task PendingLlm_ShowsProgressWhileRulesStand()
    {
        await using var ctx = ComponentTestContext.Create();
        var cut = ctx.Render<InsightsPanel>(p => p.Add(x => x.Llm, new LlmReport { Status = LlmStatus.Pending, Model = "m" })
            .Add(x => x.Insights, [Samples.RulesInsight]).Add(x => x.Groups, [Samples.GroupA]));

        Assert.Contains("Waiting for", cut.Find("[data-testid=llm-status]").TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(cut.FindAll("[data-testid=llm-status] .mud-progress-linear"));
        Assert.Single(cut.FindAll("[data-testid=insight]"));
    }

    [Fact]
    public async Task EvidenceLine_Click_ReportsGroupAndLine()
    {
        await using var ctx = ComponentTestContext.Create();
        EvidenceRequest? asked = null;
        var cut = ctx.Render<InsightsPanel>(p => p.Add(x => x.Llm, LlmReport.Disabled("off")).Add(x => x.Insights, [Samples.RulesInsight])
            .Add(x => x.Groups, [Samples.GroupA]).Add(x => x.OnEvidence, (EvidenceRequest r) => asked = r));

        await cut.FindAll("[data-testid=evidence-line]")[1].ClickAsync(new MouseEventArgs());
        Assert.Equal("A", asked!.GroupId);
        Assert.Equal([11], asked.Lines);

        await cut.Find("[data-testid=evidence-all]").ClickAsync(new MouseEventArgs());
        Assert.Equal([4, 11], asked.Lines);
    }

    [Fact]
    public async Task ProposedMerges_AreShownAsProposalsWithReason()
    {
        await using var ctx = ComponentTestContext.Create();
        var doc = Samples.Document();
        var cut = ctx.Render<InsightsPanel>(p => p.Add(x => x.Llm, doc.Llm).Add(x => x.Groups, doc.Groups).Add(x => x.Merges, doc.Merges));

        var merge = cut.Find("[data-testid=merge]").TextContent;
        Assert.Contains("Proposal: Error Group A + Error Group B may be one problem.", merge, StringComparison.Ordinal);
        Assert.Contains("pool exhaustion", merge, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvidenceQuoteWithMarkup_IsText()
    {
        await using var ctx = ComponentTestContext.Create();
        var cut = ctx.Render<InsightsPanel>(p => p.Add(x => x.Llm, LlmReport.Disabled("off")).Add(x => x.Insights, [Samples.LlmInsight])
            .Add(x => x.Groups, [Samples.GroupB]));

        Assert.Empty(cut.FindAll("script"));
        Assert.Contains("q=<script>alert('x')</script>", cut.Find(".la-quote").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARecommendationsGroupLink_SelectsTheGroup_AndTheSelectedOneIsMarked()
    {
        await using var ctx = ComponentTestContext.Create();
        var doc = Samples.Document();
        string? chosen = null;
        var cut = ctx.Render<InsightsPanel>(p => p.Add(x => x.Llm, doc.Llm).Add(x => x.Insights, [Samples.RulesInsight])
            .Add(x => x.Groups, [Samples.GroupA]).Add(x => x.SelectedGroupId, "A").Add(x => x.OnSelectGroup, (string id) => chosen = id));

        var link = cut.Find("[data-testid=insight] h3 button[data-testid=insight-group-link]");
        Assert.Equal("Error Group A", link.TextContent);
        Assert.Equal("insight-A", cut.Find("[data-testid=insight][data-selected=true]").Id);
        await link.ClickAsync(new MouseEventArgs());
        Assert.Equal("A", chosen);
    }

    [Theory]
    [InlineData(false, "No LLM is configured")]
    [InlineData(true, "The LLM was not requested for this analysis")]
    public async Task RulesOnlyRun_TellsNoLlmConfigured_FromNotRequested(bool configured, string expected)
    {
        await using var ctx = ComponentTestContext.Create();
        var cut = ctx.Render<InsightsPanel>(p => p.Add(x => x.Llm, LlmReport.Disabled("whatever the document says"))
            .Add(x => x.LlmConfigured, configured).Add(x => x.Insights, [Samples.RulesInsight]).Add(x => x.Groups, [Samples.GroupA]));

        var status = cut.Find("[data-testid=llm-status]");
        Assert.Equal("disabled", status.GetAttribute("data-status"));
        Assert.StartsWith(expected, cut.Find("[data-testid=llm-off]").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(configured ? "No LLM is configured" : "not requested", status.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(LlmDisabledReason.NotConfigured, "No LLM is configured")]
    [InlineData(LlmDisabledReason.NotRequested, "The LLM was not requested for this analysis")]
    public async Task RulesOnlyRun_OnASavedAnalysis_TheDocumentsDisabledReason_DecidesTheWording(LlmDisabledReason why, string expected)
    {
        await using var ctx = ComponentTestContext.Create();
        var cut = ctx.Render<InsightsPanel>(p => p.Add(x => x.Llm, LlmReport.Disabled("whatever", why))
            .Add(x => x.Insights, [Samples.RulesInsight]).Add(x => x.Groups, [Samples.GroupA]));

        Assert.StartsWith(expected, cut.Find("[data-testid=llm-off]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RulesOnlyRun_OnASavedAnalysis_ShowsTheDocumentsOwnReason()
    {
        await using var ctx = ComponentTestContext.Create();
        // Saved before llm.disabledReason existed: the reason text is all the document has.
        var old = new LlmReport { Status = LlmStatus.Disabled, FallbackReason = LogAnalyzer.Core.Llm.DisabledLlmInsightService.NotConfiguredReason };
        var cut = ctx.Render<InsightsPanel>(p => p.Add(x => x.Llm, old)
            .Add(x => x.Insights, [Samples.RulesInsight]).Add(x => x.Groups, [Samples.GroupA]));

        Assert.Equal(LogAnalyzer.Core.Llm.DisabledLlmInsightService.NotConfiguredReason, cut.Find("[data-testid=llm-off]").TextContent);
    }

    [Fact]
    public async Task CallsLine_UsesSingularsForOne()
    {
        await using var ctx = ComponentTestContext.Create();
        var cut = ctx.Render<InsightsPanel>(p => p.Add(x => x.Llm, new LlmReport
        {
            Status = LlmStatus.Succeeded, Model = "m", Calls = 1, PromptTokens = 900, CompletionTokens = 120, DurationMs = 410, DroppedItems = 1,
        }).Add(x => x.Insights, [Samples.LlmInsight]).Add(x => x.Groups, [Samples.GroupB]));

        var text = cut.Find("[data-testid=llm-status]").TextContent;
        Assert.Contains("1 call, 900 prompt + 120 completion tokens, 410 ms, 1 item dropped by validation", text, StringComparison.Ordinal);
    }
}
