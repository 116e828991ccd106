namespace LogAnalyzer.Web.Hosting;

/// <summary>Redis as HybridCache's shared L2 when a connection string is set; in-memory otherwise.</summary>
internal static class CacheSetup
{
    /// <summary><c>ConnectionStrings:Redis</c> (environment variable <c>ConnectionStrings__Redis</c>).</summary>
    public const string RedisConnectionName = "Redis";

    public static IServiceCollection AddLogAnalyzerCache(this IServiceCollection services, IConfiguration configuration)
    {
        var redis = configuration.GetConnectionString(RedisConnectionName);
        if (!string.IsNullOrWhiteSpace(redis))
        {
            // HybridCache picks up the registered IDistributedCache as its L2.
            services.AddStackExchangeRedisCache(o =>
            {
                o.Configuration = redis;
                o.InstanceName = "loganalyzer:";
            });
        }

        // In-memory L1 always; the IDistributedCache above (when any) becomes its L2.
        services.AddHybridCache();
        services.AddHealthChecks().AddCheck<CacheHealthCheck>("cache", tags: [HealthEndpoints.ReadyTag]);
        return services;
    }
}
