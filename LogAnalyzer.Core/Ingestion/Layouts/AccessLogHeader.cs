using LogAnalyzer.Core.Ingestion.Inference;
using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Core.Ingestion.Layouts;

/// <summary>The common/combined access log layout of Apache httpd and nginx.</summary>
internal static class AccessLogHeader
{
    /// <summary>Combined/common access log: <c>host ident user [dd/Mon/yyyy:HH:mm:ss zone] "request" status bytes ...</c>.</summary>
    public static bool TryParse(ReadOnlySpan<char> s, int year, ref ParsedHeader h)
    {
        var e1 = HeaderText.TokenEnd(s, 0);
        if (e1 == 0 || e1 + 1 >= s.Length || s[e1] != ' ')
        {
            return false;
        }

        var e2 = HeaderText.TokenEnd(s, e1 + 1);
        if (e2 + 1 >= s.Length || s[e2] != ' ')
        {
            return false;
        }

        var e3 = HeaderText.TokenEnd(s, e2 + 1);
        if (e3 + 2 >= s.Length || s[e3] != ' ' || s[e3 + 1] != '[' || !char.IsAsciiDigit(s[e3 + 2]))
        {
            return false;
        }

        if (!TimestampParser.TryParse(s[(e3 + 1)..], year, out var ts, out var n) || ts is null)
        {
            return false;
        }

        var p = e3 + 1 + n;
        if (p + 2 >= s.Length || s[p] != ' ' || s[p + 1] != '"')
        {
            return false;
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal) { ["client"] = s[..e1].ToString() };
        var user = s[(e2 + 1)..e3];
        if (user is not "-")
        {
            fields["user"] = user.ToString();
        }

        var reqStart = p + 2;
        var reqEnd = s[reqStart..].IndexOf('"');
        if (reqEnd < 0)
        {
            return false;
        }

        var request = s.Slice(reqStart, reqEnd);
        var sp1 = request.IndexOf(' ');
        if (sp1 > 0)
        {
            fields["method"] = request[..sp1].ToString();
            var rest = request[(sp1 + 1)..];
            var sp2 = rest.LastIndexOf(' ');
            fields["path"] = (sp2 > 0 ? rest[..sp2] : rest).ToString();
            if (sp2 > 0)
            {
                fields["protocol"] = rest[(sp2 + 1)..].ToString();
            }
        }

        var q = HeaderText.SkipSpaces(s, reqStart + reqEnd + 1);
        var se = HeaderText.TokenEnd(s, q);
        Severity? level = null;
        if (se - q == 3 && HeaderText.IsDigits(s[q..se]))
        {
            var status = int.Parse(s[q..se], System.Globalization.CultureInfo.InvariantCulture);
            fields["status"] = s[q..se].ToString();
            level = LevelParser.FromHttpStatus(status);
            q = HeaderText.SkipSpaces(s, se);
            se = HeaderText.TokenEnd(s, q);
            if (se > q)
            {
                fields["bytes"] = s[q..se].ToString();
                q = HeaderText.SkipSpaces(s, se);
            }

            var referer = ReadQuoted(s, ref q);
            if (referer is not null)
            {
                fields["referer"] = referer;
                var agent = ReadQuoted(s, ref q);
                if (agent is not null)
                {
                    fields["userAgent"] = agent;
                }
            }
        }

        h.Format = LogFormat.AccessLog;
        h.Timestamp = ts;
        h.Level = level;
        h.Fields = fields;
        h.MessageStart = p + 1;
        return true;
    }

    private static string? ReadQuoted(ReadOnlySpan<char> s, ref int q)
    {
        if (q >= s.Length || s[q] != '"')
        {
            return null;
        }

        var close = s[(q + 1)..].IndexOf('"');
        if (close < 0)
        {
            return null;
        }

        var value = s.Slice(q + 1, close).ToString();
        q = HeaderText.SkipSpaces(s, q + close + 2);
        return value;
    }
}
