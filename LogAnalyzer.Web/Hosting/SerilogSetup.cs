using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace LogAnalyzer.Web.Hosting;

/// <summary>Serilog: human console in Development, JSON (CLEF) console elsewhere.</summary>
internal static class SerilogSetup
{
    /// <summary>
    /// The static logger, only for failures before the host's own logger exists. Not a reloadable
    /// bootstrap logger: several hosts in one process (tests) would each try to freeze it.
    /// </summary>
    public static Serilog.ILogger CreateBootstrapLogger()
    {
        var logger = new LoggerConfiguration()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .Enrich.FromLogContext();
        return (IsDevelopment(Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT"))
            ? logger.WriteTo.Console(outputTemplate: HumanTemplate, formatProvider: System.Globalization.CultureInfo.InvariantCulture)
            : logger.WriteTo.Console(new RenderedCompactJsonFormatter())).CreateLogger();
    }

    /// <summary>The Development console's line: time, level, source, message, exception.</summary>
    internal const string HumanTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    /// <summary>True for the Development environment name (as the host compares it: ignoring case).</summary>
    internal static bool IsDevelopment(string? environment) =>
        string.Equals(environment, Environments.Development, StringComparison.OrdinalIgnoreCase);

    public static void Configure(IHostEnvironment environment, IConfiguration configuration, IServiceProvider services, LoggerConfiguration logger)
    {
        logger.ReadFrom.Configuration(configuration)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext();
        if (environment.IsDevelopment())
        {
            logger.WriteTo.Console(
                outputTemplate: HumanTemplate,
                formatProvider: System.Globalization.CultureInfo.InvariantCulture);
        }
        else
        {
            logger.WriteTo.Console(new RenderedCompactJsonFormatter());
        }
    }
}
