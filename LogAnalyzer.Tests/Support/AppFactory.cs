using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace LogAnalyzer.Tests.Support;

/// <summary>The real app in memory with the given settings (no LLM key unless the settings give one).</summary>
public class AppFactory(IReadOnlyDictionary<string, string?> settings, string environment = "Testing") : WebApplicationFactory<Program>
{
    /// <summary>This app's SQLite folder: Storage:DataDirectory from the settings, else a fresh temporary one.</summary>
    public string DataDirectory { get; } = settings.TryGetValue("Storage:DataDirectory", out var folder) && folder is not null
        ? folder
        : Path.Combine(Path.GetTempPath(), "loganalyzer-tests", Guid.NewGuid().ToString("N"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseStaticWebAssets();
        builder.UseSetting("Llm:ApiKey", "");
        builder.UseSetting("HF_TOKEN", ""); // a developer's own token must not make the tests call the real router
        // Each app gets its own SQLite store in a temporary folder (never the project's data folder) unless told one.
        builder.UseSetting("Storage:DataDirectory", DataDirectory);
        // A second of CPU per app: off for the many apps the tests start (the browser fixture and its own test keep it on).
        builder.UseSetting("Warmup:Enabled", "false");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
