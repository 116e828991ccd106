using System.Text.Encodings.Web;
using System.Text.Json;

namespace LogAnalyzer.Core.Model;

/// <summary>The one JSON shape of the analysis document (API, export, dashboard JSON view, cache).</summary>
public static class AnalysisJson
{
    /// <summary>camelCase, nulls written (a null groupId means "in no group"), compact.</summary>
    public static JsonSerializerOptions Options { get; } = Create(indented: false);

    /// <summary>Same as <see cref="Options"/>, indented for people.</summary>
    public static JsonSerializerOptions Indented { get; } = Create(indented: true);

    public static string Serialize<T>(T value, bool indented = false) =>
        JsonSerializer.Serialize(value, indented ? Indented : Options);

    /// <summary>An enum value's name as the document writes it ("dependency-unreachable", "traceId").</summary>
    public static string Name<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        JsonSerializer.Serialize(value, Options).Trim('"');

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = indented,
            // Log text is shown as text; the JSON itself is never inlined into HTML unescaped.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            MaxDepth = 64,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
