using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace LogAnalyzer.Tests.Support;

/// <summary>The real app in memory, with no LLM key (deterministic analysis only) unless a test configures one.</summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseStaticWebAssets();
        builder.UseSetting("Llm:ApiKey", "");
        builder.UseSetting("HF_TOKEN", ""); // a developer's own token must not make the tests call the real router
    }
}
