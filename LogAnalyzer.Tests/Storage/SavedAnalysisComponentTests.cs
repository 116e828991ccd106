using Bunit;
using LogAnalyzer.Core.Model;
using LogAnalyzer.Core.Storage;
using LogAnalyzer.Tests.Web.Components;
using LogAnalyzer.Web.Components.Saved;
using LogAnalyzer.Web.Storage;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace LogAnalyzer.Tests.Storage;

public sealed class SavedAnalysisComponentTests
{
    [Fact]
    public async Task SavedNotice_LinksThePermalink_OrSaysWhyNotSaved()
    {
        await using var ctx = ComponentTestContext.Create();
        var document = Samples.Document() with { Id = AnalysisId.New() };

        var saved = ctx.Render<SavedNotice>(p => p.Add(x => x.Document, document with { Saved = true }));
        var failed = ctx.Render<SavedNotice>(p => p.Add(x => x.Document, document with { Saved = false, StorageNote = "Not saved: the analysis store is unavailable (NpgsqlException)." }));
        var none = ctx.Render<SavedNotice>(p => p.Add(x => x.Document, document));

        Assert.Equal($"analyses/{document.Id}", saved.Find("[data-testid=permalink]").GetAttribute("href"));
        Assert.Contains("was not saved", failed.Find("[data-testid=saved-notice]").TextContent, StringComparison.Ordinal);
        Assert.Contains("NpgsqlException", failed.Find("[data-testid=saved-notice]").TextContent, StringComparison.Ordinal);
        Assert.Equal("alert", failed.Find("[data-testid=saved-notice]").GetAttribute("role"));
        Assert.Empty(none.FindAll("[data-testid=saved-notice]"));
    }

    [Fact]
    public async Task Permalink_ShowsTheSavedAnalysisReadOnly_InTheSamePanes()
    {
        await using var ctx = ComponentTestContext.Create();
        TestStore.AddTo(ctx.Services);
        ctx.Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        var document = Samples.Document() with { Id = AnalysisId.New() };
        await ctx.Services.GetRequiredService<AnalysisArchive>().SaveAsync(document, null, null, CancellationToken.None);

        var cut = ctx.Render<SavedAnalysisPage>(p => p.Add(x => x.Id, document.Id));

        cut.WaitForAssertion(() => Assert.Equal($"{document.Groups.Count} groups", cut.Find("[data-testid=group-total]").TextContent));
        Assert.Equal("50", cut.Find("[data-testid=total-lines]").TextContent);
        Assert.Equal(document.Groups.Count, cut.FindAll("[data-testid=error-group]").Count);
        Assert.NotEmpty(cut.FindAll("[data-testid=insight]"));
        Assert.Empty(cut.FindAll("[data-testid=analyze]"));
    }

    [Fact]
    public async Task Permalink_OfALargeAnalysis_HoldsOnlyTheFirstRecords_AndSaysWhereTheRestIs()
    {
        await using var ctx = ComponentTestContext.Create();
        TestStore.AddTo(ctx.Services);
        ctx.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new LogAnalyzer.Web.Runs.DashboardOptions { MaxRecordsHeld = 10, RecordsKept = 5 }));
        ctx.Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        var document = Samples.Document() with { Id = AnalysisId.New() };
        await ctx.Services.GetRequiredService<AnalysisArchive>().SaveAsync(document, null, null, document.Records, CancellationToken.None);

        var cut = ctx.Render<SavedAnalysisPage>(p => p.Add(x => x.Id, document.Id));

        cut.WaitForAssertion(() => Assert.Contains("45 records", cut.Find("[data-testid=bounded-notice]").TextContent, StringComparison.Ordinal));
        Assert.Equal($"/api/v1/analyses/{document.Id}/records?offset=5&limit=1000", cut.Find("[data-testid=records-path]").TextContent.Replace("GET ", "", StringComparison.Ordinal));
        Assert.Equal("50", cut.Find("[data-testid=total-lines]").TextContent); // totals stay exact
        Assert.Empty(cut.FindAll("[data-testid=level-histogram]")); // a chart of 5 of 50 records would mislead
    }

    [Theory]
    [InlineData("not-an-id", "not a valid analysis link")]
    [InlineData("0123456789abcdef0123456789abcdef", "No saved analysis has this id")]
    public async Task Permalink_UnknownOrMalformedId_SaysSo(string id, string expected)
    {
        await using var ctx = ComponentTestContext.Create();
        TestStore.AddTo(ctx.Services);
        ctx.Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));

        var cut = ctx.Render<SavedAnalysisPage>(p => p.Add(x => x.Id, id));

        cut.WaitForAssertion(() => Assert.Contains(expected, cut.Find("[data-testid=saved-message]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Permalink_Delete_RemovesIt_AndCompareWithNavigatesToTheComparison()
    {
        await using var ctx = ComponentTestContext.Create();
        TestStore.AddTo(ctx.Services);
        ctx.Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        var archive = ctx.Services.GetRequiredService<AnalysisArchive>();
        var first = Samples.Document() with { Id = AnalysisId.New() };
        var second = Samples.Document() with { Id = AnalysisId.New(), CreatedAt = first.CreatedAt.AddMinutes(5) };
        await archive.SaveAsync(first, null, null, CancellationToken.None);
        await archive.SaveAsync(second, null, null, CancellationToken.None);
        var navigation = ctx.Services.GetRequiredService<NavigationManager>();

        var cut = ctx.Render<SavedAnalysisPage>(p => p.Add(x => x.Id, first.Id));
        cut.WaitForState(() => cut.FindAll("[data-testid=compare-with] option").Count == 2);
        cut.Find("[data-testid=compare-with]").Change(second.Id);
        Assert.EndsWith($"analyses/{first.Id}/compare/{second.Id}", navigation.Uri, StringComparison.Ordinal);

        cut.Find("[data-testid=delete-analysis] button, button[data-testid=delete-analysis]").Click();
        cut.WaitForAssertion(() => Assert.Contains("Deleted", cut.Find("[data-testid=saved-message]").TextContent, StringComparison.Ordinal));
        Assert.Null(await archive.GetAsync(first.Id, maxRecords: 0, CancellationToken.None));
        Assert.NotNull(await archive.GetAsync(second.Id, maxRecords: 0, CancellationToken.None));
    }

    [Fact]
    public async Task ComparePage_ShowsNewResolvedAndChangedSideBySide()
    {
        await using var ctx = ComponentTestContext.Create();
        TestStore.AddTo(ctx.Services);
        ctx.Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        var archive = ctx.Services.GetRequiredService<AnalysisArchive>();
        var before = Samples.Document() with { Id = AnalysisId.New(), Groups = [Samples.GroupA, Samples.GroupB] };
        var after = Samples.Document() with
        {
            Id = AnalysisId.New(),
            Groups = [Samples.GroupA with { Count = Samples.GroupA.Count + 4 }, Samples.GroupB with { Fingerprint = "a-new-fingerprint", Template = "a new failure" }],
        };
        await archive.SaveAsync(before, null, null, CancellationToken.None);
        await archive.SaveAsync(after, null, null, CancellationToken.None);

        var cut = ctx.Render<ComparePage>(p => p.Add(x => x.Id, before.Id).Add(x => x.OtherId, after.Id));

        cut.WaitForAssertion(() => Assert.Contains("1 new · 1 resolved · 1 changed · 0 unchanged", cut.Find("[data-testid=compare-totals]").TextContent, StringComparison.Ordinal));
        var changed = cut.Find("[data-testid=compare-changed]");
        Assert.Equal(3, changed.Children.Length);
        Assert.Contains($"×{Samples.GroupA.Count}", changed.Children[1].TextContent, StringComparison.Ordinal);
        Assert.Contains($"×{Samples.GroupA.Count + 4}", changed.Children[2].TextContent, StringComparison.Ordinal);
        Assert.Contains("a new failure", cut.Find("[data-testid=compare-new]").TextContent, StringComparison.Ordinal);
        Assert.Contains(Samples.GroupB.Template, cut.Find("[data-testid=compare-resolved]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecentList_ShowsNewestFirst_AndDeletes()
    {
        await using var ctx = ComponentTestContext.Create();
        TestStore.AddTo(ctx.Services);
        ctx.Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        var archive = ctx.Services.GetRequiredService<AnalysisArchive>();
        var older = Samples.Document() with { Id = AnalysisId.New() };
        var newer = Samples.Document() with { Id = AnalysisId.New(), CreatedAt = older.CreatedAt.AddMinutes(1), Groups = [] };
        await archive.SaveAsync(older, null, null, CancellationToken.None);
        await archive.SaveAsync(newer, null, null, CancellationToken.None);

        var cut = ctx.Render<RecentAnalysesPage>();

        cut.WaitForState(() => cut.FindAll("[data-testid=recent-item]").Count == 2);
        Assert.Contains("No error groups", cut.FindAll("[data-testid=recent-item]")[0].TextContent, StringComparison.Ordinal);
        cut.FindAll("button[data-testid=delete]")[0].Click();
        cut.WaitForState(() => cut.FindAll("[data-testid=recent-item]").Count == 1);
        Assert.Null(await archive.GetAsync(newer.Id, maxRecords: 0, CancellationToken.None));
    }
}
