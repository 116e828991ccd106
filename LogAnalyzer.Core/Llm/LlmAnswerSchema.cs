using System.Reflection;
using System.Text.Json.Nodes;
using NJsonSchema;

namespace LogAnalyzer.Core.Llm;

/// <summary>
/// The embedded JSON Schema of the LLM answer (portable strict subset: every object closed, every property
/// required, no numeric ranges). Checked with NJsonSchema and sent as <c>response_format</c> in json_schema mode.
/// </summary>
public static class LlmAnswerSchema
{
    /// <summary>The <c>json_schema.name</c> sent to the provider.</summary>
    public const string Name = "incident_analysis";

    private static readonly Lazy<string> Text = new(Load);

    private static readonly Lazy<JsonSchema> Parsed = new(() => JsonSchema.FromJsonAsync(Text.Value).GetAwaiter().GetResult());

    /// <summary>The schema text as embedded.</summary>
    public static string Json => Text.Value;

    internal static JsonSchema Schema => Parsed.Value;

    /// <summary>A fresh node of the schema (for embedding into a request body).</summary>
    internal static JsonNode CreateNode() => JsonNode.Parse(Text.Value)!;

    private static string Load()
    {
        using var stream = typeof(LlmAnswerSchema).Assembly.GetManifestResourceStream("LogAnalyzer.Core.Llm.LlmAnswerSchema.json")
            ?? throw new InvalidOperationException("The embedded LLM answer schema is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
