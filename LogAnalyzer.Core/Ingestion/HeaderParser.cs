using LogAnalyzer.Core.Ingestion.Inference;
using LogAnalyzer.Core.Ingestion.Layouts;
using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Core.Ingestion;

/// <summary>
/// Splits a text line into header (timestamp, level, source) and message without regular expressions.
/// Specific layouts (syslog 5424/3164, logcat, glog/klog, access logs, logfmt, Python's basicConfig) are tried when their
/// first characters fit; everything else goes through one general token walk: timestamps, numbers, separators and
/// a few identifier-like tokens may precede a level word; after the level come optional [thread]/[context] brackets,
/// then an optional logger (<c>a.b.C:</c> or <c>Name -</c>), then the message.
/// </summary>
internal static class HeaderParser
{
    private const int MaxHeaderTokens = 16;
    private const int MaxHeaderChars = 320;
    private const int WordBudget = 5;

    public static ParsedHeader Parse(ReadOnlySpan<char> s, int defaultYear)
    {
        if (!TryParseKnown(s, defaultYear, out var h))
        {
            TryGeneric(s, defaultYear, ref h);
        }

        return h;
    }

    /// <summary>The general token walk alone (no specific layout).</summary>
    public static ParsedHeader ParseGeneric(ReadOnlySpan<char> s, int defaultYear)
    {
        var h = default(ParsedHeader);
        TryGeneric(s, defaultYear, ref h);
        return h;
    }

    /// <summary>The specific layouts (syslog, glog/klog, logfmt, Python basic, logcat, access log) whose first characters fit.</summary>
    public static bool TryParseKnown(ReadOnlySpan<char> s, int defaultYear, out ParsedHeader h)
    {
        h = default;
        if (s.IsEmpty)
        {
            return true;
        }

        var c = s[0];
        if (c == '<' && TrySyslogPri(s, defaultYear, ref h))
        {
            return true;
        }

        if (char.IsAsciiLetter(c)
            && ((TimestampParser.Month(s) != 0 && TrySyslog3164(s, 0, defaultYear, null, ref h))
                || (c is 'I' or 'W' or 'E' or 'F' && TryGlog(s, defaultYear, ref h))
                || LogfmtHeader.TryParse(s, defaultYear, ref h) || TryPythonBasic(s, ref h)))
        {
            return true;
        }

        return (char.IsAsciiDigit(c) && s.Length > 20 && s[2] == '-' && s[5] == ' ' && TryLogcat(s, defaultYear, ref h))
            || AccessLogHeader.TryParse(s, defaultYear, ref h);
    }

    private static void TryGeneric(ReadOnlySpan<char> s, int year, ref ParsedHeader h)
    {
        var p = 0;
        var tokens = 0;
        var budget = 0;
        var words = 0;
        var sawTs = false;
        var firstTsBracketed = false;
        DateTimeOffset? ts = null;
        var afterTs = -1;
        int lastWordStart = -1, lastWordLength = 0;
        Severity? level = null;
        var levelBracketed = false;
        var limit = Math.Min(s.Length, MaxHeaderChars);
        while (tokens < MaxHeaderTokens && p < limit)
        {
            p = SkipSpaces(s, p);
            if (p >= s.Length)
            {
                break;
            }

            var c = s[p];
            if ((char.IsAsciiDigit(c) || char.IsAsciiLetter(c) || c == '[')
                && TimestampParser.TryParse(s[p..], year, out var value, out var n) && n > 0)
            {
                if (!sawTs)
                {
                    firstTsBracketed = c == '[';
                    sawTs = true;
                    if (tokens <= 1 && TrySyslog3164(s, p + n, year, value, ref h))
                    {
                        return;
                    }
                }

                ts ??= value;
                p += n;
                afterTs = p;
                tokens++;
                continue;
            }

            var end = TokenEnd(s, p);
            var token = s[p..end];
            if (sawTs && TryChannelLevel(token, out var channelLevel, out var channelLength))
            {
                // Monolog/Laravel: "production.ERROR: message"
                h.Format = LogFormat.TextLayout;
                h.Timestamp = ts;
                h.Level = channelLevel;
                SetSource(ref h, p, channelLength);
                h.MessageStart = SkipSpaces(s, end);
                return;
            }

            if (TryLevelToken(token, lowercaseOk: tokens == 0 || afterTs == p - 1 || (p > 0 && s[p - 1] == '\t'), out var lv, out levelBracketed))
            {
                if (sawTs || words == 0)
                {
                    level = lv;
                    p = end;
                }

                break;
            }

            tokens++;
            if (IsSeparator(token))
            {
                if (afterTs >= 0 && SkipSpaces(s, afterTs) == p)
                {
                    afterTs = end;
                }

                p = end;
                continue;
            }

            if (token.Length <= 12 && IsDigits(token))
            {
                p = end;
                continue;
            }

            if (!sawTs && tokens > 1)
            {
                break;
            }

            var prose = IsProse(token);
            budget += prose ? 3 : 1;
            words++;
            if (budget > WordBudget)
            {
                break;
            }

            if (!prose && token.Length > 2 && char.IsAsciiLetterOrDigit(token[^1]))
            {
                lastWordStart = p;
                lastWordLength = token.Length;
            }

            p = end;
        }

        if (level is null)
        {
            if (sawTs && afterTs > 0)
            {
                h.Format = LogFormat.TextLayout;
                h.Timestamp = ts;
                h.MessageStart = SkipSpaces(s, afterTs);
            }

            return;
        }

        h.Format = firstTsBracketed && levelBracketed && s.Length > 1 && char.IsAsciiLetter(s[1]) ? LogFormat.ApacheError : LogFormat.TextLayout;
        h.Timestamp = ts;
        h.Level = level;
        var q = SkipSpaces(s, p);
        var afterDoubleDash = false;
        if (q < s.Length && char.IsAsciiDigit(s[q]))
        {
            // Spring Boot: "ERROR 4242 --- [main] c.a.App : message" (pid before the separator)
            var pidEnd = TokenEnd(s, q);
            var next = SkipSpaces(s, pidEnd);
            if (IsDigits(s[q..pidEnd]) && next < s.Length && IsSeparator(s[next..TokenEnd(s, next)]))
            {
                q = next;
            }
        }

        if (q < s.Length)
        {
            var e = TokenEnd(s, q);
            if (IsSeparator(s[q..e]))
            {
                afterDoubleDash = e - q == 2 && s[q] == '-';
                q = SkipSpaces(s, e);
                if (afterDoubleDash && q < s.Length && s[q] == ':' && (q + 1 == s.Length || s[q + 1] == ' '))
                {
                    q = SkipSpaces(s, q + 1); // Ruby Logger with no progname: "ERROR -- : message"
                }
            }
        }

        var save = q;
        int bracketStart = -1, bracketLength = 0, brackets = 0;
        while (q < s.Length && s[q] == '[' && brackets < 3)
        {
            var close = MatchBracket(s, q);
            if (close < 0)
            {
                break;
            }

            bracketStart = q + 1;
            bracketLength = close - q - 1;
            brackets++;
            q = SkipSpaces(s, close + 1);
        }

        var tEnd = q < s.Length ? TokenEnd(s, q) : q;
        var t = s[q..tEnd];
        if (brackets == 0 && t.Length > 1 && tEnd < s.Length && s[tEnd] == '\t' && q > 0 && s[q - 1] == '\t' && IsLoggerName(t))
        {
            // Tab-separated fields (zap console): level, caller, message.
            SetSource(ref h, q, t.Length);
            h.MessageStart = SkipSpaces(s, tEnd);
            return;
        }

        if (brackets == 0 && tEnd == s.Length && t.Length > 3 && t[^1] == ']' && IsLoggerName(t))
        {
            // .NET console logger: "info: Category[EventId]" with the message on the next line.
            SetSource(ref h, q, t.Length);
            h.MessageStart = s.Length;
            return;
        }

        if (brackets > 0 && IsSeparator(t))
        {
            SetSource(ref h, bracketStart, bracketLength);
            h.MessageStart = SkipSpaces(s, tEnd);
            return;
        }

        if (t.Length > 1 && t[^1] == ':' && (IsLoggerName(t[..^1]) || (afterDoubleDash && brackets == 0) || (brackets == 0 && IsSimpleClassName(t[..^1]))))
        {
            SetSource(ref h, q, t.Length - 1);
            h.MessageStart = SkipSpaces(s, tEnd);
            return;
        }

        if (t.Length > 0 && IsIdentifierLike(t) && tEnd + 2 < s.Length && s[tEnd] == ' ' && s[tEnd + 1] is '-' or ':' && s[tEnd + 2] == ' ')
        {
            SetSource(ref h, q, t.Length);
            h.MessageStart = SkipSpaces(s, tEnd + 2);
            return;
        }

        if (lastWordStart >= 0)
        {
            SetSource(ref h, lastWordStart, lastWordLength);
        }

        h.MessageStart = save;
    }

    /// <summary>RFC 3164 after an optional PRI: <c>Mmm dd HH:mm:ss host tag[pid]: msg</c> (also with an ISO timestamp).</summary>
    private static bool TrySyslog3164(ReadOnlySpan<char> s, int afterTs, int year, DateTimeOffset? ts, ref ParsedHeader h)
    {
        var p = afterTs;
        if (ts is null)
        {
            if (!TimestampParser.TryParse(s[p..], year, out ts, out var n) || ts is null)
            {
                return false;
            }

            p += n;
        }

        if (p >= s.Length || s[p] != ' ')
        {
            return false;
        }

        var hostStart = p + 1;
        var hostEnd = TokenEnd(s, hostStart);
        if (hostEnd == hostStart || hostEnd >= s.Length || s[hostEnd] != ' ')
        {
            return false;
        }

        var host = s[hostStart..hostEnd];
        if (LevelParser.TryParseName(host.TrimEnd(':'), out _) || host[^1] == ':' || host[0] == '[' || host.Length > 64)
        {
            return false;
        }

        var tagStart = hostEnd + 1;
        var tagEnd = TokenEnd(s, tagStart);
        var tag = s[tagStart..tagEnd];
        if (tag.Length < 2 || tag[^1] != ':')
        {
            return false;
        }

        var name = tag[..^1];
        var bracket = name.IndexOf('[');
        if (bracket >= 0)
        {
            if (name[^1] != ']' || !IsDigits(name[(bracket + 1)..^1]))
            {
                return false;
            }

            name = name[..bracket];
        }

        if (name.IsEmpty || name.Length > 48)
        {
            return false;
        }

        foreach (var ch in name)
        {
            if (!(char.IsAsciiLetterOrDigit(ch) || ch is '_' or '-' or '.' or '/' or '@'))
            {
                return false;
            }
        }

        if (h.Format != LogFormat.Syslog3164)
        {
            h.Format = LogFormat.Syslog3164;
        }

        h.Timestamp = ts;
        SetSource(ref h, tagStart, name.Length);
        h.MessageStart = SkipSpaces(s, tagEnd);
        return true;
    }

    /// <summary><c>&lt;PRI&gt;</c> then RFC 5424 (<c>1 ts host app procid msgid [sd] msg</c>) or RFC 3164.</summary>
    private static bool TrySyslogPri(ReadOnlySpan<char> s, int year, ref ParsedHeader h)
    {
        var close = s.IndexOf('>');
        if (close is < 2 or > 4 || !int.TryParse(s[1..close], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pri) || pri > 191)
        {
            return false;
        }

        var level = LevelParser.FromSyslog(pri & 7);
        var p = close + 1;
        if (p + 2 < s.Length && char.IsAsciiDigit(s[p]) && s[p + 1] == ' ')
        {
            // RFC 5424
            p += 2;
            var fields = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["facility"] = (pri >> 3).ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            DateTimeOffset? ts = null;
            var tsEnd = TokenEnd(s, p);
            if (s[p..tsEnd] is not "-" && TimestampParser.TryParse(s[p..], year, out ts, out var n))
            {
                tsEnd = p + n;
            }

            var parts = new (int Start, int Length)[4];
            var q = tsEnd;
            for (var i = 0; i < 4; i++)
            {
                q = SkipSpaces(s, q);
                var e = TokenEnd(s, q);
                parts[i] = (q, e - q);
                q = e;
            }

            AddNil(fields, "host", s, parts[0]);
            AddNil(fields, "procid", s, parts[2]);
            AddNil(fields, "msgid", s, parts[3]);
            q = SkipSpaces(s, q);
            if (q < s.Length && s[q] == '[')
            {
                q = ReadStructuredData(s, q, fields);
            }
            else if (q < s.Length && s[q] == '-')
            {
                q++;
            }

            q = SkipSpaces(s, q);
            if (q < s.Length && s[q] == '\uFEFF')
            {
                q++;
            }

            h.Format = LogFormat.Syslog5424;
            h.Timestamp = ts;
            h.Level = level;
            if (parts[1].Length > 0 && s.Slice(parts[1].Start, parts[1].Length) is not "-")
            {
                SetSource(ref h, parts[1].Start, parts[1].Length);
            }

            h.Fields = fields;
            h.MessageStart = Math.Min(q, s.Length);
            return true;
        }

        h.Format = LogFormat.Syslog3164;
        if (!TrySyslog3164(s, p, year, null, ref h))
        {
            if (TimestampParser.TryParse(s[p..], year, out var ts, out var n))
            {
                h.Timestamp = ts;
                p = SkipSpaces(s, p + n);
            }

            h.MessageStart = p;
        }

        h.Format = LogFormat.Syslog3164;
        h.Level = level;
        return true;
    }

    private static void AddNil(Dictionary<string, string> fields, string key, ReadOnlySpan<char> s, (int Start, int Length) part)
    {
        if (part.Length > 0 && s.Slice(part.Start, part.Length) is not "-")
        {
            fields[key] = s.Slice(part.Start, part.Length).ToString();
        }
    }

    private static int ReadStructuredData(ReadOnlySpan<char> s, int q, Dictionary<string, string> fields)
    {
        while (q < s.Length && s[q] == '[')
        {
            var p = q + 1;
            var idEnd = p;
            while (idEnd < s.Length && s[idEnd] is not (' ' or ']'))
            {
                idEnd++;
            }

            var id = s[p..idEnd].ToString();
            p = idEnd;
            while (p < s.Length && s[p] != ']')
            {
                p = SkipSpaces(s, p);
                var eq = s[p..].IndexOf('=');
                if (eq < 0 || p + eq + 1 >= s.Length || s[p + eq + 1] != '"')
                {
                    return s.Length;
                }

                var name = s.Slice(p, eq).ToString();
                var v = p + eq + 2;
                var sb = new System.Text.StringBuilder();
                while (v < s.Length && s[v] != '"')
                {
                    if (s[v] == '\\' && v + 1 < s.Length)
                    {
                        v++;
                    }

                    sb.Append(s[v]);
                    v++;
                }

                fields[id + "." + name] = sb.ToString();
                p = v + 1;
            }

            q = SkipSpaces(s, p + 1);
        }

        return q;
    }

    /// <summary>logcat threadtime: <c>MM-dd HH:mm:ss.fff  pid  tid L Tag: message</c>.</summary>
    private static bool TryLogcat(ReadOnlySpan<char> s, int year, ref ParsedHeader h)
    {
        if (!TimestampParser.TryParse(s, year, out var ts, out var n))
        {
            return false;
        }

        var p = SkipSpaces(s, n);
        var e = TokenEnd(s, p);
        if (!IsDigits(s[p..e]))
        {
            return false;
        }

        p = SkipSpaces(s, e);
        e = TokenEnd(s, p);
        if (!IsDigits(s[p..e]))
        {
            return false;
        }

        p = SkipSpaces(s, e);
        if (p + 2 >= s.Length || s[p + 1] != ' ' || !LevelParser.TryParseLetter(s[p], out var level))
        {
            return false;
        }

        var tagStart = p + 2;
        var colon = s[tagStart..].IndexOf(": ");
        var tagEnd = colon < 0 ? -1 : tagStart + colon;
        if (colon < 0)
        {
            if (s[^1] != ':')
            {
                return false;
            }

            tagEnd = s.Length - 1;
        }

        h.Format = LogFormat.Logcat;
        h.Timestamp = ts;
        h.Level = level;
        var tag = s[tagStart..tagEnd].TrimEnd();
        SetSource(ref h, tagStart, tag.Length);
        h.MessageStart = Math.Min(s.Length, tagEnd + 2);
        return true;
    }

    /// <summary>glog/klog: <c>I0604 10:07:33.123456    1 controller.go:123] message</c>.</summary>
    private static bool TryGlog(ReadOnlySpan<char> s, int year, ref ParsedHeader h)
    {
        if (s.Length < 22 || !IsDigits(s[1..5]) || s[5] != ' ')
        {
            return false;
        }

        var month = ((s[1] - '0') * 10) + (s[2] - '0');
        var day = ((s[3] - '0') * 10) + (s[4] - '0');
        Span<char> date = stackalloc char[5];
        date[0] = s[1];
        date[1] = s[2];
        date[2] = '-';
        date[3] = s[3];
        date[4] = s[4];
        if (month is < 1 or > 12 || day is < 1 or > 31)
        {
            return false;
        }

        var close = s.IndexOf("] ");
        if (close < 0 || close > 120)
        {
            return false;
        }

        var p = 6;
        if (!TimestampParser.TryParse(s[p..], year, out _, out var n) || n == 0)
        {
            return false;
        }

        var timeEnd = p + n;
        Span<char> full = stackalloc char[6 + n];
        date.CopyTo(full);
        full[5] = ' ';
        s[p..timeEnd].CopyTo(full[6..]);
        TimestampParser.TryParse(full, year, out var ts, out _);
        if (!LevelParser.TryParseLetter(s[0], out var level))
        {
            return false;
        }

        var q = SkipSpaces(s, timeEnd);
        var e = TokenEnd(s, q);
        if (IsDigits(s[q..e]))
        {
            q = SkipSpaces(s, e);
        }

        h.Format = LogFormat.Glog;
        h.Timestamp = ts;
        h.Level = level;
        SetSource(ref h, q, close - q);
        h.MessageStart = Math.Min(s.Length, close + 2);
        return true;
    }

    /// <summary>Python's logging.basicConfig default: <c>WARNING:root:message</c>.</summary>
    private static bool TryPythonBasic(ReadOnlySpan<char> s, ref ParsedHeader h)
    {
        var colon = s.IndexOf(':');
        if (colon is < 4 or > 8 || colon + 1 >= s.Length || s[colon + 1] == ' ' || !IsUpper(s[..colon]) || !LevelParser.TryParseName(s[..colon], out var level))
        {
            return false;
        }

        var second = s[(colon + 1)..].IndexOf(':');
        if (second <= 0 || !IsIdentifierLike(s.Slice(colon + 1, second)))
        {
            return false;
        }

        h.Format = LogFormat.TextLayout;
        h.Level = level;
        SetSource(ref h, colon + 1, second);
        h.MessageStart = colon + 2 + second;
        return true;
    }

    private static void SetSource(ref ParsedHeader h, int start, int length) => h.SetSource(start, length);

    /// <summary>A level token: <c>INFO</c>, <c>[warn]</c>, <c>&lt;ERROR&gt;</c>, <c>(E)</c>, <c>[core:error]</c>, <c>ERROR:</c>.</summary>
    private static bool TryLevelToken(ReadOnlySpan<char> token, bool lowercaseOk, out Severity level, out bool bracketed)
    {
        level = default;
        bracketed = false;
        if (token.Length < 2)
        {
            return false;
        }

        var first = token[0];
        if ((first == '[' && token[^1] == ']') || (first == '<' && token[^1] == '>') || (first == '(' && token[^1] == ')'))
        {
            bracketed = true;
            var inner = token[1..^1].Trim();
            var colon = inner.LastIndexOf(':');
            if (colon >= 0)
            {
                inner = inner[(colon + 1)..];
            }

            if (inner.Length == 1)
            {
                return LevelParser.TryParseLetter(char.ToUpperInvariant(inner[0]), out level);
            }

            return LevelParser.TryParseName(inner, out level);
        }

        var word = token;
        if (word[^1] is ':' or ',' or '|' or ']')
        {
            word = word[..^1];
        }

        if (!LevelParser.TryParseName(word, out level))
        {
            return false;
        }

        return IsUpper(word) || lowercaseOk || token[^1] == ':';
    }

    /// <summary><c>channel.LEVEL:</c> (Monolog): an upper-case level after the last dot, the channel before it.</summary>
    private static bool TryChannelLevel(ReadOnlySpan<char> token, out Severity level, out int channelLength)
    {
        level = default;
        channelLength = 0;
        if (token.Length < 4 || token[^1] != ':')
        {
            return false;
        }

        var dot = token.LastIndexOf('.');
        if (dot <= 0 || !char.IsAsciiLetter(token[0]))
        {
            return false;
        }

        var word = token[(dot + 1)..^1];
        if (!IsUpper(word) || !LevelParser.TryParseName(word, out level))
        {
            return false;
        }

        channelLength = dot;
        return true;
    }

    private static bool IsSeparator(ReadOnlySpan<char> token) => HeaderText.IsSeparator(token);

    private static bool IsUpper(ReadOnlySpan<char> t) => HeaderText.IsUpper(t);

    /// <summary>Kept for the exception parser, which reads line numbers with it.</summary>
    internal static bool IsDigits(ReadOnlySpan<char> t) => HeaderText.IsDigits(t);

    private static int SkipSpaces(ReadOnlySpan<char> s, int p) => HeaderText.SkipSpaces(s, p);

    private static int TokenEnd(ReadOnlySpan<char> s, int p) => HeaderText.TokenEnd(s, p);

    private static int MatchBracket(ReadOnlySpan<char> s, int p) => HeaderText.MatchBracket(s, p);

    /// <summary>Logger-ish: identifier characters with a namespace/path separator (a.b.C, Outer$Inner, pkg/file.go:12).</summary>
    private static bool IsLoggerName(ReadOnlySpan<char> t)
    {
        if (t.Length < 2 || t.Length > 200 || !(char.IsAsciiLetter(t[0]) || t[0] is '_' or '/' or '.' || (char.IsAsciiDigit(t[0]) && t.Contains('#'))))
        {
            return false;
        }

        var separator = false;
        foreach (var c in t)
        {
            if (c is '.' or '$' or '#' or '/' or '\\')
            {
                separator = true;
            }
            else if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '<' or '>' or '@' or ':' or '[' or ']'))
            {
                return false;
            }
        }

        return separator;
    }

    /// <summary>A simple class/component name (<c>Remoting</c>, <c>SecurityManager</c>): capitalised identifier.</summary>
    private static bool IsSimpleClassName(ReadOnlySpan<char> t)
    {
        if (t.Length < 3 || !char.IsAsciiLetterUpper(t[0]))
        {
            return false;
        }

        foreach (var c in t)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsIdentifierLike(ReadOnlySpan<char> t)
    {
        if (t.IsEmpty || t.Length > 200 || !(char.IsAsciiLetter(t[0]) || t[0] == '_'))
        {
            return false;
        }

        foreach (var c in t)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '$' or '/' or '\\' or '#' or '@' or ':' or '[' or ']'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A lowercase dictionary-like word (costs more in the header budget than an ID or code).</summary>
    private static bool IsProse(ReadOnlySpan<char> t)
    {
        if (t.Length < 2)
        {
            return false;
        }

        var start = char.IsAsciiLetterUpper(t[0]) ? 1 : 0;
        foreach (var c in t[start..])
        {
            if (!char.IsAsciiLetterLower(c))
            {
                return c is ',' or '.' or ';' && t.Length > 2 && c == t[^1];
            }
        }

        return true;
    }
}
