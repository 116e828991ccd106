using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Web.Api;

/// <summary><c>GET /api/v1/schema/analysis</c>: the JSON Schema every analysis response is valid against.</summary>
public static class SchemaEndpoints
{
    public static RouteGroupBuilder MapSchemaApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/schema").WithTags("Schema");
        api.MapGet("/analysis", () => Results.Text(AnalysisSchema.Json, "application/schema+json"))
            .WithName("GetAnalysisSchema");
        return api;
    }
}
