using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace LogAnalyzer.Web.Api;

/// <summary>Documents the two request bodies the analysis endpoints read themselves (JSON or raw text).</summary>
internal static class OpenApiBodies
{
    public static Task DescribeLogBody(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var json = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string> { "text" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["text"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The log lines to analyse." },
                ["useLlm"] = new OpenApiSchema { Type = JsonSchemaType.Boolean, Description = "Ask the LLM (when configured)." },
                ["includeRecords"] = new OpenApiSchema { Type = JsonSchemaType.Boolean, Description = "Return every record (default true)." },
            },
        };
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/json"] = new() { Schema = json },
                ["text/plain"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
        };
        return Task.CompletedTask;
    }
}
