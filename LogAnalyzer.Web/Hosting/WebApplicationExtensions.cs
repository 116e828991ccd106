using System.Net;
using LogAnalyzer.Core.Analysis;
using LogAnalyzer.Core.Ingestion;
using LogAnalyzer.Web.Access;
using LogAnalyzer.Web.Api;
using Microsoft.AspNetCore.HttpOverrides;
using MudBlazor.Services;
using OpenTelemetry.Metrics;
using Serilog;

namespace LogAnalyzer.Web.Hosting;

/// <summary>All of the web app's wiring, so Program.cs reads as a table of contents.</summary>
internal static class WebApplicationExtensions
{
    /// <summary>Root setting: the path the app is served under behind a proxy, e.g. "/log-analyzer".</summary>
    public const string PathBaseSetting = "PathBase";

    /// <summary>The request-timeout policy of the analysis endpoints ("Analysis:TimeoutSeconds", default Llm:TimeoutSeconds + 60).</summary>
    public const string AnalysisTimeoutPolicy = "analysis";

    public static WebApplicationBuilder AddLogAnalyzerWeb(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSerilog(
            (sp, logger) => SerilogSetup.Configure(builder.Environment, builder.Configuration, sp, logger),
            preserveStaticLogger: true);
        services.AddLogAnalyzerCore();
        builder.AddLogAnalyzerAccess();

        services.AddOptions<ProxyOptions>().BindConfiguration(ProxyOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<HttpsOptions>().BindConfiguration(HttpsOptions.SectionName);
        services.AddOptions<SecurityHeadersOptions>().BindConfiguration(SecurityHeadersOptions.SectionName);
        services.AddOptions<RateLimitingOptions>().BindConfiguration(RateLimitingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AnalysisRateLimiter>();

        // Whole-analysis timeout for API requests: Analysis:TimeoutSeconds, derived from and validated against the LLM
        // stage's own, shorter budget (AnalysisOptions), so the rules answer always comes back before it.
        services.AddRequestTimeouts();
        services.AddOptions<Microsoft.AspNetCore.Http.Timeouts.RequestTimeoutOptions>()
            .Configure<Microsoft.Extensions.Options.IOptions<AnalysisOptions>>((o, analysis) => o.AddPolicy(AnalysisTimeoutPolicy, analysis.Value.Timeout));
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.ConfigureHttpJsonOptions(o => AnalysisApiJson.Configure(o.SerializerOptions));
        services.AddOpenApi();
        services.AddHealthChecks().AddCheck<LlmHealthCheck>("llm", tags: [HealthEndpoints.ReadyTag]);
        services.AddLogAnalyzerCache(builder.Configuration);
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddHttpContextAccessor();
        services.AddScoped<CircuitClient>();
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler, CircuitClientHandler>();

        // Kestrel's body limit agrees with the input limit (JSON escapes need headroom; the API checks the text itself).
        var maxInput = builder.Configuration.GetValue<long?>($"{IngestionOptions.SectionName}:{nameof(IngestionOptions.MaxInputBytes)}")
            ?? new IngestionOptions().MaxInputBytes;
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = (maxInput * 2) + 65_536);

        var otlp = builder.Configuration["OpenTelemetry:OtlpEndpoint"] ?? builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (!string.IsNullOrWhiteSpace(otlp))
        {
            services.AddOpenTelemetry().WithMetrics(metrics => metrics
                .AddMeter(AnalysisMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Net.Http")
                .AddOtlpExporter(o => o.Endpoint = new Uri(otlp)));
        }

        return builder;
    }

    public static WebApplication UseLogAnalyzerPipeline(this WebApplication app)
    {
        var proxy = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ProxyOptions>>().Value;
        if (proxy.Enabled)
        {
            app.UseForwardedHeaders(CreateForwardedHeadersOptions(proxy));
        }

        var pathBase = app.Configuration[PathBaseSetting];
        if (!string.IsNullOrWhiteSpace(pathBase))
        {
            app.UsePathBase("/" + pathBase.Trim().Trim('/'));
        }

        app.UseMiddleware<SecurityHeadersMiddleware>();
        var https = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<HttpsOptions>>().Value;
        if (https.HstsEnabled)
        {
            app.UseHsts();
        }

        if (https.RedirectEnabled)
        {
            app.UseHttpsRedirection();
        }

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseSerilogRequestLogging();
        app.UseRouting();
        app.UseLogAnalyzerAccess();
        app.UseRequestTimeouts();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapHealthApi();
        app.MapSignIn();
        if (app.Environment.IsDevelopment())
        {
            app.MapOpenApi("/openapi/{documentName}.json");
        }

        return app;
    }

    internal static ForwardedHeadersOptions CreateForwardedHeadersOptions(ProxyOptions proxy)
    {
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost,
            ForwardLimit = proxy.ForwardLimit,
        };
        foreach (var address in proxy.KnownProxies)
        {
            options.KnownProxies.Add(IPAddress.Parse(address));
        }

        foreach (var network in proxy.KnownNetworks)
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        }

        return options;
    }
}
