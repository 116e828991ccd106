using System.Text.Json;
using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Web.Api;

/// <summary>The API writes the same JSON as <see cref="AnalysisJson"/>.</summary>
internal static class AnalysisApiJson
{
    /// <summary>The serializer's buffer for API responses (rented from the array pool per response).</summary>
    public const int ResponseBufferBytes = 256 * 1024;

    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = AnalysisJson.Options.PropertyNamingPolicy;
        options.DefaultIgnoreCondition = AnalysisJson.Options.DefaultIgnoreCondition;
        options.Encoder = AnalysisJson.Options.Encoder;
        options.MaxDepth = AnalysisJson.Options.MaxDepth;

        // Responses are written asynchronously and flushed to Kestrel each time this buffer fills: at the default 16 KB
        // a 100 KB analysis with records (about 400 KB of JSON) took some 26 flushes and socket sends.
        options.DefaultBufferSize = ResponseBufferBytes;
    }
}
