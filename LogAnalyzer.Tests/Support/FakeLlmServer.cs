using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LogAnalyzer.Tests.Support;

/// <summary>
/// An OpenAI-compatible chat-completions server on real loopback HTTP (Kestrel, 127.0.0.1, a free port) that answers
/// like the Hugging Face router would in each <see cref="FakeLlmScenario"/>. Records every request body and header.
/// Always sends <c>x-request-id</c>; sends <c>x-inference-provider</c> on success.
/// </summary>
public sealed partial class FakeLlmServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<string> _bodies = new();
    private readonly ConcurrentQueue<IReadOnlyDictionary<string, string>> _headers = new();
    private readonly ConcurrentQueue<string> _targets = new();
    private readonly Lock _gate = new();
    private FakeLlmScenario _scenario = FakeLlmScenario.ValidJson;
    private int _scenarioCalls;
    private int _callCount;
    private int _abortedCalls;

    private FakeLlmServer(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>The OpenAI-style base URL, ending in <c>/v1</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>How the next requests are answered; setting it restarts the scenario's own call count.</summary>
    public FakeLlmScenario Scenario
    {
        get
        {
            lock (_gate)
            {
                return _scenario;
            }
        }

        set
        {
            lock (_gate)
            {
                _scenario = value;
                _scenarioCalls = 0;
            }
        }
    }

    /// <summary>
    /// When set, <c>usage.prompt_tokens</c> is the messages' characters over this ratio plus the chat overhead (a
    /// tokenizer of known density); otherwise a quarter of the body's length.
    /// </summary>
    public double? CharsPerPromptToken { get; set; }

    /// <summary>Every request body received, in order.</summary>
    public IReadOnlyList<string> RequestBodies => [.. _bodies];

    /// <summary>Every request's headers (lower-case names), in order.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> RequestHeaders => [.. _headers];

    /// <summary>Every request's path and query string, in order.</summary>
    public IReadOnlyList<string> RequestTargets => [.. _targets];

    /// <summary>Requests received on the chat-completions path.</summary>
    public int CallCount => Volatile.Read(ref _callCount);

    /// <summary><see cref="FakeLlmScenario.Hang"/> requests the client gave up on (it cancelled or timed out).</summary>
    public int AbortedCalls => Volatile.Read(ref _abortedCalls);

    public static async Task<FakeLlmServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        FakeLlmServer? server = null;
        app.MapPost("/v1/chat/completions", (HttpContext context) => server!.HandleAsync(context));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new FakeLlmServer(app, new Uri(address.TrimEnd('/') + "/v1"));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var call = Interlocked.Increment(ref _callCount);
        _targets.Enqueue(context.Request.Path.Value + context.Request.QueryString.Value);
        _headers.Enqueue(context.Request.Headers.ToDictionary(
            h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase));
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        _bodies.Enqueue(body);
        FakeLlmScenario scenario;
        int scenarioCall;
        lock (_gate)
        {
            scenario = _scenario;
            scenarioCall = ++_scenarioCalls;
        }

        var response = context.Response;
        response.Headers["x-request-id"] = "fake-req-" + call.ToString(CultureInfo.InvariantCulture);
        var groups = GroupsIn(body);
        switch (scenario)
        {
            case FakeLlmScenario.ValidJson:
                await CompletionAsync(response, body, Answer(groups).ToJsonString()).ConfigureAwait(false);
                break;
            case FakeLlmScenario.StopSequence:
                await CompletionAsync(response, body, Answer(groups).ToJsonString(), finishReason: "stop_sequence").ConfigureAwait(false);
                break;
            case FakeLlmScenario.UnknownFinishReason:
                await CompletionAsync(response, body, Answer(groups).ToJsonString(), finishReason: "eos_token").ConfigureAwait(false);
                break;
            case FakeLlmScenario.NotJson:
                response.StatusCode = 200;
                response.ContentType = "text/plain";
                await response.WriteAsync("upstream says hello").ConfigureAwait(false);
                break;
            case FakeLlmScenario.CodeFence:
                await CompletionAsync(response, body, "```json\n" + Answer(groups).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n```")
                    .ConfigureAwait(false);
                break;
            case FakeLlmScenario.ThinkBlock:
                await CompletionAsync(response, body, "<think>The user wants JSON. Group A looks like a pool timeout.</think>\n" + Answer(groups).ToJsonString())
                    .ConfigureAwait(false);
                break;
            case FakeLlmScenario.Prose:
                await CompletionAsync(response, body,
                    "Sure! Looking at these logs, the database seems to be down. You should restart it and check the network.").ConfigureAwait(false);
                break;
            case FakeLlmScenario.TruncatedLength:
                // Cut at max_tokens, as a model that hits the limit is.
                var full = Answer(groups).ToJsonString();
                await CompletionAsync(response, body, full[..(full.Length / 2)], finishReason: "length", completionTokens: MaxTokensIn(body)).ConfigureAwait(false);
                break;
            case FakeLlmScenario.ContextFull:
                var cut = Answer(groups).ToJsonString();
                await CompletionAsync(response, body, cut[..(cut.Length / 3)], finishReason: "length", completionTokens: 40).ConfigureAwait(false);
                break;
            case FakeLlmScenario.OneBadEvidenceLine:
                var oneBad = Answer(groups);
                oneBad["groups"]![0]!["evidence_lines"]!.AsArray().Add(987_654);
                await CompletionAsync(response, body, oneBad.ToJsonString()).ConfigureAwait(false);
                break;
            case FakeLlmScenario.JunkMergeReason:
                var junk = WithMerge(groups, self: false);
                junk["merges"]![0]!["reason"] = "\u0120\u0120\u0120 0x7f3a 0x7f3a ## ## 0x7f3a ====";
                await CompletionAsync(response, body, junk.ToJsonString()).ConfigureAwait(false);
                break;
            case FakeLlmScenario.MergeWithoutEvidence:
                var bare = WithMerge(groups, self: false);
                bare["merges"]![0]!["evidence_lines"] = new JsonArray(987_654);
                await CompletionAsync(response, body, bare.ToJsonString()).ConfigureAwait(false);
                break;
            case FakeLlmScenario.LoneMergeThenValid:
                if (scenarioCall == 1)
                {
                    var lone = WithMerge(groups, self: false);
                    lone["groups"] = new JsonArray(Insight("ZZZ", [1]));
                    await CompletionAsync(response, body, lone.ToJsonString()).ConfigureAwait(false);
                }
                else
                {
                    await CompletionAsync(response, body, Answer(groups).ToJsonString()).ConfigureAwait(false);
                }

                break;
            case FakeLlmScenario.Rambling:
                // Like a grammar-enforcing server: the request schema's maxLength is what stops the rambling.
                var rambling = Answer(groups);
                var limit = ProbableCauseMaxLength(body);
                foreach (var item in rambling["groups"]!.AsArray())
                {
                    var text = item!["probable_cause"]!.GetValue<string>() + string.Concat(Enumerable.Repeat(
                        " It could also be related to the network, the disk, or the configuration of the service.", 25));
                    item["probable_cause"] = limit is { } max && text.Length > max ? text[..max] : text;
                }

                await CompletionAsync(response, body, rambling.ToJsonString()).ConfigureAwait(false);
                break;
            case FakeLlmScenario.StrictRejectsBounds:
                if (body.Contains("\"maxLength\"", StringComparison.Ordinal))
                {
                    await ErrorAsync(response, 400, "application/json",
                        """{"error":{"message":"Invalid schema for response_format 'incident_analysis': 'maxLength' is not permitted.","type":"invalid_request_error","param":"response_format","code":null}}""")
                        .ConfigureAwait(false);
                }
                else
                {
                    await CompletionAsync(response, body, Answer(groups).ToJsonString()).ConfigureAwait(false);
                }

                break;
            case FakeLlmScenario.RefineIncidents:
                var refined = Answer(groups);
                if (FirstIncident(body) is { } incident && groups.Count > 0)
                {
                    var members = incident.Groups.Append(groups[^1].Id).Distinct().ToList();
                    refined["incidents"] = new JsonArray(new JsonObject
                    {
                        ["incident_id"] = incident.Id, ["root_group_id"] = incident.Root,
                        ["group_ids"] = new JsonArray([.. members.Select(m => (JsonNode)m)]),
                        ["cause_category"] = "resource-exhaustion",
                    });
                }

                await CompletionAsync(response, body, refined.ToJsonString()).ConfigureAwait(false);
                break;
            case FakeLlmScenario.SchemaInvalid:
                await CompletionAsync(response, body, SchemaInvalid(groups)).ConfigureAwait(false);
                break;
            case FakeLlmScenario.InvalidThenValid:
                await CompletionAsync(response, body, scenarioCall == 1 ? SchemaInvalid(groups) : Answer(groups).ToJsonString()).ConfigureAwait(false);
                break;
            case FakeLlmScenario.HallucinatedIds:
                await CompletionAsync(response, body, Hallucinated(groups).ToJsonString()).ConfigureAwait(false);
                break;
            case FakeLlmScenario.SelfMerge:
                await CompletionAsync(response, body, WithMerge(groups, self: true).ToJsonString()).ConfigureAwait(false);
                break;
            case FakeLlmScenario.ValidMerge:
                await CompletionAsync(response, body, WithMerge(groups, self: false).ToJsonString()).ConfigureAwait(false);
                break;
            case FakeLlmScenario.RateLimitedWithRetryAfter:
                response.Headers.RetryAfter = "1";
                await ErrorAsync(response, 429, "application/json", """{"error":"Rate limit reached. Please retry later."}""").ConfigureAwait(false);
                break;
            case FakeLlmScenario.RateLimitedWithoutRetryAfter:
                await ErrorAsync(response, 429, "application/json", """{"error":"Too Many Requests"}""").ConfigureAwait(false);
                break;
            case FakeLlmScenario.QuotaExhausted429:
                await ErrorAsync(response, 429, "application/json",
                    """{"error":{"message":"You exceeded your current quota, please check your plan and billing details.","type":"insufficient_quota","code":"insufficient_quota"}}""")
                    .ConfigureAwait(false);
                break;
            case FakeLlmScenario.ModelLoadingThenSuccess:
                if (scenarioCall == 1)
                {
                    await ErrorAsync(response, 503, "application/json",
                        """{"error":"Model meta-llama/Llama-3.1-8B-Instruct is currently loading","estimated_time":20.0}""").ConfigureAwait(false);
                }
                else
                {
                    await CompletionAsync(response, body, Answer(groups).ToJsonString()).ConfigureAwait(false);
                }

                break;
            case FakeLlmScenario.GenerationFailedThenSuccess when scenarioCall == 1:
            case FakeLlmScenario.GenerationFailed:
                await ErrorAsync(response, 424, "application/json",
                    """{"error":"Request failed during generation: Server error: CUDA out of memory","error_type":"generation"}""").ConfigureAwait(false);
                break;
            case FakeLlmScenario.GenerationFailedThenSuccess:
                await CompletionAsync(response, body, Answer(groups).ToJsonString()).ConfigureAwait(false);
                break;
            case FakeLlmScenario.ServerErrorHtml:
                await ErrorAsync(response, 500, "text/html",
                    "<!DOCTYPE html><html><head><title>500 Internal Server Error</title></head><body><h1>Internal Server Error</h1></body></html>")
                    .ConfigureAwait(false);
                break;
            case FakeLlmScenario.BadGateway:
                await ErrorAsync(response, 502, "text/html", "<html><body><h1>502 Bad Gateway</h1></body></html>").ConfigureAwait(false);
                break;
            case FakeLlmScenario.GatewayTimeout:
                await ErrorAsync(response, 504, "text/html", "<html><body><h1>504 Gateway Time-out</h1></body></html>").ConfigureAwait(false);
                break;
            case FakeLlmScenario.BadRequest:
                await ErrorAsync(response, 400, "application/json",
                    """{"error":{"message":"The requested model 'x/y' is not supported by any provider you have enabled.","type":"invalid_request_error","param":"model","code":"model_not_supported"}}""")
                    .ConfigureAwait(false);
                break;
            case FakeLlmScenario.Unauthorized:
                await ErrorAsync(response, 401, "application/json", """{"error":"Invalid credentials in Authorization header"}""").ConfigureAwait(false);
                break;
            case FakeLlmScenario.PaymentRequired:
                await ErrorAsync(response, 402, "application/json",
                    """{"error":"You have depleted your monthly included credits. Purchase pre-paid credits to continue using Inference Providers."}""")
                    .ConfigureAwait(false);
                break;
            case FakeLlmScenario.NotFound:
                await ErrorAsync(response, 404, "text/plain", "Not Found").ConfigureAwait(false);
                break;
            case FakeLlmScenario.Hang:
                using (var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token))
                {
                    try
                    {
                        await Task.Delay(Timeout.InfiniteTimeSpan, linked.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        // The client gave up or the server is stopping: nothing to answer.
                        if (context.RequestAborted.IsCancellationRequested)
                        {
                            Interlocked.Increment(ref _abortedCalls);
                        }
                    }
                }

                break;
            case FakeLlmScenario.DropConnection:
                context.Abort();
                break;
            case FakeLlmScenario.EmptyChoices:
                await JsonAsync(response, 200, new JsonObject
                {
                    ["id"] = "chatcmpl-empty", ["object"] = "chat.completion", ["created"] = 1772446447, ["model"] = ModelIn(body),
                    ["choices"] = new JsonArray(),
                    ["usage"] = new JsonObject { ["prompt_tokens"] = body.Length / 4, ["completion_tokens"] = 0, ["total_tokens"] = body.Length / 4 },
                }, provider: true).ConfigureAwait(false);
                break;
            default:
                await ErrorAsync(response, 500, "text/plain", "unknown scenario").ConfigureAwait(false);
                break;
        }
    }

    /// <summary>Group ids and the line numbers shown for each, read from the request's messages like a model would.</summary>
    private static string UserText(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return string.Join('\n', json.RootElement.GetProperty("messages").EnumerateArray()
                .Where(m => m.GetProperty("role").GetString() == "user")
                .Select(m => m.GetProperty("content").GetString() ?? ""));
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return "";
        }
    }

    private static List<(string Id, List<int> Lines)> GroupsIn(string body)
    {
        var result = new List<(string, List<int>)>();
        var text = UserText(body);

        var starts = GroupStart().Matches(text);
        for (var i = 0; i < starts.Count; i++)
        {
            var id = starts[i].Groups[1].Value;
            if (result.Any(g => g.Item1 == id))
            {
                continue;
            }

            var end = i + 1 < starts.Count ? starts[i + 1].Index : text.Length;
            var segment = text[starts[i].Index..end];
            var lines = NumberedLine().Matches(segment).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Distinct().ToList();
            result.Add((id, lines));
        }

        return result;
    }

    private static JsonObject Answer(List<(string Id, List<int> Lines)> groups) => new()
    {
        ["incidents"] = new JsonArray(),
        ["groups"] = new JsonArray([.. groups.Select(g => (JsonNode)Insight(g.Id, g.Lines.Take(2)))]),
        ["merges"] = new JsonArray(),
    };

    private static JsonObject Insight(string id, IEnumerable<int> lines) => new()
    {
        ["group_id"] = id,
        ["cause_category"] = "resource-exhaustion",
        ["probable_cause"] = $"The database connection pool is exhausted, so requests in group {id} time out waiting for a connection.",
        ["missing_context"] = new JsonArray(
            new JsonObject { ["kind"] = "timeline", ["detail"] = "Database server logs for the same window" },
            new JsonObject { ["kind"] = "resourceMetrics", ["detail"] = "Pool size and active connection metrics" }),
        ["suggested_investigation"] = new JsonArray("Check the database's health and connection count around the first error"),
        ["mitigation"] = new JsonArray("Restart the stuck consumer and raise the pool timeout only after finding the leak"),
        ["evidence_lines"] = new JsonArray([.. lines.Select(l => (JsonNode)l)]),
        ["confidence"] = 0.6,
    };

    private static string SchemaInvalid(List<(string Id, List<int> Lines)> groups) =>
        new JsonObject
        {
            ["groups"] = new JsonArray([.. groups.Select(g => (JsonNode)new JsonObject
            {
                ["id"] = g.Id, ["cause"] = "database down", ["confidence"] = "high",
            })]),
        }.ToJsonString();

    private static JsonObject Hallucinated(List<(string Id, List<int> Lines)> groups)
    {
        var answer = new JsonArray();
        if (groups.Count > 0)
        {
            answer.Add(Insight(groups[0].Id, groups[0].Lines.Take(1)));
        }

        answer.Add(Insight("ZZZ", [1]));
        if (groups.Count > 1)
        {
            answer.Add(Insight(groups[1].Id, [987_654]));
        }

        return new JsonObject { ["incidents"] = new JsonArray(), ["groups"] = answer, ["merges"] = new JsonArray() };
    }

    private static JsonObject WithMerge(List<(string Id, List<int> Lines)> groups, bool self)
    {
        var answer = Answer(groups);
        if (groups.Count > 0)
        {
            var ids = self || groups.Count < 2 ? new JsonArray(groups[0].Id, groups[0].Id) : new JsonArray(groups[0].Id, groups[1].Id);
            answer["merges"] = new JsonArray(new JsonObject
            {
                ["group_ids"] = ids,
                ["reason"] = "Both show the same connection pool timeout against the same database.",
                ["evidence_lines"] = new JsonArray([.. groups[0].Lines.Take(1).Select(l => (JsonNode)l)]),
            });
        }

        return answer;
    }

    private Task CompletionAsync(
        HttpResponse response, string requestBody, string content, string finishReason = "stop", int? completionTokens = null) =>
        JsonAsync(response, 200, new JsonObject
        {
            ["id"] = "chatcmpl-fake",
            ["object"] = "chat.completion",
            ["created"] = 1772446447,
            ["model"] = ModelIn(requestBody),
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["finish_reason"] = finishReason,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
            }),
            ["usage"] = new JsonObject
            {
                ["prompt_tokens"] = PromptTokens(requestBody),
                ["completion_tokens"] = completionTokens ?? content.Length / 4,
                ["total_tokens"] = (requestBody.Length + content.Length) / 4,
            },
        }, provider: true);

    private static async Task JsonAsync(HttpResponse response, int status, JsonObject json, bool provider)
    {
        response.StatusCode = status;
        if (provider)
        {
            response.Headers["x-inference-provider"] = "fake-provider";
        }

        response.ContentType = "application/json";
        await response.WriteAsync(json.ToJsonString()).ConfigureAwait(false);
    }

    private static async Task ErrorAsync(HttpResponse response, int status, string contentType, string body)
    {
        response.StatusCode = status;
        response.ContentType = contentType;
        await response.WriteAsync(body).ConfigureAwait(false);
    }

    private int PromptTokens(string body)
    {
        if (CharsPerPromptToken is not { } ratio)
        {
            return body.Length / 4;
        }

        using var json = JsonDocument.Parse(body);
        var messages = json.RootElement.GetProperty("messages").EnumerateArray().ToList();
        var characters = messages.Sum(m => m.GetProperty("content").GetString()!.Length);
        return (int)Math.Round(characters / ratio) + (messages.Count * 6) + 3;
    }

    private static int MaxTokensIn(string body)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.TryGetProperty("max_tokens", out var max) ? max.GetInt32() : 0;
    }

    /// <summary>The <c>maxLength</c> the request's answer schema puts on <c>probable_cause</c>, if any.</summary>
    private static int? ProbableCauseMaxLength(string body)
    {
        var node = JsonNode.Parse(body)?["response_format"]?["json_schema"]?["schema"]?["properties"]?["groups"]?["items"]?["properties"]?["probable_cause"]?["maxLength"];
        return node?.GetValue<int>();
    }

    /// <summary>The first incident of the request's user message: its id, root and group ids.</summary>
    private static (string Id, string Root, List<string> Groups)? FirstIncident(string body)
    {
        var match = IncidentItem().Match(UserText(body));
        return match.Success
            ? (match.Groups[1].Value, match.Groups[2].Value, [.. QuotedId().Matches(match.Groups[3].Value).Select(m => m.Groups[1].Value)])
            : null;
    }

    [GeneratedRegex(@"""incident"":""([^""]{1,20})"".*?""rootGroup"":""([^""]{1,40})"",""groupIds"":\[([^\]]*)\]")]
    private static partial Regex IncidentItem();

    [GeneratedRegex("\"([^\"]{1,40})\"")]
    private static partial Regex QuotedId();

    private static string ModelIn(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("model", out var model) ? model.GetString() ?? "unknown" : "unknown";
        }
        catch (JsonException)
        {
            return "unknown";
        }
    }

    [GeneratedRegex("\"id\":\"([^\"\\\\]{1,40})\"")]
    private static partial Regex GroupStart();

    [GeneratedRegex("\"(\\d{1,9})\\| ")]
    private static partial Regex NumberedLine();
}
