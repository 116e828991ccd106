using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LogAnalyzer.Tests.Support;

namespace LogAnalyzer.Tests.Web;

/// <summary>Issue 13 item 4 (API side): the document says what is true about the LLM and the timestamps.</summary>
public sealed class TruthfulFactsApiTests
{
    private const string Sample = "2026-03-02 10:14:09,001 ERROR [pool-1] app.Db - Connection refused to db:5432\n";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task NoProviderConfigured_SaysNotConfigured_WhetherOrNotTheLlmWasAskedFor(bool useLlm)
    {
        await using var app = new AppFactory(new Dictionary<string, string?>());
        using var client = app.CreateClient();

        var llm = await LlmReportAsync(client, useLlm);

        Assert.Equal("disabled", llm["status"]!.GetValue<string>());
        Assert.Equal("notConfigured", llm["disabledReason"]!.GetValue<string>());
        Assert.Contains("No LLM provider is configured", llm["fallbackReason"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProviderConfigured_ButNotAskedFor_SaysNotRequested()
    {
        // A key makes a provider configured; useLlm=false means nothing is sent, so no server is needed.
        await using var app = new AppFactory(new Dictionary<string, string?> { ["Llm:ApiKey"] = LlmTestHost.ApiKey, ["Llm:BaseUrl"] = "http://127.0.0.1:9/v1" });
        using var client = app.CreateClient();

        var llm = await LlmReportAsync(client, useLlm: false);

        Assert.Equal("disabled", llm["status"]!.GetValue<string>());
        Assert.Equal("notRequested", llm["disabledReason"]!.GetValue<string>());
        Assert.Contains("not requested", llm["fallbackReason"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task YearLessTimestamps_AreFlaggedPerRecordAndCounted_AndTheRangeHasBothFullDates()
    {
        await using var app = new AppFactory(new Dictionary<string, string?>());
        using var client = app.CreateClient();
        var text = "2025-11-30 08:00:00,000 INFO [main] app.Start - started\n"
            + "Mar  1 10:00:01 web01 sshd[812]: error: connection reset\n"
            + "03-01 10:00:02.123  1234  5678 E ActivityManager: ANR in com.example.app\n";

        using var response = await client.PostAsJsonAsync("/api/v1/analyses", new { text });
        var json = await response.Content.ReadAsStringAsync();
        var document = JsonNode.Parse(json)!;

        Assert.Empty(SchemaCheck.Errors(json));
        Assert.Equal(2, document["summary"]!["yearAssumedRecords"]!.GetValue<int>());
        var records = document["records"]!.AsArray();
        Assert.Null(records[0]!["yearAssumed"]);
        Assert.True(records[1]!["yearAssumed"]!.GetValue<bool>());
        Assert.True(records[2]!["yearAssumed"]!.GetValue<bool>());
        Assert.StartsWith("2025-11-30T08:00:00", document["summary"]!["firstTimestamp"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T10:00:02", document["summary"]!["lastTimestamp"]!.GetValue<string>());
    }

    private static async Task<JsonNode> LlmReportAsync(HttpClient client, bool useLlm)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/analyses", new { text = Sample, useLlm });
        response.EnsureSuccessStatusCode();
        var document = await response.Content.ReadAsStringAsync();
        Assert.Empty(SchemaCheck.Errors(document));
        return JsonNode.Parse(document)!["llm"]!;
    }
}
