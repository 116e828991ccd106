using LogAnalyzer.Core.Llm;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the LLM stage: options (validated on start), typed client with resilience, cache, preview.</summary>
public static class LlmServiceCollectionExtensions
{
    /// <summary>The conventional Hugging Face token variable, used when <c>Llm:ApiKey</c> is empty.</summary>
    public const string HuggingFaceTokenVariable = "HF_TOKEN";

    public static IServiceCollection AddLogAnalyzerLlm(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
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
        services.AddHybridCache();

        // Generation is slow: HttpClient.Timeout is off and the resilience handler owns every timeout.
        var http = services.AddHttpClient<LlmClient>(client => client.Timeout = Timeout.InfiniteTimeSpan);
        http.AddStandardResilienceHandler()
            .Configure((resilience, provider) => LlmResilience.Configure(
                resilience,
                provider.GetRequiredService<IOptions<LlmOptions>>().Value,
                provider.GetRequiredService<LlmCircuitState>(),
                provider.GetRequiredService<TimeProvider>()));
        http.AddHttpMessageHandler<LlmAttemptHandler>();

        // Transient like its typed client, so the factory can rotate handlers; it holds no state of its own.
        services.TryAddTransient<ILlmInsightService, LlmInsightService>();
        return services;
    }
}
