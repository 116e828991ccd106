using LogAnalyzer.Core.Llm;
using LogAnalyzer.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Tests.Llm;

public sealed class LlmOptionsTests
{
    [Fact]
    public async Task Options_Defaults_AreTheHuggingFaceRouterAndLlama()
    {
        await using var host = LlmTestHost.Create(null, new Dictionary<string, string?>
        {
            ["Llm:BaseUrl"] = null, ["Llm:ApiKey"] = null, ["Llm:TimeoutSeconds"] = null,
        });

        var options = host.Services.GetRequiredService<IOptions<LlmOptions>>().Value;

        Assert.Equal("https://router.huggingface.co/v1", options.BaseUrl);
        Assert.Equal("meta-llama/Llama-3.1-8B-Instruct", options.Model);
        Assert.Equal(5, options.MaxGroups);
        Assert.Equal("json_schema", options.StructuredOutput);
        Assert.Equal(120, options.TimeoutSeconds);
    }

    [Fact]
    public async Task Options_HfTokenVariable_SuppliesTheKeyWhenApiKeyIsEmpty()
    {
        await using var host = LlmTestHost.Create(null, new Dictionary<string, string?>
        {
            ["Llm:ApiKey"] = "", ["HF_TOKEN"] = "hf_FromTheEnvironment0123456789",
        });

        Assert.Equal("hf_FromTheEnvironment0123456789", host.Services.GetRequiredService<IOptions<LlmOptions>>().Value.ApiKey);
        Assert.True(host.Llm.IsConfigured);
    }

    [Fact]
    public async Task Options_ApiKeySetting_WinsOverHfToken()
    {
        await using var host = LlmTestHost.Create(null, new Dictionary<string, string?> { ["HF_TOKEN"] = "hf_Other0123456789abcdef" });

        Assert.Equal(LlmTestHost.ApiKey, host.Services.GetRequiredService<IOptions<LlmOptions>>().Value.ApiKey);
    }

    [Fact]
    public void Options_DoubleUnderscoreEnvironmentVariables_Bind()
    {
        var prefix = "LA_TEST_" + Guid.NewGuid().ToString("N")[..8] + "_";
        Environment.SetEnvironmentVariable(prefix + "Llm__BaseUrl", "http://localhost:11434/v1");
        Environment.SetEnvironmentVariable(prefix + "Llm__Model", "qwen2.5:7b-instruct");
        Environment.SetEnvironmentVariable(prefix + "Llm__ApiKey", "ollama");
        try
        {
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables(prefix).Build();
            var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging().AddLogAnalyzerCore().BuildServiceProvider();

            var options = services.GetRequiredService<IOptions<LlmOptions>>().Value;

            Assert.Equal("http://localhost:11434/v1", options.BaseUrl);
            Assert.Equal("qwen2.5:7b-instruct", options.Model);
            Assert.Equal("ollama", options.ApiKey);
        }
        finally
        {
            Environment.SetEnvironmentVariable(prefix + "Llm__BaseUrl", null);
            Environment.SetEnvironmentVariable(prefix + "Llm__Model", null);
            Environment.SetEnvironmentVariable(prefix + "Llm__ApiKey", null);
        }
    }

    [Theory]
    [InlineData("Llm:StructuredOutput", "grammar", "StructuredOutput")]
    [InlineData("Llm:BaseUrl", "router.huggingface.co/v1", "Llm:BaseUrl")]
    [InlineData("Llm:BaseUrl", "http://10.1.2.3:8000/v1", "unencrypted")]
    [InlineData("Llm:MaxGroups", "0", "MaxGroups")]
    [InlineData("Llm:TimeoutSeconds", "0", "TimeoutSeconds")]
    [InlineData("Llm:MaxPromptTokens", "10", "MaxPromptTokens")]
    [InlineData("Llm:ApiKey", " hf_Pasted WithSpace ", "Llm:ApiKey")]
    public async Task Options_InvalidValue_FailsNamingTheSettingWithoutTheKey(string key, string value, string named)
    {
        await using var host = LlmTestHost.Create(null, new Dictionary<string, string?> { [key] = value });

        var ex = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<LlmOptions>>().Value);

        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(LlmTestHost.ApiKey, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("WithSpace", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Options_LoopbackWithoutKey_IsConfiguredForLocalServers()
    {
        await using var host = LlmTestHost.Create(new Uri("http://127.0.0.1:11434/v1"), new Dictionary<string, string?> { ["Llm:ApiKey"] = "" });

        Assert.True(host.Llm.IsConfigured);
    }

    [Fact]
    public async Task Options_Disabled_ReportsSwitchedOff()
    {
        await using var host = LlmTestHost.Create(null, new Dictionary<string, string?> { ["Llm:Enabled"] = "false" });

        var result = await host.Llm.ExplainAsync(new LlmStageInput([], [], []), CancellationToken.None);

        Assert.False(host.Llm.IsConfigured);
        Assert.Contains("Llm:Enabled=false", result.Report.FallbackReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resilience_StandardHandlerOptions_PassItsValidatorWithSlowTimeouts()
    {
        await using var server = await FakeLlmServer.StartAsync();
        await using var host = LlmTestHost.Create(server.BaseUrl, new Dictionary<string, string?> { ["Llm:TimeoutSeconds"] = "300" });

        var (result, _) = await LlmScenarioRunner.RunAsync(host, LlmFixtures.Spring());

        Assert.Equal(Core.Model.LlmStatus.Succeeded, result.Report.Status);
    }
}
