using LogAnalyzer.Core.Analysis;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Web.Hosting;

/// <summary>
/// Runs <see cref="PipelineWarmup"/> once the app has started (so it never delays listening), on the thread pool, and
/// says in readiness whether it finished. A warm-up that fails is logged and forgotten: it only ever costs the first
/// analysis its speed, never its answer.
/// </summary>
internal sealed partial class StartupWarmup(
    PipelineWarmup warmup,
    IHostApplicationLifetime lifetime,
    IOptions<WarmupOptions> options,
    ILogger<StartupWarmup> logger) : BackgroundService, IHealthCheck
{
    private volatile WarmupState _state = WarmupState.Waiting;

    private enum WarmupState
    {
        Waiting,
        Running,
        Done,
        Failed,
        Off,
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_state switch
        {
            // Degraded, not Unhealthy: analyses are answered meanwhile, only the first one more slowly.
            WarmupState.Waiting or WarmupState.Running => HealthCheckResult.Degraded("Warming up: the first analysis after a start is slower until this finishes."),
            WarmupState.Failed => HealthCheckResult.Healthy("The start-up warm-up failed (see the log); analyses are not affected."),
            WarmupState.Off => HealthCheckResult.Healthy("The start-up warm-up is off (Warmup:Enabled=false)."),
            _ => HealthCheckResult.Healthy("Warmed up."),
        });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            _state = WarmupState.Off;
            return;
        }

        try
        {
            await WhenStartedAsync(stoppingToken).ConfigureAwait(false);
            _state = WarmupState.Running;
            await Task.Run(() => warmup.RunAsync(stoppingToken), stoppingToken).ConfigureAwait(false);
            _state = WarmupState.Done;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping before it finished.
        }
        catch (Exception ex)
        {
            _state = WarmupState.Failed;
            Log.Failed(logger, ex);
        }
    }

    private Task WhenStartedAsync(CancellationToken cancellationToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        return started.Task.WaitAsync(cancellationToken);
    }

    private static partial class Log
    {
        [LoggerMessage(1402, LogLevel.Warning, "The start-up warm-up failed; the first analysis will be slower, nothing else is affected", EventName = "WarmupFailed")]
        public static partial void Failed(ILogger logger, Exception exception);
    }
}
