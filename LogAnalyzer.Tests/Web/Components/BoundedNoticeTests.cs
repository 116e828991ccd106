using Bunit;
using LogAnalyzer.Core.Model;
using LogAnalyzer.Web.Components.Analysis;

namespace LogAnalyzer.Tests.Web.Components;

/// <summary>issue 15: the page says what a bounded analysis left out, and where the rest is.</summary>
public sealed class BoundedNoticeTests
{
    [Fact]
    public async Task AWholeAnalysis_ShowsNoNotice()
    {
        await using var ctx = ComponentTestContext.Create();
        var cut = ctx.Render<BoundedNotice>(p => p.Add(x => x.Document, Samples.Document()));

        Assert.Empty(cut.FindAll("[data-testid=bounded-notice]"));
    }

    [Fact]
    public async Task ABoundedAnalysis_SaysWhatWasCut_AndWhereTheStoredRecordsArePaged()
    {
        await using var ctx = ComponentTestContext.Create();
        var document = Samples.Document() with { Truncated = new Truncation { Records = 9_999_950, Patterns = 355_120, Merges = 1 } };
        const string path = "/api/v1/analyses/0195f0aa/records?offset=50&limit=1000";

        var cut = ctx.Render<BoundedNotice>(p => p.Add(x => x.Document, document).Add(x => x.RecordsPath, path));

        var text = cut.Find("[data-testid=bounded-notice]").TextContent;
        Assert.Contains("9,999,950 records, 355,120 patterns, 1 merge proposal left out", text, StringComparison.Ordinal);
        Assert.Contains("JSON view, Copy JSON and the download carry this copy", text, StringComparison.Ordinal);
        Assert.Contains("after the first 50 records", text, StringComparison.Ordinal);
        Assert.Equal($"GET {path}", cut.Find("[data-testid=records-path]").TextContent);
    }

    [Fact]
    public async Task RecordsThatWereNotStored_AreSaidToBeUnavailable()
    {
        await using var ctx = ComponentTestContext.Create();
        var document = Samples.Document() with { Truncated = new Truncation { Records = 100 } };

        var cut = ctx.Render<BoundedNotice>(p => p.Add(x => x.Document, document));

        Assert.Contains("The records past the first 50 records are not stored, so they cannot be shown here or paged.",
            cut.Find("[data-testid=bounded-notice]").TextContent.ReplaceLineEndings(" "), StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=records-path]"));
    }
}
