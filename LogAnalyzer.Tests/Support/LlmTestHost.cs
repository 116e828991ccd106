using LogAnalyzer.Core.Llm;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LogAnalyzer.Tests.Support;

/// <summary>The Core services wired like the app, pointed at a <see cref="FakeLlmServer"/>, with fast timeouts.</summary>
public sealed class LlmTestHost : IAsyncDisposable
{
    /// <summary>A syntactically real-looking HF token that must never leave through logs, bodies or reports.</summary>
    public const string ApiKey = "hf_TestKeyDoNotLeak0123456789abcdef";

    private LlmTestHost(ServiceProvider services, CapturingLoggerProvider logs)
    {
        Services = services;
        Logs = logs;
    }

    public ServiceProvider Services { get; }

    public CapturingLoggerProvider Logs { get; }

    public ILlmInsightService Llm => Services.GetRequiredService<ILlmInsightService>();

    public LlmCircuitState Circuit => Services.GetRequiredService<LlmCircuitState>();

    /// <summary>Fast defaults: 10 s stage budget (5 s per attempt, ample on a loaded machine), 20 ms backoff, Retry-After cap 0.5 s.</summary>
    /// <param name="baseUrl">The provider (a <see cref="FakeLlmServer"/>), or null for the default remote one.</param>
    /// <param name="overrides">Settings to set (a null value removes one, so its default applies).</param>
    /// <param name="configure">Runs after the Core services are added (swap the chat client, …).</param>
    public static LlmTestHost Create(Uri? baseUrl, Dictionary<string, string?>? overrides = null, Action<IServiceCollection>? configure = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Llm:Enabled"] = "true",
            ["Llm:BaseUrl"] = baseUrl?.ToString().TrimEnd('/') ?? "https://router.huggingface.co/v1",
            ["Llm:ApiKey"] = ApiKey,
            ["Llm:TimeoutSeconds"] = "10",
            ["Llm:RetryBaseDelaySeconds"] = "0.02",
            ["Llm:RetryAfterCapSeconds"] = "0.5",
            ["Llm:MaxPromptTokens"] = "6000",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            // null removes the setting, so the option's default applies.
            if (value is null)
            {
                settings.Remove(key);
            }
            else
            {
                settings[key] = value;
            }
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(b => b.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        services.AddLogAnalyzerCore();
        configure?.Invoke(services);
        return new LlmTestHost(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }), logs);
    }

    public async ValueTask DisposeAsync() => await Services.DisposeAsync().ConfigureAwait(false);
}
