using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LogAnalyzer.Bench;

/// <summary>Builds the Core services exactly as the web host registers them (LLM off, logging discarded).</summary>
internal static class BenchHost
{
    public static ServiceProvider Build()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddLogging();
        services.AddLogAnalyzerCore();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    /// <summary>The labelled samples: ../shared/data/loghub-2k beside the repository root, looked up from the working directory upwards.</summary>
    public static string? FindLoghubDirectory()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data", "loghub-2k");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
