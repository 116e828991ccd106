using System.Text.Json;
using Json.Schema;
using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Tests.Support;

/// <summary>JSON Schema validation for tests, with JsonSchema.Net (the design card's validator).</summary>
internal static class SchemaCheck
{
    private static readonly Lazy<JsonSchema> Analysis = new(() => JsonSchema.FromText(AnalysisSchema.Json));

    /// <summary>Where and why <paramref name="json"/> breaks the published analysis schema; empty when valid.</summary>
    public static IReadOnlyList<string> Errors(string json) => Errors(Analysis.Value, json);

    /// <summary>Where and why <paramref name="json"/> breaks <paramref name="schemaText"/>; empty when valid.</summary>
    public static IReadOnlyList<string> Errors(string schemaText, string json) => Errors(JsonSchema.FromText(schemaText), json);

    private static IReadOnlyList<string> Errors(JsonSchema schema, string json)
    {
        using var document = JsonDocument.Parse(json);
        var results = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return results.IsValid
            ? []
            : [.. (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                .Select(d => $"{d.InstanceLocation}: {string.Join("; ", d.Errors!.Values)}")
                .DefaultIfEmpty("the document does not match the schema")];
    }
}
