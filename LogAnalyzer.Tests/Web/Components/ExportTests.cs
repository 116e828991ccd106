using Bunit;
using LogAnalyzer.Core.Model;
using LogAnalyzer.Web.Components.Analysis;
using LogAnalyzer.Web.Export;
using Microsoft.AspNetCore.Components.Web;

namespace LogAnalyzer.Tests.Web.Components;

public sealed class ExportTests
{
    [Fact]
    public void IncidentMarkdown_HoldsOverviewGroupsInsightsAndMerges()
    {
        var md = IncidentMarkdown.Build(Samples.Document());

        Assert.StartsWith("# Incident summary: Error Group A (java.sql.SQLTransientConnectionException, 3 records)", md, StringComparison.Ordinal);
        Assert.Contains("| Lines | 50 |", md, StringComparison.Ordinal);
        Assert.Contains("| Redactions | password 1 (masked before analysis) |", md, StringComparison.Ordinal);
        Assert.Contains("### Error Group A — Error, 3 records", md, StringComparison.Ordinal);
        Assert.Contains("**Probable cause** (Rules, confidence 60", md, StringComparison.Ordinal);
        Assert.Contains("**Probable cause** (LLM, confidence 80", md, StringComparison.Ordinal);
        Assert.Contains("- line 4: ` Failed to load order 88213 `", md, StringComparison.Ordinal);
        Assert.Contains("## Proposed merges", md, StringComparison.Ordinal);
        Assert.Contains("```text\nFailed to load order <num>\n```", md, StringComparison.Ordinal);
    }

    [Fact]
    public void IncidentMarkdown_LogMarkupCannotFormatTheTicket()
    {
        var group = Samples.GroupB with { Reason = "Same template <img src=x onerror=alert(1)> **bold** [link](http://x)" };
        var doc = Samples.Document() with { Groups = [group], Insights = [], Merges = [] };

        var md = IncidentMarkdown.Build(doc);

        Assert.Contains("&lt;img src=x onerror=alert(1)&gt; \\*\\*bold\\*\\* \\[link\\](hxxp://x)", md, StringComparison.Ordinal);
    }

    [Fact]
    public void IncidentMarkdown_UrlsAreDefanged_AndBidiControlsShown()
    {
        var group = Samples.GroupB with { Reason = "see https://evil.example/login and www.evil.example \u202Etxt.exe\u202C" };
        var doc = Samples.Document() with { Groups = [group], Insights = [], Merges = [] };

        var md = IncidentMarkdown.Build(doc);

        Assert.Contains("hxxps://evil.example/login", md, StringComparison.Ordinal);
        Assert.Contains("www\\[.\\]evil.example", md, StringComparison.Ordinal);
        Assert.Contains("{U+202E}txt.exe{U+202C}", md, StringComparison.Ordinal);
        Assert.DoesNotContain("https://evil", md, StringComparison.Ordinal);
        Assert.DoesNotContain('\u202E', md);
        Assert.Equal("code hxxp://a FTP fxp://b", IncidentMarkdown.Defang("code http://a FTP ftp://b"));
    }

    [Fact]
    public void IncidentMarkdown_FenceOutgrowsBackticksInTheLog()
    {
        var group = Samples.GroupA with { Template = "value ```` end" };
        var md = IncidentMarkdown.Build(Samples.Document() with { Groups = [group] });

        Assert.Contains("`````text\nvalue ```` end\n`````", md, StringComparison.Ordinal);
    }

    [Fact]
    public void IncidentMarkdown_LlmFallback_IsStated()
    {
        var doc = Samples.Document(new LlmReport { Status = LlmStatus.RateLimited, FallbackReason = "The provider answered 429; retry after 60 s." });

        Assert.Contains("| Insights | Rules: The provider answered 429; retry after 60 s. |", IncidentMarkdown.Build(doc), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportBar_WithoutDocument_IsDisabled()
    {
        await using var ctx = ComponentTestContext.Create();
        var cut = ctx.Render<ExportBar>(p => p.Add(x => x.Enabled, false));

        Assert.True(cut.Find("button[data-testid=export-json]").HasAttribute("disabled"));
        Assert.True(cut.Find("button[data-testid=export-markdown]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task ExportBar_RaisesDownloadAndCopy()
    {
        await using var ctx = ComponentTestContext.Create();
        var downloads = 0;
        var copies = 0;
        var cut = ctx.Render<ExportBar>(p => p.Add(x => x.Enabled, true)
            .Add(x => x.OnDownloadJson, () => downloads++).Add(x => x.OnCopyMarkdown, () => copies++));

        await cut.Find("button[data-testid=export-json]").ClickAsync(new MouseEventArgs());
        await cut.Find("button[data-testid=export-markdown]").ClickAsync(new MouseEventArgs());

        Assert.Equal((1, 1), (downloads, copies));
    }
}
