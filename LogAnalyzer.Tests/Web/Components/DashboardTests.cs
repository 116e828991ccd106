using Bunit;
using LogAnalyzer.Core.Llm;
using LogAnalyzer.Core.Model;
using LogAnalyzer.Web.Components.Pages;
using LogAnalyzer.Web.Hosting;
using LogAnalyzer.Web.Input;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LogAnalyzer.Tests.Web.Components;

public sealed class DashboardTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task EmptyFile_ShowsReadableMessage()
    {
        await using var ctx = CreateContext(new ScriptedLlm(throwOnCall: false));
        var cut = ctx.Render<Dashboard>();

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("", "empty.log"));

        cut.WaitForAssertion(() => Assert.Contains("is empty", cut.Find("[data-testid=input-error]").TextContent, StringComparison.Ordinal), Wait);
    }

    private static void Upload(IRenderedComponent<Dashboard> cut, string text) =>
        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(text, "incident.log"));

    private static BunitContext CreateContext(ILlmInsightService llm)
    {
        var ctx = ComponentTestContext.Create();
        ctx.Services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        ctx.Services.AddLogging();
        ctx.Services.AddLogAnalyzerCore();
        ctx.Services.AddSingleton(llm);
        ctx.Services.AddOptions<RateLimitingOptions>();
        ctx.Services.AddSingleton<AnalysisRateLimiter>();
        ctx.Services.AddHttpContextAccessor();
        ctx.Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        return ctx;
    }

    /// <summary>A configured LLM that either throws or thinks until cancelled, and reports both.</summary>
    private sealed class ScriptedLlm(bool throwOnCall) : ILlmInsightService
    {
        public TaskCompletionSource Called { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool IsConfigured => true;

        public string? Model => "scripted-model";

        public async Task<LlmStageResult> ExplainAsync(LlmStageInput input, CancellationToken cancellationToken)
        {
            Called.TrySetResult();
            if (throwOnCall)
            {
                throw new InvalidOperationException("scripted failure");
            }

            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                Cancelled.TrySetResult();
                throw;
            }

            return new LlmStageResult([], [], new LlmReport { Status = LlmStatus.Succeeded });
        }
    }
}
