using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LogAnalyzer.Core.Model;
using LogAnalyzer.Tests.Support;

namespace LogAnalyzer.Tests.Llm;

/// <summary>The whole app (real pipeline, real DI, real HTTP to the fake provider) with useLlm.</summary>
public sealed class LlmEndToEndTests
{
    private const string Key = "hf_EndToEndKeyNeverShown0123456789";

    [Theory]
    [InlineData(FakeLlmScenario.ValidJson)]
    [InlineData(FakeLlmScenario.SchemaInvalid)]
    [InlineData(FakeLlmScenario.BadGateway)]
    public async Task Analyze_UseLlmAgainstFakeProvider_DocumentIsSchemaValidAndFlagged(FakeLlmScenario scenario)
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.Scenario = scenario;
        await using var factory = new AppFactory(new Dictionary<string, string?>
        {
            ["Llm:ApiKey"] = Key, ["Llm:BaseUrl"] = server.BaseUrl.ToString(), ["Llm:TimeoutSeconds"] = "10",
            ["Llm:RetryBaseDelaySeconds"] = "0.02",
        });
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/v1/analyses", new { text = LlmFixtures.SpringLog, useLlm = true });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(Key, text, StringComparison.Ordinal);
        Assert.Empty(LlmScenarioRunner.SchemaErrors(text));
        var document = JsonSerializer.Deserialize<AnalysisDocument>(text, AnalysisJson.Options)!;
        Assert.Equal(document.Groups.Count, document.Insights.Select(i => i.GroupId).Distinct().Count());
        Assert.NotEmpty(document.Groups);
        var expected = scenario switch
        {
            FakeLlmScenario.ValidJson => LlmStatus.Succeeded,
            FakeLlmScenario.SchemaInvalid => LlmStatus.InvalidOutput,
            _ => LlmStatus.Failed,
        };
        Assert.Equal(expected, document.Llm.Status);
        Assert.Equal(server.CallCount, document.Llm.Calls);
        Assert.Equal(expected == LlmStatus.Succeeded, document.Insights.Any(i => i.Source == InsightSource.Llm));
    }
}
