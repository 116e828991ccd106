using System.Text;

namespace LogAnalyzer.Core.Ingestion;

/// <summary>Reads <c>key=value key2="quoted \"value\""</c> pairs; null when the line is not logfmt.</summary>
internal static class LogfmtParser
{
    public static List<(string Key, string Value)>? Parse(ReadOnlySpan<char> s)
    {
        var pairs = new List<(string Key, string Value)>();
        var p = 0;
        while (p < s.Length)
        {
            while (p < s.Length && s[p] is ' ' or '\t')
            {
                p++;
            }

            if (p >= s.Length)
            {
                break;
            }

            var keyStart = p;
            while (p < s.Length && s[p] is not ('=' or ' ' or '\t' or '"'))
            {
                p++;
            }

            if (p >= s.Length || s[p] != '=' || p == keyStart)
            {
                return null;
            }

            var key = s[keyStart..p].ToString();
            p++;
            string value;
            if (p < s.Length && s[p] == '"')
            {
                var sb = new StringBuilder();
                p++;
                var closed = false;
                while (p < s.Length)
                {
                    var c = s[p];
                    if (c == '\\' && p + 1 < s.Length)
                    {
                        var next = s[p + 1];
                        sb.Append(next switch { 'n' => '\n', 't' => '\t', 'r' => '\r', _ => next });
                        p += 2;
                        continue;
                    }

                    if (c == '"')
                    {
                        closed = true;
                        p++;
                        break;
                    }

                    sb.Append(c);
                    p++;
                }

                if (!closed)
                {
                    return null;
                }

                value = sb.ToString();
            }
            else
            {
                var valueStart = p;
                while (p < s.Length && s[p] is not (' ' or '\t'))
                {
                    p++;
                }

                value = s[valueStart..p].ToString();
            }

            pairs.Add((key, value));
        }

        return pairs;
    }
}
