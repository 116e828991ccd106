using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LogAnalyzer.Web.Storage;

/// <summary>
/// Readiness: the analysis store answers within two seconds. Down, it is "Degraded" rather than unhealthy: analyses
/// still run, they are answered as not saved.
/// </summary>
internal sealed class StoreHealthCheck(AnalysisStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["provider"] = store.Provider, ["schemaVersion"] = store.SchemaVersion };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await store.PingAsync(timeout.Token).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"The analysis store ({store.Provider}) answers.", data);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            data["error"] = ex.GetType().Name;
            return HealthCheckResult.Degraded(
                $"The analysis store ({store.Provider}) is unavailable: analyses run but are not saved.", data: data);
        }
    }
}
