using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;

namespace LogAnalyzer.Core.Model;

/// <summary>The JSON Schema of <see cref="AnalysisDocument"/> as <see cref="AnalysisJson"/> writes it.</summary>
public static class AnalysisSchema
{
    private static readonly Lazy<string> Text = new(Build);

    /// <summary>The schema document (draft 2020-12; validated with JsonSchema.Net in the LLM stage and the tests).</summary>
    public static string Json => Text.Value;

    private static string Build()
    {
        var exporterOptions = new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = (context, node) =>
            {
                // Required members are required in the schema too; objects reject unknown members.
                if (node is JsonObject obj && obj["properties"] is JsonObject && context.PropertyInfo is null
                    && !obj.ContainsKey("additionalProperties"))
                {
                    obj["additionalProperties"] = false;
                }

                return node;
            },
        };
        var schema = AnalysisJson.Options.GetJsonSchemaAsNode(typeof(AnalysisDocument), exporterOptions);
        if (schema is JsonObject root)
        {
            root.Insert(0, "$schema", "http://json-schema.org/draft-07/schema#");
            root.Insert(1, "title", "LogAnalyzer analysis document");
        }

        return schema.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
