using System.Text.Json;
using System.Text.Json.Serialization;

namespace LogAnalyzer.Core.Model;

/// <summary>Serializes an enum as its kebab-case name ("dependency-unreachable"), whatever the serializer options say.</summary>
public sealed class KebabCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false)
    where TEnum : struct, Enum;
