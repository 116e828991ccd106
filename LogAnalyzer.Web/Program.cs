using LogAnalyzer.Web.Api;
using LogAnalyzer.Web.Components;
using LogAnalyzer.Web.Hosting;
using Serilog;

Log.Logger = SerilogSetup.CreateBootstrapLogger();
try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddLogAnalyzerWeb();

    var app = builder.Build();
    app.UseLogAnalyzerPipeline();
    app.MapAnalysisApi();
    app.MapSavedAnalysisApi();
    app.MapPromptPreviewApi();
    app.MapSchemaApi();
    app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

    await app.RunAsync();
}
catch (Exception ex) when (ex is not HostAbortedException)
{
    Log.Fatal(ex, "LogAnalyzer stopped unexpectedly");
    throw;
}
finally
{
    await Log.CloseAndFlushAsync();
}
