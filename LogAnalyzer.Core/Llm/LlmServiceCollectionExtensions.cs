using LogAnalyzer.Core.Llm;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers the LLM stage: options (validated on start), the named HttpClient with resilience, the chat client
/// (Microsoft.Extensions.AI <see cref="IChatClient"/> wrapped in OpenTelemetry GenAI telemetry), cache, preview.
/// </summary>
public static class LlmServiceCollectionExtensions
{
    /// <summary>The conventional Hugging Face token variable, used when <c>Llm:ApiKey</c> is empty.</summary>
    public const string HuggingFaceTokenVariable = "HF_TOKEN";

    /// <summary>
    /// The named HttpClient with the LLM resilience pipeline (attempt and total timeouts, retries, circuit breaker,
    /// attempt logging). A chat client swapped in with <see cref="AddLogAnalyzerLlm"/> should send through it.
    /// </summary>
    public const string HttpClientName = "LogAnalyzer.Llm";

    /// <summary>The service key of the LLM stage's <see cref="IChatClient"/> (keyed, so the app's other chat clients are left alone).</summary>
    public const string ChatClientKey = "LogAnalyzer.Llm";

    /// <summary>Registers the LLM stage.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="chatClient">
    /// Optional: the chat client to use instead of the OpenAI-compatible one (Azure OpenAI with Entra ID, Ollama's native
    /// API, …). It is created once and wrapped in the GenAI telemetry; build it on
    /// <c>IHttpClientFactory.CreateClient(HttpClientName)</c> to keep the timeouts, retries and attempt counts.
    /// </param>
    public static IServiceCollection AddLogAnalyzerLlm(this IServiceCollection services, Func<IServiceProvider, IChatClient>? chatClient = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(LlmClient)))
        {
            // Already registered (AddLogAnalyzerCore does it): only swap the chat client, never stack a second pipeline.
            if (chatClient is not null)
            {
                services.RemoveAllKeyed<IChatClient>(ChatClientKey);
                AddChatClient(services, chatClient);
            }

            return services;
        }

        services.AddOptions<LlmOptions>()
            // The profile's defaults first, so that anything the section sets explicitly wins.
            .Configure<IConfiguration>((options, configuration) => LlmProfiles.Apply(options, configuration.GetSection(LlmOptions.SectionName)))
            .BindConfiguration(LlmOptions.SectionName)
            .PostConfigure<IConfiguration>((options, configuration) =>
            {
                if (string.IsNullOrWhiteSpace(options.ApiKey))
                {
                    options.ApiKey = configuration[HuggingFaceTokenVariable] is { Length: > 0 } token ? token.Trim() : null;
                }
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LlmOptions>, LlmOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LlmOptions>, LlmOptionsCrossValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<LlmCircuitState>();
        services.TryAddSingleton<LlmTokenCounter>();
        services.TryAddSingleton<LlmPromptBuilder>();
        services.TryAddTransient<LlmAttemptHandler>();
        services.TryAddTransient<LlmScopeHandler>();
        services.AddHybridCache();

        // Generation is slow: HttpClient.Timeout is off and the resilience handler owns every timeout. Outermost first:
        // the call's attempt tracker goes on the request, then resilience, then each attempt is counted and logged.
        var http = services.AddHttpClient(HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        http.AddHttpMessageHandler<LlmScopeHandler>();
        http.AddStandardResilienceHandler()
            .Configure((resilience, provider) => LlmResilience.Configure(
                resilience,
                provider.GetRequiredService<IOptions<LlmOptions>>().Value,
                provider.GetRequiredService<LlmCircuitState>(),
                provider.GetRequiredService<TimeProvider>()));
        http.AddHttpMessageHandler<LlmAttemptHandler>();

        AddChatClient(services, chatClient);
        services.TryAddTransient<LlmClient>();

        // Transient: it holds no state of its own (the cache, the circuit and the chat client are shared singletons).
        services.TryAddTransient<ILlmInsightService, LlmInsightService>();
        return services;
    }

    /// <summary>
    /// The GenAI conventions (gen_ai.* spans and metrics) around whichever chat client answers. Message content is never
    /// recorded (the prompts are log text), whatever <c>OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT</c> says; the
    /// wrapper's own error log is off because the stage logs each attempt and outcome without stack traces.
    /// </summary>
    private static void AddChatClient(IServiceCollection services, Func<IServiceProvider, IChatClient>? chatClient) =>
        services.AddKeyedSingleton<IChatClient>(ChatClientKey, (provider, _) =>
            new ChatClientBuilder(chatClient?.Invoke(provider) ?? ActivatorUtilities.CreateInstance<OpenAICompatibleChatClient>(provider))
                .UseOpenTelemetry(
                    Logging.Abstractions.NullLoggerFactory.Instance,
                    provider.GetService<LlmTelemetryName>()?.Value ?? LlmTelemetry.SourceName,
                    telemetry => telemetry.EnableSensitiveData = false)
                .Build(provider));
}
