using System.Text;
using System.Text.Json;
using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Core.Ingestion;

/// <summary>
/// Reads JSON log records: Serilog CLEF (@t/@l/@m/@mt/@x), Elastic ECS (@timestamp, log.level, message, error.*),
/// pino/bunyan (numeric levels, msg, err.stack), generic time/level/msg, and Docker/Kubernetes wrappers
/// ({"log":…,"stream":…,"time":…}) whose inner line is parsed as text. Nested objects become dotted field names.
/// </summary>
internal static class JsonRecordParser
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 32, AllowTrailingCommas = true };

    private static readonly string[] TimeKeys = ["@t", "@timestamp", "time", "timestamp", "ts", "datetime", "date", "t", "eventTime", "logtime"];
    private static readonly string[] LevelKeys = ["@l", "log.level", "level", "lvl", "severity", "loglevel", "log_level", "levelname", "level_name", "levelName", "status"];
    private static readonly string[] MessageKeys = ["@m", "message", "msg", "text", "event", "log", "body", "Message"];
    private static readonly string[] SourceKeys = ["SourceContext", "log.logger", "logger", "logger_name", "loggerName", "name", "source", "component", "module", "category", "caller"];

    public static JsonRecord? TryParse(string text, int lineCount, int defaultYear)
    {
        JsonDocument? document = null;
        try
        {
            try
            {
                document = JsonDocument.Parse(text, Options);
            }
            catch (JsonException) when (lineCount > 1)
            {
                var nl = text.IndexOf('\n');
                document = JsonDocument.Parse(text.AsMemory(0, nl), Options);
            }
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            // ArgumentException: text that is not valid UTF-16 (a lone surrogate, half an emoji cut off) is not JSON.
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var flat = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            Flatten(root, null, flat, 0);
            if (flat.TryGetValue("log", out var log) && log.ValueKind == JsonValueKind.String && (flat.ContainsKey("stream") || flat.ContainsKey("time")) && flat.Count <= 8)
            {
                return Docker(text, lineCount, log.GetString() ?? string.Empty, flat, defaultYear);
            }

            var record = new JsonRecord();
            var used = new HashSet<string>(StringComparer.Ordinal);
            record.Format = flat.ContainsKey("@t") || flat.ContainsKey("@mt") ? LogFormat.JsonClef
                : flat.ContainsKey("@timestamp") && (flat.ContainsKey("log.level") || flat.ContainsKey("ecs.version")) ? LogFormat.JsonEcs
                : flat.TryGetValue("level", out var lv) && lv.ValueKind == JsonValueKind.Number ? LogFormat.JsonPino
                : LogFormat.JsonGeneric;

            var timeKey = First(flat, TimeKeys);
            if (timeKey is not null)
            {
                used.Add(timeKey);
                record.Timestamp = ToTimestamp(flat[timeKey], defaultYear);
            }

            var levelKey = First(flat, LevelKeys);
            if (levelKey is not null && !(levelKey == "status" && flat[levelKey].ValueKind == JsonValueKind.Number && flat[levelKey].GetDouble() >= 100))
            {
                used.Add(levelKey);
                var element = flat[levelKey];
                record.Level = element.ValueKind == JsonValueKind.Number ? LevelParser.FromNumber(element.GetDouble()) : LevelParser.FromValue(element.GetString());
            }
            else if (record.Format == LogFormat.JsonClef)
            {
                record.Level = Severity.Info; // CLEF omits @l for Information.
            }

            var messageKey = First(flat, MessageKeys);
            if (messageKey is not null && flat[messageKey].ValueKind == JsonValueKind.String)
            {
                used.Add(messageKey);
                record.Message = flat[messageKey].GetString() ?? string.Empty;
            }
            else if (flat.TryGetValue("@mt", out var template))
            {
                record.Message = Render(template.GetString() ?? string.Empty, flat);
            }

            used.Add("@mt");
            used.Add("@i");
            var sourceKey = First(flat, SourceKeys);
            if (sourceKey is not null && flat[sourceKey].ValueKind == JsonValueKind.String)
            {
                used.Add(sourceKey);
                record.Source = flat[sourceKey].GetString();
            }

            record.Exception = ReadException(flat, used) ?? Traces.EscapedTrace.InMessage(record.Message);
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in flat)
            {
                if (!used.Contains(key))
                {
                    fields[key] = ToText(value);
                }
            }

            record.Fields = fields.Count > 0 ? fields : null;
            return record;
        }
    }

    private static JsonRecord Docker(string text, int lineCount, string log, Dictionary<string, JsonElement> flat, int defaultYear)
    {
        var inner = new StringBuilder(log.TrimEnd('\n', '\r'));
        if (lineCount > 1)
        {
            foreach (var line in text.Split('\n').Skip(1))
            {
                inner.Append('\n');
                inner.Append(UnwrapLog(line) ?? line);
            }
        }

        var innerText = inner.ToString();
        var firstEnd = innerText.IndexOf('\n');
        var first = firstEnd < 0 ? innerText.AsSpan() : innerText.AsSpan(0, firstEnd);
        var header = HeaderParser.Parse(first, defaultYear);
        var message = header.MessageOverride ?? first[Math.Min(header.MessageStart, first.Length)..].Trim().ToString();
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in flat)
        {
            if (key is not ("log" or "time"))
            {
                fields[key] = ToText(value);
            }
        }

        if (header.Fields is not null)
        {
            foreach (var (key, value) in header.Fields)
            {
                fields[key] = value;
            }
        }

        var record = new JsonRecord
        {
            Format = LogFormat.DockerJson,
            Timestamp = header.Timestamp ?? (flat.TryGetValue("time", out var time) ? ToTimestamp(time, defaultYear) : null),
            Level = header.Level,
            Source = header.SourceLength > 0 ? first.Slice(header.SourceStart, header.SourceLength).ToString() : null,
            Message = message,
            Fields = fields.Count > 0 ? fields : null,
            InnerText = innerText,
            InnerMessageStart = header.MessageOverride is null ? Math.Min(header.MessageStart, first.Length) : 0,
        };
        return record;
    }

    private static string? UnwrapLog(string line)
    {
        if (!line.StartsWith("{\"log\":", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(line, Options);
            return doc.RootElement.TryGetProperty("log", out var log) && log.ValueKind == JsonValueKind.String
                ? log.GetString()?.TrimEnd('\n', '\r')
                : null;
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            // ArgumentException: text that is not valid UTF-16 (a lone surrogate, half an emoji cut off) is not JSON.
            return null;
        }
    }

    private static ExceptionInfo? ReadException(Dictionary<string, JsonElement> flat, HashSet<string> used)
    {
        foreach (var key in (string[])["@x", "error.stack_trace", "exception", "exc_info", "stack_trace", "stacktrace", "stack", "err.stack", "error.stack", "exception.stacktrace", "trace"])
        {
            if (flat.TryGetValue(key, out var value) && value.ValueKind == JsonValueKind.String)
            {
                var trace = value.GetString();
                if (!string.IsNullOrWhiteSpace(trace))
                {
                    used.Add(key);
                    var parsed = ExceptionParser.ParseTrace(trace);
                    if (parsed is not null)
                    {
                        return parsed;
                    }
                }
            }
        }

        foreach (var prefix in (string[])["error", "err", "exception"])
        {
            if (flat.TryGetValue(prefix + ".type", out var type) && type.ValueKind == JsonValueKind.String)
            {
                used.Add(prefix + ".type");
                string? message = null;
                if (flat.TryGetValue(prefix + ".message", out var m) && m.ValueKind == JsonValueKind.String)
                {
                    used.Add(prefix + ".message");
                    message = m.GetString();
                }

                return new ExceptionInfo { Language = "unknown", Type = type.GetString() ?? "unknown", Message = message };
            }
        }

        return null;
    }

    /// <summary>Renders a message template: {Name}, {@Name}, {$Name}, {Name:format} take the property's value.</summary>
    private static string Render(string template, Dictionary<string, JsonElement> flat)
    {
        var sb = new StringBuilder(template.Length + 32);
        var i = 0;
        while (i < template.Length)
        {
            var c = template[i];
            if (c == '{' && i + 1 < template.Length && template[i + 1] == '{')
            {
                sb.Append('{');
                i += 2;
                continue;
            }

            if (c == '}' && i + 1 < template.Length && template[i + 1] == '}')
            {
                sb.Append('}');
                i += 2;
                continue;
            }

            if (c == '{')
            {
                var close = template.IndexOf('}', i);
                if (close > i)
                {
                    var name = template.AsSpan(i + 1, close - i - 1).TrimStart("@$");
                    var cut = name.IndexOfAny(':', ',');
                    if (cut >= 0)
                    {
                        name = name[..cut];
                    }

                    var key = name.ToString();
                    sb.Append(flat.TryGetValue(key, out var value) ? ToText(value) : template.AsSpan(i, close - i + 1));
                    i = close + 1;
                    continue;
                }
            }

            sb.Append(c);
            i++;
        }

        return sb.ToString();
    }

    private static string? First(Dictionary<string, JsonElement> flat, string[] keys)
    {
        foreach (var key in keys)
        {
            if (flat.TryGetValue(key, out var value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined))
            {
                return key;
            }
        }

        return null;
    }

    private static DateTimeOffset? ToTimestamp(JsonElement value, int defaultYear) => value.ValueKind switch
    {
        JsonValueKind.Number => TimestampParser.FromEpoch(value.GetDouble()),
        JsonValueKind.String => TimestampParser.ParseValue(value.GetString(), defaultYear),
        _ => null,
    };

    private static string ToText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? string.Empty,
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        _ => value.GetRawText(),
    };

    private static void Flatten(JsonElement element, string? prefix, Dictionary<string, JsonElement> flat, int depth)
    {
        foreach (var property in element.EnumerateObject())
        {
            var key = prefix is null ? property.Name : prefix + "." + property.Name;
            if (property.Value.ValueKind == JsonValueKind.Object && depth < 4 && flat.Count < 256)
            {
                Flatten(property.Value, key, flat, depth + 1);
            }
            else if (flat.Count < 256)
            {
                flat[key] = property.Value;
            }
        }
    }
}
