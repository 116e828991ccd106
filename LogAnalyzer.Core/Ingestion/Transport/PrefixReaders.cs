using LogAnalyzer.Core.Ingestion.Inference;

namespace LogAnalyzer.Core.Ingestion.Transport;

/// <summary>Readers for the line prefixes a runtime or viewer adds that need no unescaping (all but docker json-file).</summary>
internal static class PrefixReaders
{
    /// <summary><c>ts stdout|stderr F|P payload</c> (CRI log format, containerd and CRI-O).</summary>
    public static bool TryCri(ReadOnlySpan<char> s, int year, out TransportLine line)
    {
        line = default;
        if (!TryIsoToken(s, year, requireNanos: false, out var time, out var p) || p + 9 > s.Length)
        {
            return false;
        }

        var stream = s.Slice(p, 6);
        if (stream is not ("stdout" or "stderr") || s[p + 6] != ' ' || s[p + 7] is not ('F' or 'P') || (p + 8 < s.Length && s[p + 8] != ' '))
        {
            return false;
        }

        line = new TransportLine(Math.Min(s.Length, p + 9), string.GetHashCode(stream)) { Time = time, Partial = s[p + 7] == 'P' };
        return true;
    }

    /// <summary><c>2024-01-01T00:00:00.123456789Z payload</c>: an RFC 3339 timestamp with a long fraction and a zone.</summary>
    public static bool TryTimestamped(ReadOnlySpan<char> s, int year, out TransportLine line)
    {
        line = default;
        if (!TryIsoToken(s, year, requireNanos: true, out var time, out var p))
        {
            return false;
        }

        line = new TransportLine(p, 0) { Time = time };
        return true;
    }

    /// <summary>BuildKit: <c>#12 0.345 payload</c> (the step number is the channel).</summary>
    public static bool TryBuildStep(ReadOnlySpan<char> s, out TransportLine line, out bool timed)
    {
        line = default;
        timed = false;
        if (s.Length < 3 || s[0] != '#')
        {
            return false;
        }

        var p = 1;
        while (p < s.Length && char.IsAsciiDigit(s[p]))
        {
            p++;
        }

        if (p == 1 || p >= s.Length || s[p] != ' ')
        {
            return false;
        }

        var step = string.GetHashCode(s[..p]);
        var q = p + 1;
        var d = q;
        while (d < s.Length && (char.IsAsciiDigit(s[d]) || s[d] == '.'))
        {
            d++;
        }

        timed = d > q + 2 && s[q..d].Contains('.') && (d == s.Length || s[d] == ' ');
        line = new TransportLine(timed ? Math.Min(s.Length, d + 1) : q, step);
        return true;
    }

    /// <summary>Syslog / journald short: <c>ts host tag[pid]: payload</c> (the host and tag are the channel).</summary>
    public static bool TrySyslog(ReadOnlySpan<char> s, int year, out TransportLine line)
    {
        line = default;
        if (s.IsEmpty || !char.IsAsciiLetterUpper(s[0]) || !TimestampParser.TryParse(s, year, out var time, out var n) || n >= s.Length || s[n] != ' ')
        {
            return false;
        }

        var hostEnd = s[(n + 1)..].IndexOf(' ');
        if (hostEnd <= 0)
        {
            return false;
        }

        var tagStart = n + 2 + hostEnd;
        var colon = s[tagStart..].IndexOf(": ");
        var tagEnd = tagStart + colon;
        if (colon <= 0 || s[tagStart..tagEnd].ContainsAny(' ', '\t'))
        {
            return false;
        }

        line = new TransportLine(tagEnd + 2, string.GetHashCode(s[(n + 1)..tagEnd])) { Time = time };
        return true;
    }

    /// <summary>Logcat threadtime: <c>MM-dd HH:mm:ss.SSS pid tid L tag: payload</c> (pid, tid and tag are the channel).</summary>
    public static bool TryLogcat(ReadOnlySpan<char> s, int year, out TransportLine line)
    {
        line = default;
        if (s.Length < 20 || s[2] != '-' || !TimestampParser.TryParse(s, year, out var time, out var n))
        {
            return false;
        }

        var p = n;
        for (var field = 0; field < 2; field++)
        {
            p = HeaderText.SkipSpaces(s, p);
            var start = p;
            while (p < s.Length && char.IsAsciiDigit(s[p]))
            {
                p++;
            }

            if (p == start)
            {
                return false;
            }
        }

        p = HeaderText.SkipSpaces(s, p);
        if (p + 2 >= s.Length || s[p + 1] != ' ' || !LevelParser.TryParseLetter(s[p], out _))
        {
            return false;
        }

        var colon = s[(p + 2)..].IndexOf(": ");
        if (colon < 0)
        {
            return false;
        }

        var payload = p + 2 + colon + 2;
        line = new TransportLine(payload, string.GetHashCode(s[n..(payload - 2)])) { Time = time };
        return true;
    }

    /// <summary>An RFC 3339 timestamp token (date 'T' time, fraction, 'Z' or offset) followed by a blank.</summary>
    private static bool TryIsoToken(ReadOnlySpan<char> s, int year, bool requireNanos, out DateTimeOffset? time, out int after)
    {
        time = null;
        after = 0;
        if (s.Length < 21 || !char.IsAsciiDigit(s[0]) || s[4] != '-' || s[10] != 'T')
        {
            return false;
        }

        var space = s.IndexOf(' ');
        if (space < 20 || space > 36 || !TimestampParser.TryParse(s[..space], year, out time, out var n) || n != space || time is null)
        {
            return false;
        }

        var token = s[..space];
        var dot = token.IndexOf('.');
        var zoned = token[^1] is 'Z' or 'z' || token[^6] is '+' or '-';
        if (!zoned || (requireNanos && (dot < 0 || space - dot < 7)))
        {
            return false;
        }

        after = space + 1;
        return true;
    }
}
