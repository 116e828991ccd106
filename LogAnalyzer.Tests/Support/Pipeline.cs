using LogAnalyzer.Core.Analysis;
using LogAnalyzer.Core.Model;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LogAnalyzer.Tests.Support;

/// <summary>The whole deterministic pipeline (LLM off) as the API runs it.</summary>
internal static class Pipeline
{
    private static readonly Lazy<ServiceProvider> Provider = new(() =>
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddLogging();
        services.AddLogAnalyzerCore();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    });

    public static async Task<AnalysisDocument> AnalyzeAsync(string text)
    {
        using var scope = Provider.Value.CreateScope();
        var service = scope.ServiceProvider.GetRequiredService<AnalysisService>();
        return await service.AnalyzeAsync(AnalysisRequest.FromText(text));
    }
}
