extern alias bench;

using System.Text.Json;
using bench::LogAnalyzer.Bench;
using LogAnalyzer.Tests.Support;

namespace LogAnalyzer.Tests.Llm;

/// <summary><c>bench -- llm-eval DIR</c> against the fake provider, as CI runs it.</summary>
public sealed class LlmEvalCommandTests
{
    private static string Fixtures => Path.Combine(AppContext.BaseDirectory, "Fixtures", "LlmEval");

    private static Dictionary<string, string?> Settings(FakeLlmServer server) => new()
    {
        ["Llm:BaseUrl"] = server.BaseUrl.ToString().TrimEnd('/'),
        ["Llm:ApiKey"] = LlmTestHost.ApiKey,
        ["Llm:TimeoutSeconds"] = "20",
        ["HF_TOKEN"] = "",
    };

    [Fact]
    public async Task LlmEval_AgainstTheFake_ReportsEveryCaseAndEndsWithOneJsonObject()
    {
        await using var server = await FakeLlmServer.StartAsync();
        using var output = new StringWriter();

        var code = await LlmEvalCommand.RunAsync([Fixtures], output, Settings(server));

        Assert.Equal(0, code);
        var lines = output.ToString().TrimEnd().Split('\n');
        Assert.Contains(lines, l => l.StartsWith("pool-exhausted:", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("upstream-timeout:", StringComparison.Ordinal));
        using var json = JsonDocument.Parse(lines[^1]);
        var total = json.RootElement;
        Assert.Equal("llm-eval", total.GetProperty("command").GetString());
        Assert.Equal(2, total.GetProperty("cases").GetInt32());
        Assert.Equal(1.0, total.GetProperty("schemaValidRate").GetDouble());
        Assert.Equal(0, total.GetProperty("repairs").GetInt32());
        Assert.Equal(1.0, total.GetProperty("evidenceValidity").GetDouble());
        // The fake always answers "resource-exhaustion": it agrees with one label of two.
        Assert.Equal(0.5, total.GetProperty("categoryAgreement").GetDouble());
        Assert.True(total.GetProperty("promptTokens").GetInt32() > 0);
        Assert.True(total.GetProperty("completionTokens").GetInt32() > 0);
        Assert.Equal(server.CallCount, total.GetProperty("calls").GetInt32());
    }

    [Fact]
    public async Task LlmEval_RepairsAndInvalidAnswers_AreCounted()
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.Scenario = FakeLlmScenario.SchemaInvalid;
        using var output = new StringWriter();

        await LlmEvalCommand.RunAsync([Fixtures], output, Settings(server));

        using var json = JsonDocument.Parse(output.ToString().TrimEnd().Split('\n')[^1]);
        Assert.Equal(0.0, json.RootElement.GetProperty("schemaValidRate").GetDouble());
        Assert.Equal(2, json.RootElement.GetProperty("repairs").GetInt32());
        Assert.Equal(4, json.RootElement.GetProperty("calls").GetInt32());
    }
}
