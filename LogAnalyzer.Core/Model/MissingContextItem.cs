namespace LogAnalyzer.Core.Model;

/// <summary>One piece of context an investigator needs that the log does not carry, and why it matters here.</summary>
public sealed record MissingContextItem(MissingContextKind Kind, string Detail);

/// <summary>What kind of context is missing. Serialized in camelCase ("traceId").</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(CamelCaseEnumConverter<MissingContextKind>))]
public enum MissingContextKind
{
    Other = 0,
    TraceId = 1,
    RequestContext = 2,
    Host = 3,
    Port = 4,
    Version = 5,
    Deployment = 6,
    Configuration = 7,
    UpstreamResponse = 8,
    ResourceMetrics = 9,
    StackTrace = 10,
    Timeline = 11,
}
