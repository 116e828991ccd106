using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenAI;
using OpenAI.Chat;
using ChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace LogAnalyzer.Core.Llm;

/// <summary>
/// The default <see cref="IChatClient"/>: Microsoft.Extensions.AI.OpenAI's chat client for any OpenAI-compatible
/// <c>chat/completions</c> endpoint (HF router, OpenAI, Azure OpenAI, Ollama, vLLM, llama.cpp, TGI), sending through
/// the named LLM HttpClient so the resilience pipeline (timeouts, retries, circuit breaker) and attempt tracking stay
/// underneath. The SDK's own retries and network timeout are off: the handler pipeline owns both.
/// <para>
/// Each call builds its SDK client over a fresh HttpClient from the factory (cheap next to a generation call; it lets
/// the factory rotate handlers). Provider errors leave as <see cref="LlmProviderException"/> with a cleaned message;
/// a 200 the SDK cannot map is read by <see cref="LlmRawCompletion"/>.
/// </para>
/// </summary>
internal sealed class OpenAICompatibleChatClient(IHttpClientFactory httpClients, IOptions<LlmOptions> llmOptions, TimeProvider timeProvider) : IChatClient
{
    private const int MaxErrorBodyChars = 16 * 1024;

    private readonly ChatClientMetadata _metadata = new("openai", SafeEndpoint(llmOptions.Value.BaseUrl), llmOptions.Value.Model);

    public async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var settings = llmOptions.Value;
        var capture = new LlmPipelinePolicy(LlmClient.BuildUri(settings));
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = new Uri(settings.BaseUrl, UriKind.Absolute),
            Transport = new HttpClientPipelineTransport(httpClients.CreateClient(LlmServiceCollectionExtensions.HttpClientName)),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = Timeout.InfiniteTimeSpan,
        };
        clientOptions.AddPolicy(capture, PipelinePosition.BeforeTransport);
#pragma warning disable OPENAI001 // the AuthenticationPolicy constructor: our header name and scheme (Azure api-key), or none for local servers
        using var chat = new ChatClient(settings.Model, Authentication(settings), clientOptions).AsIChatClient();
#pragma warning restore OPENAI001
        try
        {
            return await chat.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch (ClientResultException ex) when (ex.GetRawResponse() is { Status: > 0 } response && response.Status is < 200 or > 299)
        {
            throw Refused(response, settings.ApiKey, ex);
        }
        catch (Exception ex) when (capture.SuccessBody is { } body && ex is not (OperationCanceledException or ClientResultException))
        {
            // HTTP 200 that the SDK could not map (an unknown finish_reason, empty choices, not JSON): read it ourselves.
            return LlmRawCompletion.Read(body);
        }
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The LLM stage validates whole answers; it never streams (\"stream\": false).");

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    public void Dispose()
    {
        // Nothing held between calls.
    }

    private LlmProviderException Refused(PipelineResponse response, string? secret, Exception inner)
    {
        var body = response.Content.ToString();
        body = body.Length > MaxErrorBodyChars ? body[..MaxErrorBodyChars] : body;
        string? Header(string name) => response.Headers.TryGetValue(name, out var value) ? value : null;
        var status = response.Status;
        var message = LlmHttpErrors.Message(body, Header, secret);
        return new LlmProviderException($"The LLM provider answered HTTP {status}" + (message is null ? "." : ": " + message), inner)
        {
            StatusCode = status,
            ProviderMessage = message,
            RetryAfter = LlmHttpErrors.RetryAfter(Header, timeProvider.GetUtcNow()),
            QuotaExhausted = status == (int)HttpStatusCode.PaymentRequired
                || (status is (int)HttpStatusCode.TooManyRequests or (int)HttpStatusCode.Forbidden && LlmHttpErrors.MentionsQuota(body)),
        };
    }

    /// <summary>The key in <see cref="LlmOptions.AuthHeaderName"/> after <see cref="LlmOptions.AuthScheme"/>; no header without a key (local servers).</summary>
    private static AuthenticationPolicy Authentication(LlmOptions settings) =>
        string.IsNullOrWhiteSpace(settings.ApiKey)
            ? new NoAuthentication()
            : ApiKeyAuthenticationPolicy.CreateHeaderApiKeyPolicy(
                new ApiKeyCredential(settings.ApiKey), settings.AuthHeaderName,
                string.IsNullOrWhiteSpace(settings.AuthScheme) ? null : settings.AuthScheme);

    /// <summary>Scheme, host and path only: no user:password@ and no query (either may carry a credential).</summary>
    private static Uri? SafeEndpoint(string baseUrl) =>
        Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri)
            ? new Uri(uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped))
            : null;

    private sealed class NoAuthentication : AuthenticationPolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex) =>
            ProcessNext(message, pipeline, currentIndex);

        public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex) =>
            ProcessNextAsync(message, pipeline, currentIndex);
    }

    /// <summary>
    /// Sends to today's exact URL (<see cref="LlmOptions.ChatPath"/>, Azure's <c>api-version</c>) without the SDK's
    /// <c>x-stainless-*</c> headers (this machine's OS, architecture and runtime are no provider's business), and keeps
    /// the body of a 200 answer in case the SDK cannot map it.
    /// </summary>
    private sealed class LlmPipelinePolicy(Uri uri) : PipelinePolicy
    {
        public string? SuccessBody { get; private set; }

        private static void Prepare(PipelineMessage message, Uri uri)
        {
            message.Request.Uri = uri;
            foreach (var name in message.Request.Headers.Select(h => h.Key)
                .Where(n => n.StartsWith("x-stainless-", StringComparison.OrdinalIgnoreCase)).ToList())
            {
                message.Request.Headers.Remove(name);
            }
        }

        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            ArgumentNullException.ThrowIfNull(message);
            Prepare(message, uri);
            ProcessNext(message, pipeline, currentIndex);
            if (message.Response is { Status: >= 200 and <= 299 } response)
            {
                response.BufferContent(message.CancellationToken);
                SuccessBody = response.Content.ToString();
            }
        }

        public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            ArgumentNullException.ThrowIfNull(message);
            Prepare(message, uri);
            await ProcessNextAsync(message, pipeline, currentIndex).ConfigureAwait(false);
            if (message.Response is { Status: >= 200 and <= 299 } response)
            {
                await response.BufferContentAsync(message.CancellationToken).ConfigureAwait(false);
                SuccessBody = response.Content.ToString();
            }
        }
    }
}
