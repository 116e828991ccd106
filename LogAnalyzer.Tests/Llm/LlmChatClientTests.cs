using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json.Nodes;
using LogAnalyzer.Core.Llm;
using LogAnalyzer.Core.Model;
using LogAnalyzer.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenAI;

namespace LogAnalyzer.Tests.Llm;

/// <summary>
/// The provider call on Microsoft.Extensions.AI's <see cref="IChatClient"/>: what reaches the provider is still the
/// documented request (the one the prompt preview shows), finish reasons the OpenAI SDK does not know are read, and a
/// chat client swapped in keeps the resilience pipeline and the attempt count.
/// </summary>
public sealed class LlmChatClientTests
{
    [Theory]
    [InlineData("json_schema", true)]
    [InlineData("json_schema", false)]
    [InlineData("json_object", true)]
    [InlineData("none", true)]
    public async Task Request_ThroughTheChatClient_IsExactlyTheDocumentedBody(string mode, bool bounded)
    {
        await using var server = await FakeLlmServer.StartAsync();
        await using var host = LlmTestHost.Create(server.BaseUrl, new Dictionary<string, string?>
        {
            ["Llm:StructuredOutput"] = mode, ["Llm:BoundedSchema"] = bounded ? "true" : "false",
        });
        var settings = host.Services.GetRequiredService<IOptions<LlmOptions>>().Value;
        var (groups, records, _) = LlmFixtures.Spring();
        var prompt = host.Services.GetRequiredService<LlmPromptBuilder>().Build(groups, records);
        var schema = LlmAnswerSchema.ForPrompt(prompt, bounded).ToJsonString();

        // The repair round's shape: the rejected reply as an assistant message, then what was wrong with it.
        List<LlmChatMessage> messages = [.. prompt.Messages, new("assistant", "{\"groups\":[]} <not \"valid\"> é"), new("user", "Reply again.")];
        var result = await host.Services.GetRequiredService<LlmClient>().CompleteAsync(
            messages, schema, new LlmAttemptTracker(DateTimeOffset.UtcNow.AddMinutes(1)), CancellationToken.None);

        Assert.Equal(LlmCallOutcome.Completed, result.Outcome);
        var sent = JsonNode.Parse(Assert.Single(server.RequestBodies));
        var documented = JsonNode.Parse(LlmClient.BuildBody(messages, settings, schema));
        Assert.True(JsonNode.DeepEquals(documented, sent), $"sent:\n{sent!.ToJsonString()}\n\ndocumented:\n{documented!.ToJsonString()}");
        Assert.Equal("/v1/chat/completions", Assert.Single(server.RequestTargets));
        var headers = Assert.Single(server.RequestHeaders);
        Assert.Equal("Bearer " + LlmTestHost.ApiKey, headers["authorization"]);
        Assert.DoesNotContain(headers.Keys, h => h.StartsWith("x-stainless-", StringComparison.Ordinal)); // the SDK's OS/runtime report
        Assert.Equal(1, result.Attempts);
        Assert.Equal("fake-req-1", result.RequestId);
        Assert.Equal("fake-provider", result.Provider);
        Assert.True(result.PromptTokens > 0);
        Assert.True(result.CompletionTokens > 0);
    }

    [Fact]
    public async Task Request_AzureDeploymentUrl_KeepsChatPathAndApiVersion()
    {
        await using var server = await FakeLlmServer.StartAsync();
        await using var host = LlmTestHost.Create(server.BaseUrl, new Dictionary<string, string?>
        {
            ["Llm:AuthHeaderName"] = "api-key", ["Llm:AuthScheme"] = "", ["Llm:ApiVersion"] = "2024-10-21",
        });

        var (result, _) = await LlmScenarioRunner.RunAsync(host, LlmFixtures.Spring());

        Assert.Equal(LlmStatus.Succeeded, result.Report.Status);
        Assert.Equal("/v1/chat/completions?api-version=2024-10-21", Assert.Single(server.RequestTargets));
    }

    [Fact]
    public async Task Request_LocalServerWithoutKey_SendsNoAuthorization()
    {
        await using var server = await FakeLlmServer.StartAsync();
        await using var host = LlmTestHost.Create(server.BaseUrl, new Dictionary<string, string?> { ["Llm:ApiKey"] = null });

        var (result, _) = await LlmScenarioRunner.RunAsync(host, LlmFixtures.Spring());

        Assert.Equal(LlmStatus.Succeeded, result.Report.Status);
        Assert.False(Assert.Single(server.RequestHeaders).ContainsKey("authorization"));
    }

    [Fact]
    public async Task Answer_TgiStopSequence_IsAsGoodAsStop()
    {
        await using var server = await FakeLlmServer.StartAsync();
        await using var host = LlmTestHost.Create(server.BaseUrl);
        server.Scenario = FakeLlmScenario.StopSequence;

        var (result, _) = await LlmScenarioRunner.RunAsync(host, LlmFixtures.Spring());

        Assert.Equal(LlmStatus.Succeeded, result.Report.Status);
        Assert.Equal(3, result.Insights.Count);
        Assert.Equal(1, result.Report.Calls);
        Assert.True(result.Report.PromptTokens > 0);
    }

    [Fact]
    public async Task Answer_UnknownFinishReason_IsNamedInTheReport()
    {
        await using var server = await FakeLlmServer.StartAsync();
        await using var host = LlmTestHost.Create(server.BaseUrl);
        server.Scenario = FakeLlmScenario.UnknownFinishReason;

        var (result, _) = await LlmScenarioRunner.RunAsync(host, LlmFixtures.Spring());

        Assert.Equal(LlmStatus.InvalidOutput, result.Report.Status);
        Assert.Contains("finish_reason \"eos_token\"", result.Report.FallbackReason, StringComparison.Ordinal);
        Assert.Equal(1, result.Report.Calls);
    }

    [Fact]
    public async Task Answer_NotJson_IsReportedUnusable()
    {
        await using var server = await FakeLlmServer.StartAsync();
        await using var host = LlmTestHost.Create(server.BaseUrl);
        server.Scenario = FakeLlmScenario.NotJson;

        var (result, _) = await LlmScenarioRunner.RunAsync(host, LlmFixtures.Spring());

        Assert.Equal(LlmStatus.InvalidOutput, result.Report.Status);
        Assert.Contains("not JSON", result.Report.FallbackReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SwappedChatClient_OnTheLlmHttpClient_KeepsRetriesAndAttemptCount()
    {
        // The README's recipe for "any IChatClient": build it on the named HttpClient. Here the OpenAI SDK's own client
        // (what Azure.AI.OpenAI's AzureOpenAIClient returns too), so the fake provider can answer it.
        await using var server = await FakeLlmServer.StartAsync();
        var swapped = 0;
        await using var host = LlmTestHost.Create(server.BaseUrl, configure: services => services.AddLogAnalyzerLlm(provider =>
        {
            Interlocked.Increment(ref swapped);
            var http = provider.GetRequiredService<IHttpClientFactory>().CreateClient(LlmServiceCollectionExtensions.HttpClientName);
            var options = new OpenAIClientOptions
            {
                Endpoint = server.BaseUrl,
                Transport = new HttpClientPipelineTransport(http),
                RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
                NetworkTimeout = Timeout.InfiniteTimeSpan,
            };
            return new OpenAI.Chat.ChatClient(LlmOptions.DefaultModel, new ApiKeyCredential(LlmTestHost.ApiKey), options).AsIChatClient();
        }));
        server.Scenario = FakeLlmScenario.ModelLoadingThenSuccess;

        var (result, _) = await LlmScenarioRunner.RunAsync(host, LlmFixtures.Spring());

        Assert.Equal(1, swapped);
        Assert.Equal(LlmStatus.Succeeded, result.Report.Status);
        Assert.Equal(2, result.Report.Calls); // the 503 and the retry, both through our resilience handler
        Assert.Equal(2, server.CallCount);
    }

    [Fact]
    public async Task SwappedChatClient_AnyImplementation_IsUsedAndCountsOneCall()
    {
        await using var server = await FakeLlmServer.StartAsync();
        var answered = new AnswerFromPrompt();
        await using var host = LlmTestHost.Create(server.BaseUrl, configure: services => services.AddLogAnalyzerLlm(_ => answered));

        var (result, _) = await LlmScenarioRunner.RunAsync(host, LlmFixtures.Spring());

        Assert.Equal(LlmStatus.Succeeded, result.Report.Status);
        Assert.Equal(1, answered.Calls);
        Assert.Equal(0, server.CallCount);
        Assert.Equal(1, result.Report.Calls);
        Assert.Equal(1500, answered.LastOptions!.MaxOutputTokens);
        Assert.Equal(0f, answered.LastOptions.Temperature);
        Assert.IsType<ChatResponseFormatJson>(answered.LastOptions.ResponseFormat);
    }

    /// <summary>A chat client of another kind (not OpenAI, no HTTP): answers every group it is shown with its first line.</summary>
    private sealed class AnswerFromPrompt : IChatClient
    {
        public int Calls { get; private set; }

        public ChatOptions? LastOptions { get; private set; }

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            Calls++;
            LastOptions = options;
            var schema = ((ChatResponseFormatJson)options!.ResponseFormat!).Schema!.Value;
            var ids = schema.GetProperty("properties").GetProperty("groups").GetProperty("items").GetProperty("properties")
                .GetProperty("group_id").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).ToList();
            var user = messages.Last(m => m.Role == ChatRole.User).Text;
            var groups = new JsonArray();
            foreach (var id in ids)
            {
                var start = user.IndexOf("\"id\":\"" + id + "\"", StringComparison.Ordinal);
                var match = System.Text.RegularExpressions.Regex.Match(user[start..], "\"(\\d{1,9})\\| ");
                groups.Add(new JsonObject
                {
                    ["group_id"] = id, ["cause_category"] = "resource-exhaustion",
                    ["probable_cause"] = $"The connection pool is exhausted, so the requests of group {id} time out.",
                    ["missing_context"] = new JsonArray(), ["suggested_investigation"] = new JsonArray("Check the pool metrics"),
                    ["mitigation"] = new JsonArray("Raise the pool size after finding the leak"),
                    ["evidence_lines"] = new JsonArray(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)),
                    ["confidence"] = 0.5,
                });
            }

            var answer = new JsonObject { ["incidents"] = new JsonArray(), ["groups"] = groups, ["merges"] = new JsonArray() };
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, answer.ToJsonString())) { FinishReason = ChatFinishReason.Stop });
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
