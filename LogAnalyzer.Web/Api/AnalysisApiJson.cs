using System.Text.Json;
using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Web.Api;

/// <summary>The API writes the same JSON as <see cref="AnalysisJson"/>.</summary>
internal static class AnalysisApiJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = AnalysisJson.Options.PropertyNamingPolicy;
        options.DefaultIgnoreCondition = AnalysisJson.Options.DefaultIgnoreCondition;
        options.Encoder = AnalysisJson.Options.Encoder;
        options.MaxDepth = AnalysisJson.Options.MaxDepth;
    }
}
