using Bunit;
using MudBlazor.Services;

namespace LogAnalyzer.Tests.Web.Components;

/// <summary>A bUnit context with MudBlazor services and loose JS interop (MudBlazor calls JS on render).</summary>
internal static class ComponentTestContext
{
    public static BunitContext Create()
    {
        var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        return ctx;
    }
}
