using FluentValidation;
using LogAnalyzer.Core.Analysis;
using LogAnalyzer.Core.Grouping;
using LogAnalyzer.Core.Ingestion;
using LogAnalyzer.Core.Insights;
using LogAnalyzer.Core.Llm;
using LogAnalyzer.Core.Patterns;
using LogAnalyzer.Core.Redaction;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the analysis pipeline.</summary>
public static class CoreServiceCollectionExtensions
{
    public static IServiceCollection AddLogAnalyzerCore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<IngestionOptions>()
            .BindConfiguration(IngestionOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<AnalysisMetrics>();
        services.TryAddSingleton<SecretRedactor>();
        services.TryAddSingleton<LogIngestor>();
        services.TryAddSingleton<PatternClusterer>();
        services.TryAddSingleton<ErrorGrouper>();
        services.TryAddSingleton<RuleInsightProvider>();
        services.AddLogAnalyzerLlm();
        services.AddOptions<AnalysisOptions>()
            .BindConfiguration(AnalysisOptions.SectionName)
            .PostConfigure<IOptions<LlmOptions>>((options, llm) =>
                options.TimeoutSeconds ??= llm.Value.TimeoutSeconds + AnalysisOptions.DerivedHeadroomSeconds)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AnalysisOptions>, AnalysisOptionsValidator>());
        services.TryAddSingleton<IValidator<AnalysisRequest>, AnalysisRequestValidator>();
        services.TryAddScoped<AnalysisService>();
        services.TryAddScoped<PromptPreviewService>();
        return services;
    }
}
