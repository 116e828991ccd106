using System.Text.Json.Nodes;
using Json.Schema;

namespace LogAnalyzer.Core.Llm;

/// <summary>
/// The embedded JSON Schema of the LLM answer (portable strict subset: every object closed, every property
/// required, no numeric ranges). Checked with JsonSchema.Net. What is sent as <c>response_format</c> is
/// <see cref="ForPrompt"/>: the same schema carrying the limits the validator enforces (lengths, item counts, the
/// enum of the group and incident ids that were sent), so a grammar-enforcing server (llama.cpp, Ollama, vLLM)
/// makes invented ids and rambling impossible.
/// </summary>
public static class LlmAnswerSchema
{
    /// <summary>The <c>json_schema.name</c> sent to the provider.</summary>
    public const string Name = "incident_analysis";

    /// <summary>Longest text the validator accepts (a cause, a reason, one list item).</summary>
    public const int MaxTextLength = 600;

    /// <summary>Most items the validator accepts in one list.</summary>
    public const int MaxListItems = 8;

    /// <summary>Most merges the validator accepts in one answer.</summary>
    public const int MaxMerges = 8;

    private static readonly Lazy<string> Text = new(Load);

    private static readonly Lazy<JsonSchema> Parsed = new(() => JsonSchema.FromText(Text.Value));

    /// <summary>The schema text as embedded (no bounds).</summary>
    public static string Json => Text.Value;

    internal static JsonSchema Schema => Parsed.Value;

    /// <summary>A fresh node of the schema (for embedding into a request body).</summary>
    internal static JsonNode CreateNode() => JsonNode.Parse(Text.Value)!;

    /// <summary>
    /// The schema for one prompt: with <paramref name="bounded"/>, every string carries <c>maxLength</c>, every list
    /// <c>maxItems</c>, and every id an <c>enum</c> of the ids that were sent; without, the plain schema (for providers
    /// whose strict mode rejects these keywords).
    /// </summary>
    internal static JsonNode ForPrompt(LlmPrompt prompt, bool bounded)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        var root = CreateNode();
        if (!bounded)
        {
            return root;
        }

        var properties = root["properties"]!;
        var groupIds = prompt.GroupIds.Count > 0 ? prompt.GroupIds : ["none"];
        var knownIds = prompt.KnownGroupIds.Count > 0 ? prompt.KnownGroupIds : groupIds;

        var incidents = properties["incidents"]!;
        incidents["maxItems"] = prompt.IncidentIds.Count;
        var incident = incidents["items"]!["properties"]!;
        if (prompt.IncidentIds.Count > 0)
        {
            incident["incident_id"]!["enum"] = Enum(prompt.IncidentIds);
        }

        incident["root_group_id"]!["enum"] = Enum(knownIds);
        incident["group_ids"]!["maxItems"] = knownIds.Count;
        incident["group_ids"]!["items"]!["enum"] = Enum(knownIds);

        var groups = properties["groups"]!;
        groups["maxItems"] = prompt.GroupIds.Count;
        var group = groups["items"]!["properties"]!;
        group["group_id"]!["enum"] = Enum(groupIds);
        group["probable_cause"]!["maxLength"] = MaxTextLength;
        group["missing_context"]!["maxItems"] = MaxListItems;
        group["missing_context"]!["items"]!["properties"]!["detail"]!["maxLength"] = MaxTextLength;
        foreach (var list in new[] { "suggested_investigation", "mitigation" })
        {
            group[list]!["maxItems"] = MaxListItems;
            group[list]!["items"]!["maxLength"] = MaxTextLength;
        }

        group["evidence_lines"]!["maxItems"] = MaxListItems;

        var merges = properties["merges"]!;
        merges["maxItems"] = prompt.GroupIds.Count >= 2 ? MaxMerges : 0;
        var merge = merges["items"]!["properties"]!;
        merge["group_ids"]!["maxItems"] = prompt.GroupIds.Count;
        merge["group_ids"]!["items"]!["enum"] = Enum(groupIds);
        merge["reason"]!["maxLength"] = MaxTextLength;
        merge["evidence_lines"]!["maxItems"] = MaxListItems;
        return root;
    }

    private static JsonArray Enum(IEnumerable<string> values) => new([.. values.Distinct(StringComparer.Ordinal).Select(v => (JsonNode)JsonValue.Create(v))]);

    private static string Load()
    {
        using var stream = typeof(LlmAnswerSchema).Assembly.GetManifestResourceStream("LogAnalyzer.Core.Llm.LlmAnswerSchema.json")
            ?? throw new InvalidOperationException("The embedded LLM answer schema is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
