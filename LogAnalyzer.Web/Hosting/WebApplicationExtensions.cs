using LogAnalyzer.Web.Api;
using MudBlazor.Services;
using Serilog;

namespace LogAnalyzer.Web.Hosting;

/// <summary>All of the web app's wiring, so Program.cs reads as a table of contents.</summary>
internal static class WebApplicationExtensions
{
    public static WebApplicationBuilder AddLogAnalyzerWeb(this WebApplicationBuilder builder)
    {
        builder.Services.AddSerilog((services, logger) =>
            SerilogSetup.Configure(builder.Environment, builder.Configuration, services, logger));
        builder.Services.AddLogAnalyzerCore();
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.ConfigureHttpJsonOptions(o => AnalysisApiJson.Configure(o.SerializerOptions));
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        return builder;
    }

    public static WebApplication UseLogAnalyzerPipeline(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseSerilogRequestLogging();
        app.UseAntiforgery();
        app.MapStaticAssets();
        return app;
    }
}
