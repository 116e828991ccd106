using System.Text.Json.Serialization;

namespace LogAnalyzer.Core.Model;

/// <summary>A record's level, normalized across formats. Serialized by name ("Error").</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Severity>))]
public enum Severity
{
    Trace = 0,
    Debug = 1,
    Info = 2,
    Warning = 3,
    Error = 4,
    Critical = 5,
}
