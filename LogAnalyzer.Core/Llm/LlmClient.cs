using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenAI.Chat;
using Polly.CircuitBreaker;
using Polly.Timeout;
using ChatResponseFormat = Microsoft.Extensions.AI.ChatResponseFormat;

namespace LogAnalyzer.Core.Llm;

/// <summary>
/// One chat-completions call through the LLM stage's <see cref="IChatClient"/> (Microsoft.Extensions.AI; by default
/// <see cref="OpenAICompatibleChatClient"/> for the HF router, Ollama, vLLM, llama.cpp, TGI, OpenAI, Azure OpenAI,
/// wrapped in the OpenTelemetry GenAI client). Resilience (timeouts, retries, circuit breaker) sits in the HttpClient
/// handler pipeline under it; this class turns every outcome into an <see cref="LlmCallResult"/> and never throws for
/// provider failures. Cancellation by the caller propagates.
/// </summary>
internal sealed class LlmClient(
    [FromKeyedServices(LlmServiceCollectionExtensions.ChatClientKey)] IChatClient chat, IOptions<LlmOptions> options)
{
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
    /// The same request as <see cref="BuildBody"/>, as Microsoft.Extensions.AI options: the portable settings (model,
    /// max tokens, temperature 0, top_p 1, seed, response format) for any <see cref="IChatClient"/>, plus, for the OpenAI
    /// client, the exact OpenAI request: <c>max_tokens</c> (not the SDK's <c>max_completion_tokens</c>, which TGI and
    /// older servers ignore), <c>"stream": false</c>, and our schema untouched (the abstraction's strict-mode transform
    /// would rewrite it).
    /// </summary>
    public static ChatOptions BuildChatOptions(LlmOptions options, string schema)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(schema);
        var chatOptions = new ChatOptions
        {
            ModelId = options.Model,
            MaxOutputTokens = options.MaxCompletionTokens,
            Temperature = 0,
            TopP = 1,
            Seed = options.Seed,
        };
        OpenAI.Chat.ChatResponseFormat? openAIFormat = null;
        switch (options.StructuredOutput)
        {
            case "json_schema":
                using (var parsed = JsonDocument.Parse(schema))
                {
                    chatOptions.ResponseFormat = ChatResponseFormat.ForJsonSchema(parsed.RootElement.Clone(), LlmAnswerSchema.Name);
                }

                openAIFormat = OpenAI.Chat.ChatResponseFormat.CreateJsonSchemaFormat(
                    LlmAnswerSchema.Name, BinaryData.FromString(schema), jsonSchemaFormatDescription: null, jsonSchemaIsStrict: true);
                break;
            case "json_object":
                chatOptions.ResponseFormat = ChatResponseFormat.Json;
                openAIFormat = OpenAI.Chat.ChatResponseFormat.CreateJsonObjectFormat();
                break;
            default:
                break;
        }

        var maxTokens = options.MaxCompletionTokens;
        chatOptions.RawRepresentationFactory = _ =>
        {
            var request = new ChatCompletionOptions { ResponseFormat = openAIFormat };
#pragma warning disable SCME0001 // JsonPatch is the SDK's way to send fields it does not model
            request.Patch.Remove("$.max_completion_tokens"u8);
            request.Patch.Set("$.max_tokens"u8, maxTokens);
            request.Patch.Set("$.stream"u8, false);
#pragma warning restore SCME0001
            return request;
        };
        return chatOptions;
    }

    /// <summary>
    /// One call (retries included). <paramref name="tracker"/> belongs to the caller and counts every HTTP attempt as it
    /// is sent, so the attempts are known even when the caller's budget cancels the call.
    /// </summary>
    public async Task<LlmCallResult> CompleteAsync(
        IReadOnlyList<LlmChatMessage> messages, string schema, LlmAttemptTracker tracker, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(tracker);
        var settings = options.Value;
        var chatMessages = messages.Select(m => new Microsoft.Extensions.AI.ChatMessage(new ChatRole(m.Role), m.Content)).ToList();
        using var scope = LlmCallScope.Enter(tracker);
        try
        {
            var response = await chat.GetResponseAsync(chatMessages, BuildChatOptions(settings, schema), cancellationToken).ConfigureAwait(false);
            return Completed(response, tracker);
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is not OperationCanceledException)
        {
            // The caller's budget ended the call while a client wrapped the cancellation: report it as the cancellation it is.
            throw new OperationCanceledException("The LLM call was cancelled.", ex, cancellationToken);
        }
        catch (LlmProviderException ex) when (ex.StatusCode == 200)
        {
            return Failure(LlmCallOutcome.MalformedResponse, tracker, ex.ProviderMessage ?? "the answer is not a chat completion", 200);
        }
        catch (LlmProviderException ex)
        {
            return new LlmCallResult
            {
                Outcome = LlmCallOutcome.HttpError, StatusCode = ex.StatusCode, ErrorMessage = ex.ProviderMessage,
                RetryAfter = ex.RetryAfter, QuotaExhausted = ex.QuotaExhausted,
                Attempts = tracker.Attempts, RequestId = tracker.RequestId, Provider = tracker.Provider,
            };
        }
        catch (Exception ex) when (Find<BrokenCircuitException>(ex) is not null)
        {
            return Failure(LlmCallOutcome.CircuitOpen, tracker, "calls are paused after repeated provider failures");
        }
        catch (Exception ex) when (Find<TimeoutRejectedException>(ex) is not null)
        {
            return Failure(LlmCallOutcome.TimedOut, tracker, "the provider did not answer in time");
        }
        catch (Exception ex) when (Find<OperationCanceledException>(ex) is not null && !cancellationToken.IsCancellationRequested)
        {
            return Failure(LlmCallOutcome.TimedOut, tracker, "the provider did not answer in time");
        }
        catch (Exception ex) when (Find<HttpRequestException>(ex) is { } http && !cancellationToken.IsCancellationRequested)
        {
            // A swapped-in chat client may report a refusal this way rather than with an LlmProviderException.
            if (http.StatusCode is { } refused && refused != HttpStatusCode.OK)
            {
                CountAnswer(tracker);
            }

            return http.StatusCode is { } status && status != HttpStatusCode.OK
                ? new LlmCallResult
                {
                    Outcome = LlmCallOutcome.HttpError, StatusCode = (int)status,
                    ErrorMessage = LlmHttpErrors.Clean(http.Message, settings.ApiKey),
                    QuotaExhausted = status == HttpStatusCode.PaymentRequired,
                    Attempts = tracker.Attempts, RequestId = tracker.RequestId, Provider = tracker.Provider,
                }
                : Failure(LlmCallOutcome.NetworkError, tracker, Describe(http));
        }
    }

    /// <summary>The first choice's text, finish reason and the provider's token counts (<c>usage</c>), as the stage reads them.</summary>
    private static LlmCallResult Completed(ChatResponse response, LlmAttemptTracker tracker)
    {
        CountAnswer(tracker);
        var text = response.Messages.Count == 0 ? null : response.Messages[0].Text;
        return new LlmCallResult
        {
            Outcome = LlmCallOutcome.Completed, StatusCode = 200,
            Content = string.IsNullOrEmpty(text) ? null : text,
            FinishReason = response.FinishReason?.Value,
            ChoiceCount = response.Messages.Count,
            PromptTokens = Tokens(response.Usage?.InputTokenCount),
            CompletionTokens = Tokens(response.Usage?.OutputTokenCount),
            Attempts = tracker.Attempts, RequestId = tracker.RequestId, Provider = tracker.Provider,
        };
    }

    /// <summary>A chat client that does not send through the LLM HttpClient still made one call when it answered.</summary>
    private static void CountAnswer(LlmAttemptTracker tracker)
    {
        if (tracker.Attempts == 0)
        {
            tracker.NextAttempt();
        }
    }

    private static int Tokens(long? count) => count is > 0 ? (int)Math.Min(count.Value, int.MaxValue) : 0;

    private static T? Find<T>(Exception? ex)
        where T : Exception
    {
        for (var depth = 0; ex is not null && depth < 8; depth++, ex = ex.InnerException)
        {
            if (ex is T found)
            {
                return found;
            }
        }

        return null;
    }

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
