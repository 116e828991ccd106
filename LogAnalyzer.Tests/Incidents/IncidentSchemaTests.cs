using System.Text.Json;
using LogAnalyzer.Core.Model;
using LogAnalyzer.Tests.Support;

namespace LogAnalyzer.Tests.Incidents;

public sealed class IncidentSchemaTests
{
    private static readonly string[] Categories =
    [
        "dependency-unreachable", "timeout", "resource-exhaustion", "auth", "tls-certificate", "rate-limited",
        "upstream-error", "data-error", "code-defect", "configuration", "concurrency", "crash-loop", "unknown",
    ];

    private static readonly string[] Kinds =
    [
        "traceId", "requestContext", "host", "port", "version", "deployment", "configuration", "upstreamResponse",
        "resourceMetrics", "stackTrace", "timeline", "other",
    ];

    [Fact]
    public void CauseCategory_SerializesAsTheTaxonomyNames()
    {
        var names = Enum.GetValues<CauseCategory>().Select(c => JsonSerializer.Serialize(c, AnalysisJson.Options).Trim('"')).Order();

        Assert.Equal(Categories.Order(), names);
    }

    [Fact]
    public void MissingContextKind_SerializesAsTheKindNames()
    {
        var names = Enum.GetValues<MissingContextKind>().Select(k => JsonSerializer.Serialize(k, AnalysisJson.Options).Trim('"')).Order();

        Assert.Equal(Kinds.Order(), names);
    }

    [Fact]
    public void Schema_EnumeratesTheCategoriesAndKinds()
    {
        using var schema = JsonDocument.Parse(AnalysisSchema.Json);
        var text = AnalysisSchema.Json;

        Assert.True(schema.RootElement.GetProperty("properties").TryGetProperty("incidents", out _));
        Assert.All(Categories, c => Assert.Contains("\"" + c + "\"", text, StringComparison.Ordinal));
        Assert.All(Kinds, k => Assert.Contains("\"" + k + "\"", text, StringComparison.Ordinal));
        Assert.Contains("\"incidentId\"", text, StringComparison.Ordinal);
        Assert.Contains("\"causeCategory\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Schema_ValidatesADocumentWithIncidents_AndRejectsAnUnknownCategory()
    {
        var t0 = new DateTimeOffset(2026, 3, 2, 10, 15, 31, TimeSpan.Zero);
        var document = new AnalysisDocument
        {
            Id = "a1",
            CreatedAt = t0,
            Summary = new InputSummary { TotalLines = 2, TotalRecords = 2 },
            Groups =
            [
                new ErrorGroup
                {
                    Id = "A", Label = "Error Group A", Count = 1, Severity = Severity.Error, Template = "Connection refused",
                    FirstLine = 1, LastLine = 1, Fingerprint = "f", Reason = "Same message template.", IncidentId = "I1",
                },
            ],
            Insights =
            [
                new Insight
                {
                    GroupId = "A", ProbableCause = "The database refused connections.", CauseCategory = CauseCategory.DependencyUnreachable,
                    MissingContext = [new MissingContextItem(MissingContextKind.TraceId, "No trace id.")],
                    Confidence = 0.8, Source = InsightSource.Rules,
                },
            ],
            Incidents =
            [
                new Incident
                {
                    Id = "I1", Title = "Database unreachable", CauseCategory = CauseCategory.DependencyUnreachable, RootGroupId = "A",
                    GroupIds = ["A"], FirstSeen = t0, LastSeen = t0, Summary = "The database refused connections.", Confidence = 0.8,
                    Source = InsightSource.Rules,
                },
            ],
            Llm = LlmReport.Disabled("off"),
        };
        var json = AnalysisJson.Serialize(document);

        Assert.Empty(SchemaCheck.Errors(json));
        Assert.Contains("\"causeCategory\":\"dependency-unreachable\"", json, StringComparison.Ordinal);
        Assert.Contains("{\"kind\":\"traceId\",\"detail\":\"No trace id.\"}", json, StringComparison.Ordinal);
        Assert.NotEmpty(SchemaCheck.Errors(json.Replace("dependency-unreachable", "network", StringComparison.Ordinal)));
    }
}
