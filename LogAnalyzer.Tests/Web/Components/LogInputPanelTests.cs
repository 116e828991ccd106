using Bunit;
using LogAnalyzer.Web.Components.Analysis;
using LogAnalyzer.Web.Input;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace LogAnalyzer.Tests.Web.Components;

public sealed class LogInputPanelTests
{
    private const long Limit = 20L * 1024 * 1024;

    [Fact]
    public async Task ErrorMessage_IsShownToThePerson()
    {
        await using var ctx = ComponentTestContext.Create();
        var cut = ctx.Render<LogInputPanel>(p => p
            .Add(x => x.MaxBytes, Limit)
            .Add(x => x.ErrorMessage, "The log text is empty or only whitespace. Paste or upload at least one line."));

        Assert.Contains("empty or only whitespace", cut.Find("[data-testid=input-error]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PastedTextOverLimit_ShowsSizeAndLimit()
    {
        await using var ctx = ComponentTestContext.Create();
        var cut = ctx.Render<LogInputPanel>(p => p.Add(x => x.MaxBytes, Limit).Add(x => x.PastedBytes, 21L * 1024 * 1024));

        var message = cut.Find("[data-testid=input-error]").TextContent;
        Assert.Contains("21 MB", message, StringComparison.Ordinal);
        Assert.Contains("over the limit of 20 MB", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PastedTextWithinLimit_ShowsSizeWithoutError()
    {
        await using var ctx = ComponentTestContext.Create();
        var cut = ctx.Render<LogInputPanel>(p => p.Add(x => x.MaxBytes, Limit).Add(x => x.PastedBytes, 5 * 1024));

        Assert.Empty(cut.FindAll("[data-testid=input-error]"));
        Assert.Contains("5 KB pasted", cut.Find("[data-testid=input-size]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LlmNotConfigured_SwitchIsDisabledWithExplanation()
    {
        await using var ctx = ComponentTestContext.Create();
        var cut = ctx.Render<LogInputPanel>(p => p.Add(x => x.MaxBytes, Limit).Add(x => x.LlmConfigured, false).Add(x => x.UseLlm, true));

        Assert.True(UseLlmSwitch(cut).Instance.Disabled);
        Assert.Contains("No LLM is configured", cut.Find("[data-testid=llm-config]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LlmConfigured_ShowsModelAndEnabledSwitch()
    {
        await using var ctx = ComponentTestContext.Create();
        var cut = ctx.Render<LogInputPanel>(p => p.Add(x => x.MaxBytes, Limit).Add(x => x.LlmConfigured, true)
            .Add(x => x.LlmModel, "Qwen/Qwen2.5-7B-Instruct").Add(x => x.UseLlm, true));

        Assert.False(UseLlmSwitch(cut).Instance.Disabled);
        Assert.Contains("Qwen/Qwen2.5-7B-Instruct", cut.Find("[data-testid=llm-config]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CtrlEnterInTheTextArea_RequestsAnalysis()
    {
        await using var ctx = ComponentTestContext.Create();
        var analyses = 0;
        var cut = ctx.Render<LogInputPanel>(p => p.Add(x => x.MaxBytes, Limit).Add(x => x.OnAnalyze, () => analyses++));

        await cut.Find("textarea").KeyDownAsync(new KeyboardEventArgs { Key = "Enter", CtrlKey = true });
        await cut.Find("textarea").KeyDownAsync(new KeyboardEventArgs { Key = "Enter" });

        Assert.Equal(1, analyses);
    }

    [Fact]
    public async Task Running_ShowsCancel_AndDisablesAnalyze()
    {
        await using var ctx = ComponentTestContext.Create();
        var cancels = 0;
        var cut = ctx.Render<LogInputPanel>(p => p.Add(x => x.MaxBytes, Limit).Add(x => x.Running, true).Add(x => x.OnCancel, () => cancels++));

        Assert.True(cut.Find("button[data-testid=analyze]").HasAttribute("disabled"));
        await cut.Find("button[data-testid=cancel]").ClickAsync(new MouseEventArgs());
        Assert.Equal(1, cancels);
    }

    [Fact]
    public async Task ChosenGzipFile_ShowsNameAndBothSizes()
    {
        await using var ctx = ComponentTestContext.Create();
        var file = new LoadedLogFile("app.log.gz", 2048, new byte[10 * 1024], Decompressed: true);
        var cut = ctx.Render<LogInputPanel>(p => p.Add(x => x.MaxBytes, Limit).Add(x => x.File, file));

        var text = cut.Find("[data-testid=selected-file]").TextContent;
        Assert.Contains("app.log.gz", text, StringComparison.Ordinal);
        Assert.Contains("2 KB compressed, 10 KB unpacked", text, StringComparison.Ordinal);
        Assert.True(cut.Find("textarea").HasAttribute("hidden"));
    }

    /// <summary>The "Use LLM" switch (the panel also has "Wrap lines").</summary>
    private static IRenderedComponent<MudSwitch<bool>> UseLlmSwitch(IRenderedComponent<LogInputPanel> cut) =>
        cut.FindComponents<MudSwitch<bool>>().Single(s => s.Instance.Label == "Use LLM");

    [Fact]
    public async Task LongLines_WrapByDefault_AndTheToggleTurnsWrappingOff()
    {
        await using var ctx = ComponentTestContext.Create();
        var cut = ctx.Render<LogInputPanel>(p => p.Add(x => x.MaxBytes, Limit));

        Assert.Equal("soft", cut.Find("textarea").GetAttribute("wrap"));
        Assert.Contains("la-wrap", cut.Find("textarea").ClassList);
        var wrap = cut.FindComponents<MudSwitch<bool>>().Single(s => s.Instance.Label == "Wrap lines");
        await cut.InvokeAsync(() => wrap.Instance.ValueChanged.InvokeAsync(false));

        Assert.Equal("off", cut.Find("textarea").GetAttribute("wrap"));
        Assert.DoesNotContain("la-wrap", cut.Find("textarea").ClassList);
    }
}
