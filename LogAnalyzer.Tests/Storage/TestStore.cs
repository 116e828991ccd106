using LogAnalyzer.Core.Redaction;
using LogAnalyzer.Web.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Tests.Storage;

/// <summary>The real store and archive over a fresh SQLite file, for component tests (no web host).</summary>
internal static class TestStore
{
    public static void AddTo(IServiceCollection services, StorageOptions? options = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "loganalyzer-tests", Guid.NewGuid().ToString("N"));
        services.TryAddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.TryAdd(ServiceDescriptor.Singleton(typeof(ILogger<>), typeof(Logger<>)));
        services.TryAddSingleton<SecretRedactor>();
        services.AddSingleton<IOptions<StorageOptions>>(Options.Create(options ?? new StorageOptions()));
        services.AddSingleton<StoreDialect>(new SqliteDialect(Path.Combine(folder, "analyses.db")));
        services.AddSingleton<AnalysisStore>();
        services.AddSingleton<AnalysisArchive>();
    }
}
