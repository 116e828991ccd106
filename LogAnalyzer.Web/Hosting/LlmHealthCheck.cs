using LogAnalyzer.Core.Llm;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LogAnalyzer.Web.Hosting;

/// <summary>
/// Readiness: the LLM provider's circuit state, read from memory (never a call to the provider).
/// An open circuit is Degraded, not Unhealthy: analyses still answer, with the rules.
/// </summary>
internal sealed class LlmHealthCheck(ILlmInsightService llm, LlmCircuitState circuit) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>
        {
            ["configured"] = llm.IsConfigured,
            ["circuit"] = circuit.IsOpen ? "open" : "closed",
        };
        if (llm.Model is { } model)
        {
            data["model"] = model;
        }

        if (!llm.IsConfigured)
        {
            return Task.FromResult(HealthCheckResult.Healthy("No LLM provider configured; insights come from the rules.", data));
        }

        if (circuit.IsOpen)
        {
            data["openUntil"] = circuit.OpenUntil!.Value.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
            return Task.FromResult(HealthCheckResult.Degraded($"LLM calls are paused: {circuit.Reason}.", data: data));
        }

        return Task.FromResult(HealthCheckResult.Healthy("LLM provider circuit is closed.", data));
    }
}
