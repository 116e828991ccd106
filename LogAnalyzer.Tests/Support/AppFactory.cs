using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace LogAnalyzer.Tests.Support;

/// <summary>The real app in memory with the given settings (no LLM key unless the settings give one).</summary>
public class AppFactory(IReadOnlyDictionary<string, string?> settings, string environment = "Testing") : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseStaticWebAssets();
        builder.UseSetting("Llm:ApiKey", "");
        builder.UseSetting("HF_TOKEN", ""); // a developer's own token must not make the tests call the real router
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
