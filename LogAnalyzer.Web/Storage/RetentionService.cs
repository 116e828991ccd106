using Microsoft.Extensions.Options;

namespace LogAnalyzer.Web.Storage;

/// <summary>
/// Migrates the store at start (without holding the app up when the database is down), then deletes analyses older
/// than <c>Storage:RetentionDays</c> every <c>Storage:SweepIntervalMinutes</c>.
/// </summary>
internal sealed partial class RetentionService(
    AnalysisStore store,
    IOptions<StorageOptions> options,
    TimeProvider timeProvider,
    ILogger<RetentionService> logger) : BackgroundService
{
    /// <summary>One sweep: deletes what is past retention now; returns how many.</summary>
    public async Task<int> SweepOnceAsync(CancellationToken cancellationToken)
    {
        var cutoff = timeProvider.GetUtcNow().AddDays(-options.Value.RetentionDays);
        var deleted = await store.DeleteCreatedBeforeAsync(cutoff, cancellationToken).ConfigureAwait(false);
        if (deleted > 0)
        {
            Log.Swept(logger, deleted, options.Value.RetentionDays);
        }

        return deleted;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMinutes(options.Value.SweepIntervalMinutes);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SweepOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The store is down: analyses still run (answered as not saved); the next sweep tries again.
                Log.SweepFailed(logger, ex, store.Provider);
            }

            try
            {
                await Task.Delay(interval, timeProvider, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(4003, LogLevel.Information, "Retention: deleted {Count} analyses older than {Days} days", EventName = "RetentionSwept")]
        public static partial void Swept(ILogger logger, int count, int days);

        [LoggerMessage(4004, LogLevel.Warning, "Retention sweep of the {Provider} store failed; it runs again at the next interval", EventName = "RetentionSweepFailed")]
        public static partial void SweepFailed(ILogger logger, Exception exception, string provider);
    }
}
