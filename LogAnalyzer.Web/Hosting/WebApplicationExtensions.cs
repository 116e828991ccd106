using System.Net;
using LogAnalyzer.Core.Analysis;
using LogAnalyzer.Core.Ingestion;
using LogAnalyzer.Core.Llm;
using LogAnalyzer.Web.Access;
using LogAnalyzer.Web.Api;
using LogAnalyzer.Web.Runs;
using LogAnalyzer.Web.Storage;
using Microsoft.AspNetCore.HttpOverrides;
using MudBlazor.Services;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Serilog;

namespace LogAnalyzer.Web.Hosting;

/// <summary>All of the web app's wiring, so Program.cs reads as a table of contents.</summary>
internal static class WebApplicationExtensions
{
    /// <summary>Root setting: the path the app is served under behind a proxy, e.g. "/log-analyzer".</summary>
    public const string PathBaseSetting = "PathBase";

    public static WebApplicationBuilder AddLogAnalyzerWeb(this WebApplicationBuilder builder)
    {
        ServeBuildOutputAssets(builder);
        var services = builder.Services;
        services.AddSerilog(
            (sp, logger) => SerilogSetup.Configure(builder.Environment, builder.Configuration, sp, logger),
            preserveStaticLogger: true);
        services.AddLogAnalyzerCore();
        builder.AddLogAnalyzerAccess();
        builder.AddAnalysisStorage();

        services.AddOptions<ProxyOptions>().BindConfiguration(ProxyOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<HttpsOptions>().BindConfiguration(HttpsOptions.SectionName);
        services.AddOptions<SecurityHeadersOptions>().BindConfiguration(SecurityHeadersOptions.SectionName);
        services.AddAnalysisLimits(builder.Configuration);
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.ConfigureHttpJsonOptions(o => AnalysisApiJson.Configure(o.SerializerOptions));
        services.AddOpenApi();
        services.AddHealthChecks().AddCheck<LlmHealthCheck>("llm", tags: [HealthEndpoints.ReadyTag]);
        services.AddOptions<WarmupOptions>().BindConfiguration(WarmupOptions.SectionName);
        services.AddSingleton<PipelineWarmup>();
        services.AddSingleton<StartupWarmup>();
        services.AddHostedService(sp => sp.GetRequiredService<StartupWarmup>());
        services.AddHealthChecks().AddCheck<StartupWarmup>("warmup", tags: [HealthEndpoints.ReadyTag]);
        services.AddLogAnalyzerCache(builder.Configuration);
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices(ConfigureSnackbar);
        services.AddDashboardRuns(); // one AnalysisRun per dashboard (the page disposes it), Dashboard:* validated on start
        services.AddHttpContextAccessor();
        services.AddAntiforgery(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest); // Secure behind an HTTPS proxy
        services.AddScoped<CircuitClient>();
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler, CircuitClientHandler>();

        // Kestrel's body limit agrees with the input limit (JSON escapes need headroom; the API checks the text itself).
        var maxInput = builder.Configuration.GetValue<long?>($"{IngestionOptions.SectionName}:{nameof(IngestionOptions.MaxInputBytes)}")
            ?? new IngestionOptions().MaxInputBytes;
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = (maxInput * 2) + 65_536);

        var otlp = builder.Configuration["OpenTelemetry:OtlpEndpoint"] ?? builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (!string.IsNullOrWhiteSpace(otlp))
        {
            // LlmTelemetry.SourceName: the LLM calls' GenAI spans and metrics (gen_ai.client.token.usage, .operation.duration).
            services.AddOpenTelemetry()
                .WithMetrics(metrics => metrics
                    .AddMeter(AnalysisMetrics.MeterName, LlmTelemetry.SourceName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Net.Http")
                    .AddOtlpExporter(o => o.Endpoint = new Uri(otlp)))
                .WithTracing(tracing => tracing
                    .AddSource(LlmTelemetry.SourceName)
                    .AddOtlpExporter(o => o.Endpoint = new Uri(otlp)));
        }

        return builder;
    }

    /// <summary>
    /// A built but unpublished app (<c>dotnet run -c Release</c>, any environment) finds its static assets — its own
    /// wwwroot, blazor.web.js, MudBlazor's files — through the build's static web assets manifest, which only
    /// Development reads by default; a published app has them in its wwwroot and no manifest, so nothing changes there.
    /// </summary>
    private static void ServeBuildOutputAssets(WebApplicationBuilder builder)
    {
        if (builder.Environment.IsDevelopment())
        {
            return; // already on
        }

        var manifest = Path.Combine(AppContext.BaseDirectory, builder.Environment.ApplicationName + ".staticwebassets.runtime.json");
        if (File.Exists(manifest))
        {
            builder.WebHost.UseStaticWebAssets();
        }
    }

    /// <summary>
    /// Toasts ("JSON copied…") sit at the bottom centre for 2.5 s: top-right they covered the insights pane's header
    /// for 5 s (issue 13).
    /// </summary>
    internal static void ConfigureSnackbar(MudBlazor.Services.MudServicesConfiguration configuration)
    {
        var snackbar = configuration.SnackbarConfiguration;
        snackbar.PositionClass = MudBlazor.Defaults.Classes.Position.BottomCenter;
        snackbar.VisibleStateDuration = 2500;
        snackbar.ShowTransitionDuration = 200;
        snackbar.HideTransitionDuration = 200;
        snackbar.PreventDuplicates = true;
    }

    public static WebApplication UseLogAnalyzerPipeline(this WebApplication app)
    {
        PeerAddress.UsePeerAddress(app); // before forwarded headers rewrite the remote address
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

        // Outside the exception handler, so a request is logged once, with the status the client really got.
        // Through the host's logger (its console format: readable in Development, JSON elsewhere); by default the
        // middleware writes to the static bootstrap logger, which printed raw JSON lines in the Development console.
        app.UseSerilogRequestLogging(o =>
        {
            o.GetLevel = RequestLogLevel;
            o.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
        });
        app.UseExceptionHandler();
        app.UseStatusCodePages();
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

    /// <summary>Server failures at Error; what clients cause (4xx, a closed connection) at Information.</summary>
    internal static Serilog.Events.LogEventLevel RequestLogLevel(HttpContext context, double elapsedMs, Exception? exception) =>
        exception is not null && !context.RequestAborted.IsCancellationRequested || context.Response.StatusCode >= 500
            ? Serilog.Events.LogEventLevel.Error
            : Serilog.Events.LogEventLevel.Information;

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
