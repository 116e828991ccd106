using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace LogAnalyzer.Core.Llm;

/// <summary>
/// Typed HttpClient for OpenAI-compatible <c>POST {BaseUrl}/chat/completions</c> (HF router, Ollama, vLLM,
/// llama.cpp, TGI, OpenAI, Azure OpenAI). Resilience (timeouts, retries, circuit breaker) sits in the handler
/// pipeline; this class turns every outcome into an <see cref="LlmCallResult"/> and never throws for provider
/// failures. Cancellation by the caller propagates.
/// </summary>
internal sealed class LlmClient(HttpClient http, IOptions<LlmOptions> options, TimeProvider timeProvider)
{
    private const int MaxErrorBodyChars = 16 * 1024;

    /// <summary>The exact JSON body for <paramref name="messages"/> under the current options.</summary>
    /// <param name="messages">System, user (and the repair round's) messages.</param>
    /// <param name="options">The LLM settings.</param>
    /// <param name="schema">The answer schema for this prompt (<see cref="LlmAnswerSchema.ForPrompt"/>), sent in json_schema mode.</param>
    public static string BuildBody(IReadOnlyList<LlmChatMessage> messages, LlmOptions options, string schema)
    {
        ArgumentException.ThrowIfNullOrEmpty(schema);
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(options);
        var list = new JsonArray();
        foreach (var message in messages)
        {
            list.Add(new JsonObject { ["role"] = message.Role, ["content"] = message.Content });
        }

        var body = new JsonObject
        {
            ["model"] = options.Model,
            ["messages"] = list,
            ["max_tokens"] = options.MaxCompletionTokens,
            ["temperature"] = 0,
            ["top_p"] = 1,
            ["seed"] = options.Seed,
            ["stream"] = false,
        };
        switch (options.StructuredOutput)
        {
            case "json_schema":
                body["response_format"] = new JsonObject
                {
                    ["type"] = "json_schema",
                    ["json_schema"] = new JsonObject
                    {
                        ["name"] = LlmAnswerSchema.Name,
                        ["strict"] = true,
                        ["schema"] = JsonNode.Parse(schema),
                    },
                };
                break;
            case "json_object":
                body["response_format"] = new JsonObject { ["type"] = "json_object" };
                break;
            default:
                break;
        }

        return body.ToJsonString();
    }

    /// <summary>The chat-completions URL (with <c>api-version</c> for Azure classic deployments).</summary>
    public static Uri BuildUri(LlmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var url = options.BaseUrl.TrimEnd('/') + "/" + options.ChatPath.TrimStart('/');
        if (!string.IsNullOrWhiteSpace(options.ApiVersion))
        {
            url += (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "api-version=" + Uri.EscapeDataString(options.ApiVersion);
        }

        return new Uri(url, UriKind.Absolute);
    }

    /// <summary>
    /// One call (retries included). <paramref name="tracker"/> belongs to the caller and counts every HTTP attempt as it
    /// is sent, so the attempts are known even when the caller's budget cancels the call.
    /// </summary>
    public async Task<LlmCallResult> CompleteAsync(
        IReadOnlyList<LlmChatMessage> messages, string schema, LlmAttemptTracker tracker, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        var settings = options.Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, BuildUri(settings))
        {
            Content = new StringContent(BuildBody(messages, settings, schema), Encoding.UTF8, "application/json"),
        };
        request.Options.Set(LlmAttemptTracker.Key, tracker);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (!string.IsNullOrWhiteSpace(settings.ApiKey))
        {
            var value = string.IsNullOrWhiteSpace(settings.AuthScheme) ? settings.ApiKey : settings.AuthScheme + " " + settings.ApiKey;
            request.Headers.TryAddWithoutValidation(settings.AuthHeaderName, value);
        }

        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            return await ReadAsync(response, tracker, settings.ApiKey, cancellationToken).ConfigureAwait(false);
        }
        catch (BrokenCircuitException)
        {
            return Failure(LlmCallOutcome.CircuitOpen, tracker, "calls are paused after repeated provider failures");
        }
        catch (TimeoutRejectedException)
        {
            return Failure(LlmCallOutcome.TimedOut, tracker, "the provider did not answer in time");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failure(LlmCallOutcome.TimedOut, tracker, "the provider did not answer in time");
        }
        catch (HttpRequestException ex)
        {
            return Failure(LlmCallOutcome.NetworkError, tracker, Describe(ex));
        }
    }

    private async Task<LlmCallResult> ReadAsync(
        HttpResponseMessage response, LlmAttemptTracker tracker, string? secret, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var requestId = tracker.RequestId;
        var provider = tracker.Provider;
        if (!response.IsSuccessStatusCode)
        {
            var errorBody = body.Length > MaxErrorBodyChars ? body[..MaxErrorBodyChars] : body;
            return new LlmCallResult
            {
                Outcome = LlmCallOutcome.HttpError,
                StatusCode = (int)response.StatusCode,
                ErrorMessage = LlmHttpErrors.Message(errorBody, response.Headers, secret),
                RetryAfter = LlmHttpErrors.RetryAfter(response, timeProvider.GetUtcNow()),
                QuotaExhausted = response.StatusCode is HttpStatusCode.PaymentRequired
                    || (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.Forbidden && LlmHttpErrors.MentionsQuota(errorBody)),
                Attempts = tracker.Attempts, RequestId = requestId, Provider = provider,
            };
        }

        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Failure(LlmCallOutcome.MalformedResponse, tracker, "the answer is not a chat-completions object", 200);
            }

            int promptTokens = 0, completionTokens = 0;
            if (root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
            {
                promptTokens = IntProperty(usage, "prompt_tokens");
                completionTokens = IntProperty(usage, "completion_tokens");
            }

            var choiceCount = 0;
            string? content = null, finish = null;
            if (root.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array)
            {
                choiceCount = choices.GetArrayLength();
                if (choiceCount > 0 && choices[0].ValueKind == JsonValueKind.Object)
                {
                    var first = choices[0];
                    finish = first.TryGetProperty("finish_reason", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
                    if (first.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object
                        && message.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String)
                    {
                        content = c.GetString();
                    }
                }
            }

            return new LlmCallResult
            {
                Outcome = LlmCallOutcome.Completed, StatusCode = 200, Content = content, FinishReason = finish,
                ChoiceCount = choiceCount, PromptTokens = promptTokens, CompletionTokens = completionTokens,
                Attempts = tracker.Attempts, RequestId = requestId, Provider = provider,
            };
        }
        catch (JsonException)
        {
            return Failure(LlmCallOutcome.MalformedResponse, tracker, "the answer is not JSON", 200);
        }
    }

    private static int IntProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) && n >= 0 ? n : 0;

    private static LlmCallResult Failure(LlmCallOutcome outcome, LlmAttemptTracker tracker, string message, int? status = null) => new()
    {
        Outcome = outcome, StatusCode = status, ErrorMessage = message,
        Attempts = tracker.Attempts, RequestId = tracker.RequestId, Provider = tracker.Provider,
    };

    private static string Describe(HttpRequestException ex) => ex.HttpRequestError switch
    {
        HttpRequestError.NameResolutionError => "the provider's host name could not be resolved",
        HttpRequestError.ConnectionError => "the connection to the provider failed",
        HttpRequestError.SecureConnectionError => "the TLS connection to the provider failed",
        HttpRequestError.ResponseEnded => "the provider closed the connection before answering",
        HttpRequestError.InvalidResponse => "the provider sent an invalid HTTP response",
        HttpRequestError.ProxyTunnelError => "the proxy tunnel to the provider failed",
        _ => "the request to the provider failed",
    };
}
