using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LogAnalyzer.Web.Hosting;

/// <summary>
/// The one place analysis limits are wired: per-client rate and concurrency (<see cref="AnalysisRateLimiter"/>, built by
/// a <see cref="ClientLimiterFactory"/> a distributed store may replace), the server-wide <see cref="AnalysisGate"/>,
/// the request timeout, and the endpoint convention every path that analyses carries.
/// </summary>
public static class AnalysisLimitsSetup
{
    /// <summary>The request-timeout policy of the analysis endpoints ("Analysis:TimeoutSeconds", default Llm:TimeoutSeconds + 60).</summary>
    public const string AnalysisTimeoutPolicy = "analysis";

    public static IServiceCollection AddAnalysisLimits(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<RateLimitingOptions>().BindConfiguration(RateLimitingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(ClientLimiterFactory.InMemory);
        services.AddSingleton<AnalysisRateLimiter>();
        services.AddSingleton<AnalysisGate>();
        services.AddSingleton<CircuitRegistry>();

        // Whole-analysis timeout for API requests: Analysis:TimeoutSeconds, derived from and validated against the LLM
        // stage's own, shorter budget (AnalysisOptions), so the rules answer always comes back before it.
        services.AddRequestTimeouts();
        services.AddOptions<Microsoft.AspNetCore.Http.Timeouts.RequestTimeoutOptions>()
            .Configure<Microsoft.Extensions.Options.IOptions<LogAnalyzer.Core.Analysis.AnalysisOptions>>((o, analysis) => o.AddPolicy(AnalysisTimeoutPolicy, analysis.Value.Timeout));
        return services;
    }

    /// <summary>Puts an endpoint (or group) that runs an analysis behind the per-client limits and the request timeout.</summary>
    public static TBuilder RequireAnalysisLimits<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.AddEndpointFilter<TBuilder, Api.RateLimitFilter>();
        builder.WithRequestTimeout(AnalysisTimeoutPolicy);
        return builder;
    }
}
