using LogAnalyzer.Core.Analysis;
using LogAnalyzer.Core.Llm;
using LogAnalyzer.Core.Model;
using LogAnalyzer.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Tests.Llm;

/// <summary><c>Llm:Profile</c>: hosted keeps today's defaults; local suits a single-slot CPU server; every value stays overridable.</summary>
public sealed class LlmProfileTests
{
    private static Dictionary<string, string?> Profile(string? profile, params (string Key, string? Value)[] more)
    {
        var settings = new Dictionary<string, string?> { ["Llm:Profile"] = profile, ["Llm:TimeoutSeconds"] = null, ["Llm:MaxPromptTokens"] = null };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return settings;
    }

    [Fact]
    public async Task Profile_Hosted_KeepsTheHostedDefaults()
    {
        await using var host = LlmTestHost.Create(null, Profile("hosted"));

        var options = host.Services.GetRequiredService<IOptions<LlmOptions>>().Value;

        Assert.Equal(120, options.TimeoutSeconds);
        Assert.Equal(0.5, options.AttemptTimeoutFraction);
        Assert.Equal(2, options.MaxRetries);
        Assert.Equal(5, options.MaxGroups);
        Assert.Equal(1500, options.MaxCompletionTokens);
    }

    [Fact]
    public async Task Profile_Local_OneAttemptWithTheWholeMinutesScaleBudgetAndSmallerPrompts()
    {
        await using var host = LlmTestHost.Create(null, Profile("local"));

        var options = host.Services.GetRequiredService<IOptions<LlmOptions>>().Value;

        Assert.Equal(600, options.TimeoutSeconds);
        Assert.Equal(1.0, options.AttemptTimeoutFraction);
        Assert.Equal(0, options.MaxRetries);
        Assert.True(options.MaxGroups < 5);
        Assert.True(options.MaxCompletionTokens < 1500);
        Assert.True(options.MaxPromptTokens < 6000);
        Assert.Equal(TimeSpan.FromSeconds(600 + AnalysisOptions.DerivedHeadroomSeconds), host.Services.GetRequiredService<IOptions<AnalysisOptions>>().Value.Timeout);
    }

    [Fact]
    public async Task Profile_Local_ExplicitValuesStillWin()
    {
        await using var host = LlmTestHost.Create(null, Profile("local", ("Llm:MaxGroups", "4"), ("Llm:TimeoutSeconds", "300"), ("Llm:MaxRetries", "1")));

        var options = host.Services.GetRequiredService<IOptions<LlmOptions>>().Value;

        Assert.Equal(4, options.MaxGroups);
        Assert.Equal(300, options.TimeoutSeconds);
        Assert.Equal(1, options.MaxRetries);
        Assert.Equal(1.0, options.AttemptTimeoutFraction);
    }

    [Fact]
    public async Task Profile_Unknown_RefusesToStartNamingTheSetting()
    {
        await using var host = LlmTestHost.Create(null, Profile("gpu"));

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<LlmOptions>>().Value);

        Assert.Contains("Profile", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Profile_Local_PromptHoldsTheTopGroupsBeforeAnyRatioIsLearned()
    {
        await using var host = LlmTestHost.Create(null, Profile("local"));
        var input = LlmFixtures.Spring();

        var prompt = host.Services.GetRequiredService<LlmPromptBuilder>().Build(input.Groups, input.Records);

        Assert.True(prompt.Fits);
        Assert.True(prompt.GroupIds.Count >= 2, $"{prompt.GroupIds.Count} groups at detail level {prompt.DetailLevel}");
        Assert.True(prompt.EstimatedTokens + 700 <= 4700);
    }

    [Fact]
    public async Task Profile_Local_ProviderHangs_MakesOneAttemptAndQueuesNoRetryBehindIt()
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.Scenario = FakeLlmScenario.Hang;
        await using var host = LlmTestHost.Create(server.BaseUrl, Profile("local", ("Llm:TimeoutSeconds", "1.5")));

        var (result, _) = await LlmScenarioRunner.RunAsync(host, LlmFixtures.Spring());

        Assert.Equal(LlmStatus.TimedOut, result.Report.Status);
        Assert.Equal(1, server.CallCount);
        Assert.Equal(1, result.Report.Calls);
    }
}
