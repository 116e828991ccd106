using Bunit;
using LogAnalyzer.Core.Model;
using LogAnalyzer.Web.Components.Analysis;
using Microsoft.AspNetCore.Components.Web;

namespace LogAnalyzer.Tests.Web.Components;

public sealed class JsonViewTests
{
    [Fact]
    public async Task Collapsed_ByDefault_RendersNoJson()
    {
        await using var ctx = ComponentTestContext.Create();
        var cut = ctx.Render<JsonView>(p => p.Add(x => x.Document, Samples.Document()));

        Assert.Empty(cut.FindAll("[data-testid=json-body]"));
        Assert.Equal("false", cut.Find("button[data-testid=json-toggle]").GetAttribute("aria-expanded"));
    }

    [Fact]
    public async Task Expanded_ShowsTheDocumentAsTheApiWritesIt()
    {
        await using var ctx = ComponentTestContext.Create();
        var doc = Samples.Document();
        var cut = ctx.Render<JsonView>(p => p.Add(x => x.Document, doc));

        await cut.Find("button[data-testid=json-toggle]").ClickAsync(new MouseEventArgs());
        cut.WaitForElement("[data-testid=json-body]");

        // Virtualize renders a window of lines; in bUnit (no layout) that window starts at the top.
        var expected = AnalysisJson.Serialize(doc, indented: true).Split('\n');
        var lines = cut.FindAll(".la-json-line").Select(l => l.TextContent).ToList();
        Assert.NotEmpty(lines);
        Assert.Equal(expected.Take(lines.Count), lines);
        Assert.Contains($"{expected.Length:N0} lines", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Copy_RaisesTheCallback()
    {
        await using var ctx = ComponentTestContext.Create();
        var copies = 0;
        var cut = ctx.Render<JsonView>(p => p.Add(x => x.Document, Samples.Document()).Add(x => x.OnCopy, () => copies++));

        await cut.Find("button[data-testid=json-copy]").ClickAsync(new MouseEventArgs());

        Assert.Equal(1, copies);
    }

    [Fact]
    public void JsonLines_AreTheIndentedJsonsLines_KeptAsBytesUntilRead()
    {
        var doc = Samples.Document();
        var expected = AnalysisJson.Serialize(doc, indented: true).Split('\n');

        var lines = JsonLines.Of(doc);

        Assert.Equal(expected.Length, lines.Count);
        Assert.Equal(expected, lines);
        Assert.Equal(expected[^1], lines[^1]);
        Assert.Equal(expected.Skip(40).Take(5), lines.Skip(40).Take(5)); // what Virtualize asks for
        Assert.Empty(JsonLines.Empty);
        Assert.Throws<ArgumentOutOfRangeException>(() => lines[lines.Count]);
    }
}
