using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LogAnalyzer.Web.Hosting;

/// <summary>Readiness: the shared (Redis) cache answers a read within a second; in-memory only is healthy too.</summary>
internal sealed class CacheHealthCheck(IServiceProvider services, IConfiguration configuration) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(configuration.GetConnectionString(CacheSetup.RedisConnectionName)))
        {
            return HealthCheckResult.Healthy("In-memory cache only (no Redis connection string).",
                new Dictionary<string, object> { ["kind"] = "memory" });
        }

        var cache = services.GetRequiredService<IDistributedCache>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(1));
        try
        {
            await cache.GetAsync("loganalyzer:health-probe", timeout.Token).ConfigureAwait(false);
            return HealthCheckResult.Healthy("Redis answers.", new Dictionary<string, object> { ["kind"] = "redis" });
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Degraded, not unhealthy: analyses still run, they just share no cached LLM answers.
            return HealthCheckResult.Degraded("Redis does not answer; LLM answers are not shared between instances.",
                data: new Dictionary<string, object> { ["kind"] = "redis", ["error"] = ex.GetType().Name });
        }
    }
}
