using LogAnalyzer.Core.Ingestion.Inference;
using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Core.Ingestion.Layouts;

/// <summary>logfmt lines (logrus, Go kit): <c>key=value</c> pairs with a level or message key.</summary>
internal static class LogfmtHeader
{
    /// <summary>logfmt: <c>time=… level=info msg="…" key=value</c>; needs a level or message key.</summary>
    public static bool TryParse(ReadOnlySpan<char> s, int year, ref ParsedHeader h)
    {
        var eq = s.IndexOf('=');
        var sp = s.IndexOf(' ');
        if (eq <= 0 || (sp >= 0 && sp < eq) || eq > 40)
        {
            return false;
        }

        var pairs = LogfmtParser.Parse(s);
        if (pairs is null || pairs.Count < 2)
        {
            return false;
        }

        string? message = null;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var known = false;
        foreach (var (key, value) in pairs)
        {
            switch (key.ToUpperInvariant())
            {
                case "MSG" or "MESSAGE":
                    message = value;
                    known = true;
                    break;
                case "LEVEL" or "LVL" or "SEVERITY" or "LOGLEVEL":
                    h.Level = LevelParser.FromValue(value);
                    known = true;
                    break;
                case "TIME" or "TS" or "T" or "TIMESTAMP" or "@TIMESTAMP":
                    h.Timestamp = TimestampParser.ParseValue(value, year);
                    known = true;
                    break;
                case "LOGGER" or "CALLER" or "SOURCE" or "COMPONENT" or "MODULE":
                    h.MessageOverride ??= null;
                    fields[key] = value;
                    if (h.SourceLength == 0)
                    {
                        var at = s.IndexOf(value.AsSpan());
                        if (at >= 0 && value.Length > 0)
                        {
                            h.SetSource(at, value.Length);
                        }
                    }

                    break;
                default:
                    fields[key] = value;
                    break;
            }
        }

        if (!known)
        {
            h = default;
            return false;
        }

        h.Format = LogFormat.Logfmt;
        h.MessageOverride = message ?? string.Empty;
        h.Fields = fields.Count > 0 ? fields : null;
        h.MessageStart = 0;
        return true;
    }
}
