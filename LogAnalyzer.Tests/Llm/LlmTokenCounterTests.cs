using LogAnalyzer.Core.Llm;
using LogAnalyzer.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LogAnalyzer.Tests.Llm;

/// <summary>Tokens counted from the provider: a conservative start, then the model's own ratio after one call.</summary>
public sealed class LlmTokenCounterTests
{
    [Fact]
    public void Counter_BeforeAnyCall_IsConservative()
    {
        var counter = new LlmTokenCounter();

        Assert.Equal(LlmTokenCounter.ConservativeCharsPerToken, counter.CharsPerToken("m"));
        Assert.True(counter.Estimate("m", new string('7', 3000)) >= 3000 / 2.85, "digit-heavy logs: Qwen counts ~2.85 characters per token");
    }

    [Fact]
    public void Counter_Observe_LearnsTheModelsRatioWithAMargin()
    {
        var counter = new LlmTokenCounter();
        List<LlmChatMessage> messages = [new("system", new string('a', 4000)), new("user", new string('b', 4000))];

        counter.Observe("llama", messages, 2000 + (2 * LlmTokenCounter.PerMessageTokens) + LlmTokenCounter.PerChatTokens);

        Assert.Equal(4.0 * 0.95, counter.CharsPerToken("llama"), 3);
        Assert.Equal(LlmTokenCounter.ConservativeCharsPerToken, counter.CharsPerToken("qwen"));
    }

    [Theory]
    [InlineData(4.0)]
    [InlineData(2.0)]
    public async Task Explain_AfterOneCall_TheBudgetFollowsTheProvidersCount(double charsPerToken)
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.CharsPerPromptToken = charsPerToken;
        await using var host = LlmTestHost.Create(server.BaseUrl, new Dictionary<string, string?> { ["Llm:CacheMinutes"] = "0" });
        var builder = host.Services.GetRequiredService<LlmPromptBuilder>();
        var input = LlmFixtures.Spring();
        var before = builder.Build(input.Groups, input.Records);

        await LlmScenarioRunner.RunAsync(host, input);
        var after = builder.Build(input.Groups, input.Records);

        var counter = host.Services.GetRequiredService<LlmTokenCounter>();
        Assert.Equal(charsPerToken * 0.95, counter.CharsPerToken(LlmOptionsDefaults.Model), 1);
        var expected = before.EstimatedTokens * LlmTokenCounter.ConservativeCharsPerToken / (charsPerToken * 0.95);
        Assert.InRange(after.EstimatedTokens, expected * 0.9, expected * 1.1);
    }

    private static class LlmOptionsDefaults
    {
        public const string Model = LlmOptions.DefaultModel;
    }
}
