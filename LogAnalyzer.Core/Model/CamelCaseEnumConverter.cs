using System.Text.Json;
using System.Text.Json.Serialization;

namespace LogAnalyzer.Core.Model;

/// <summary>Serializes an enum as its camelCase name ("rateLimited"), whatever the serializer options say.</summary>
public sealed class CamelCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.CamelCase, allowIntegerValues: false)
    where TEnum : struct, Enum;
