using System.Buffers;
using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Core.Insights;

/// <summary>Small, allocation-light readers over redacted record text: quotes, endpoints, durations, context ids.</summary>
internal static class TextFacts
{
    private const string Ellipsis = "…";

    private static readonly SearchValues<string> TraceTokens = SearchValues.Create(
        ["traceid", "trace_id", "trace-id", "trace.id", "traceparent", "trace id", "correlationid", "correlation_id",
         "correlation-id", "correlation id", "requestid", "request_id", "request-id", "request id", "spanid", "span_id",
         "operationid", "operation_id", "\"@tr\""],
        StringComparison.OrdinalIgnoreCase);

    private static readonly string[] TraceKeys = ["traceid", "requestid", "correlationid", "spanid", "traceparent", "operationid", "tr", "rid"];

    private static readonly string[] InstanceKeys = ["host", "pod", "instance", "node", "machine", "container"];

    private static readonly SearchValues<string> InstanceTokens = SearchValues.Create(
        ["host=", "host:", "hostname=", "hostname:", "pod=", "pod:", "pod/", "in pod ", "instance=", "instance:", "node=", "container="],
        StringComparison.OrdinalIgnoreCase);

    private static readonly string[] SourceExtensions = [".java", ".cs", ".py", ".js", ".ts", ".go", ".rb", ".kt", ".scala", ".php", ".cpp", ".c", ".h", ".mjs", ".cjs", ".jsx", ".tsx", ".fs", ".vb", ".swift", ".rs"];

    private static readonly string[] HostMarkers =
        ["unknownhostexception: ", "enotfound ", "eai_again ", "lookup ", "could not resolve host: ", "resolve host: ", "resolve host ", "unknown host ", "no such host: "];

    private static readonly SearchValues<char> ServiceNameChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-");

    private static readonly SearchValues<char> VersionMarks = SearchValues.Create("vV@");

    private static readonly SearchValues<char> AuthorityEnd = SearchValues.Create("/?#\"' )]>,;");

    private static readonly string[] DurationUnits =
        ["milliseconds", "millisecond", "millis", "ms", "seconds", "second", "secs", "sec", "s", "minutes", "minute", "mins", "min"];

    /// <summary>The input line around <paramref name="position"/>, trimmed, at most <see cref="InsightLimits.MaxQuoteLength"/> characters.</summary>
    public static string QuoteAt(string text, int position)
    {
        position = Math.Clamp(position, 0, text.Length);
        var start = text.LastIndexOf('\n', Math.Max(0, position - 1)) + 1;
        if (position == 0)
        {
            start = 0;
        }

        var end = text.IndexOf('\n', position);
        if (end < 0)
        {
            end = text.Length;
        }

        var line = text.AsSpan(start, end - start).TrimEnd('\r');
        var leading = line.Length - line.TrimStart().Length;
        line = line.Trim();
        return Cut(line, Math.Max(0, position - start - leading));
    }

    /// <summary>The first non-blank line of a text, as a quote.</summary>
    public static string QuoteFirstLine(string text)
    {
        var span = text.AsSpan().TrimStart();
        var newline = span.IndexOf('\n');
        var line = (newline < 0 ? span : span[..newline]).Trim();
        return Cut(line, 0);
    }

    /// <summary>Cuts a line to the quote length, keeping <paramref name="focus"/> in view.</summary>
    public static string Cut(ReadOnlySpan<char> line, int focus)
    {
        var max = InsightLimits.MaxQuoteLength;
        if (line.Length <= max)
        {
            return line.ToString();
        }

        var start = focus <= max - 20 ? 0 : Math.Min(focus - 40, line.Length - (max - 1));
        if (start <= 0)
        {
            return string.Concat(SafeSlice(line, 0, max - 1), Ellipsis);
        }

        var length = Math.Min(max - 2, line.Length - start);
        var tail = start + length < line.Length ? Ellipsis : string.Empty;
        if (tail.Length == 0)
        {
            length = Math.Min(max - 1, line.Length - start);
            start = line.Length - length;
        }

        return string.Concat(Ellipsis, SafeSlice(line, start, length), tail);
    }

    /// <summary>Slices without splitting a surrogate pair at either end.</summary>
    private static ReadOnlySpan<char> SafeSlice(ReadOnlySpan<char> line, int start, int length)
    {
        if (start > 0 && start < line.Length && char.IsLowSurrogate(line[start]))
        {
            start++;
            length--;
        }

        if (length > 0 && start + length < line.Length && char.IsHighSurrogate(line[start + length - 1]))
        {
            length--;
        }

        return line.Slice(start, Math.Max(0, length));
    }

    /// <summary>True when a record line is a stack frame rather than a message ("at …", "File …", "  in …").</summary>
    public static bool IsFrameLine(string text, int position)
    {
        var start = position == 0 ? 0 : text.LastIndexOf('\n', position - 1) + 1;
        var line = text.AsSpan(start).TrimStart();
        return line.StartsWith("at ", StringComparison.Ordinal) || line.StartsWith("File \"", StringComparison.Ordinal);
    }

    /// <summary>The remote endpoint a line names (host, host:port, URL authority, IPv4), or null.</summary>
    public static string? FindEndpoint(ReadOnlySpan<char> line)
    {
        // A proxy's upstream field names the failing backend; its Host header and Referer do not.
        foreach (var key in UpstreamKeys)
        {
            var at = IndexOfWordStart(line, key);
            if (at < 0)
            {
                continue;
            }

            var value = line[(at + key.Length)..].TrimStart("\"' ");
            var end = value.IndexOfAny("\"', ");
            value = end < 0 ? value : value[..end];
            if (value.IndexOf("://", StringComparison.Ordinal) is var s and > 0)
            {
                value = value[(s + 3)..];
                var slash = value.IndexOf('/');
                value = slash < 0 ? value : value[..slash];
            }

            if (value.Length > 0 && (AsHostPort(value) ?? ReadHost(value)) is { } upstream)
            {
                return upstream;
            }
        }

        foreach (var key in (ReadOnlySpan<string>)["host='", "host=\"", "host=", "host: ", "hostname="])
        {
            var at = IndexOfWordStart(line, key);
            if (at >= 0 && ReadHost(line[(at + key.Length)..]) is { } host)
            {
                return WithPort(host, line);
            }
        }

        // libpq and others: connection to server at "db.internal" (10.0.9.12), port 5432 failed.
        foreach (var key in (ReadOnlySpan<string>)["server at \"", "server at ", "connecting to ", "connect to ", "connection to "])
        {
            var at = line.IndexOf(key, StringComparison.OrdinalIgnoreCase);
            if (at >= 0 && ReadHost(line[(at + key.Length)..]) is { } host && (host.Contains('.') || host.Contains(':')))
            {
                return WithPort(host, line);
            }
        }

        foreach (var marker in HostMarkers)
        {
            var at = line.IndexOf(marker, StringComparison.OrdinalIgnoreCase);
            if (at >= 0 && ReadHost(line[(at + marker.Length)..]) is { } host)
            {
                return host;
            }
        }

        var scheme = line.IndexOf("://", StringComparison.Ordinal);
        while (scheme > 0 && IsRefererPosition(line, scheme))
        {
            var next = line[(scheme + 3)..].IndexOf("://", StringComparison.Ordinal);
            scheme = next < 0 ? -1 : scheme + 3 + next;
        }

        if (scheme > 0)
        {
            var rest = line[(scheme + 3)..];
            var end = rest.IndexOfAny(AuthorityEnd);
            var authority = end < 0 ? rest : rest[..end];
            var at = authority.LastIndexOf('@');
            if (at >= 0)
            {
                authority = authority[(at + 1)..];
            }

            if (authority.Length is > 0 and <= 120)
            {
                return authority.ToString();
            }
        }

        var pos = 0;
        while (pos < line.Length)
        {
            while (pos < line.Length && IsTokenSeparator(line[pos]))
            {
                pos++;
            }

            var start = pos;
            while (pos < line.Length && !IsTokenSeparator(line[pos]))
            {
                pos++;
            }

            var token = line[start..pos].TrimEnd(".:,");
            if (token.Length > 0 && AsHostPort(token) is { } endpoint)
            {
                return endpoint;
            }
        }

        return null;
    }

    private static readonly string[] UpstreamKeys = ["upstream: ", "upstream=", "upstream_addr=", "upstream_addr: ", "upstream_addr\":", "upstream\":"];

    /// <summary>"host" plus ":port" when the line names the port separately ("…, port 5432").</summary>
    private static string WithPort(string host, ReadOnlySpan<char> line)
    {
        if (host.Contains(':'))
        {
            return host;
        }

        var at = line.IndexOf("port ", StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            at = line.IndexOf("port=", StringComparison.OrdinalIgnoreCase);
        }

        if (at < 0)
        {
            return host;
        }

        var digits = line[(at + 5)..];
        var length = 0;
        while (length < digits.Length && length < 6 && char.IsAsciiDigit(digits[length]))
        {
            length++;
        }

        return length is > 0 and <= 5 ? host + ":" + digits[..length].ToString() : host;
    }

    /// <summary>
    /// True when the URL at <paramref name="scheme"/> is a Referer: after "referrer"/"referer", or the quoted field that
    /// follows an access log's status and size (<c>"GET / HTTP/1.1" 502 157 "https://…"</c>).
    /// </summary>
    private static bool IsRefererPosition(ReadOnlySpan<char> line, int scheme)
    {
        var before = line[..scheme];
        var quote = before.LastIndexOfAny('"', ' ');
        var head = quote < 0 ? before : before[..quote];
        var window = head[Math.Max(0, head.Length - 12)..];
        if (window.Contains("refer", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // <status> <bytes> " immediately before the URL's quote.
        head = head.TrimEnd();
        var bytesStart = head.LastIndexOf(' ');
        if (bytesStart < 0 || !IsDigitsOrDash(head[(bytesStart + 1)..]))
        {
            return false;
        }

        var rest = head[..bytesStart].TrimEnd();
        var statusStart = rest.LastIndexOf(' ');
        var status = rest[(statusStart + 1)..];
        return status.Length == 3 && IsDigits(status) && rest[..Math.Max(0, statusStart)].TrimEnd().EndsWith("\"", StringComparison.Ordinal);
    }

    private static bool IsDigitsOrDash(ReadOnlySpan<char> span) => span.SequenceEqual("-") || IsDigits(span);

    private static bool IsTokenSeparator(char c) =>
        char.IsWhiteSpace(c) || c is '"' or '\'' or '(' or ')' or '[' or ']' or '<' or '>' or ',' or ';' or '/' or '=' or '`';

    private static int IndexOfWordStart(ReadOnlySpan<char> line, string key)
    {
        var from = 0;
        while (from < line.Length)
        {
            var at = line[from..].IndexOf(key, StringComparison.OrdinalIgnoreCase);
            if (at < 0)
            {
                return -1;
            }

            at += from;
            if (at == 0 || !char.IsLetterOrDigit(line[at - 1]))
            {
                return at;
            }

            from = at + 1;
        }

        return -1;
    }

    private static string? ReadHost(ReadOnlySpan<char> rest)
    {
        rest = rest.TrimStart("'\" ");
        var length = 0;
        while (length < rest.Length && (char.IsLetterOrDigit(rest[length]) || rest[length] is '.' or '-' or '_' or ':'))
        {
            length++;
        }

        var host = rest[..length].TrimEnd(".:");
        return IsPlausibleHost(host) ? host.ToString() : null;
    }

    private static string? AsHostPort(ReadOnlySpan<char> token)
    {
        var colon = token.LastIndexOf(':');
        if (colon > 0 && colon < token.Length - 1)
        {
            var port = token[(colon + 1)..];
            var host = token[..colon];
            if (port.Length <= 5 && IsDigits(port) && IsPlausibleHost(host) && (host.Contains('.') || host.Equals("localhost", StringComparison.OrdinalIgnoreCase)))
            {
                return token.ToString();
            }

            // A single-label service name with a port (db:5432, payments-svc:8080), as cluster DNS names are written.
            if (port.Length is >= 2 and <= 5 && IsDigits(port) && host.Length >= 2 && char.IsAsciiLetterLower(host[0])
                && !host.ContainsAnyExcept(ServiceNameChars))
            {
                return token.ToString();
            }

            return null;
        }

        // A bare address without a port is as often the client (access logs) as the remote side: not named.
        return null;
    }

    private static bool IsPlausibleHost(ReadOnlySpan<char> host)
    {
        if (host.Length is 0 or > 253 || host[0] == '.' || host[0] == '-')
        {
            return false;
        }

        var letters = false;
        foreach (var c in host)
        {
            if (char.IsAsciiLetter(c))
            {
                letters = true;
            }
            else if (!char.IsAsciiDigit(c) && c is not '.' and not '-' and not '_' and not ':')
            {
                return false;
            }
        }

        foreach (var extension in SourceExtensions)
        {
            if (host.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return letters || IsIPv4(host.IndexOf(':') is var c2 and > 0 ? host[..c2] : host);
    }

    private static bool IsIPv4(ReadOnlySpan<char> token)
    {
        var parts = 0;
        foreach (var range in token.Split('.'))
        {
            var part = token[range];
            if (part.Length is 0 or > 3 || !IsDigits(part) || int.Parse(part, System.Globalization.CultureInfo.InvariantCulture) > 255)
            {
                return false;
            }

            parts++;
        }

        return parts == 4;
    }

    private static bool IsDigits(ReadOnlySpan<char> span) => span.Length > 0 && !span.ContainsAnyExceptInRange('0', '9');

    /// <summary>True when the text states a duration ("after 30000ms", "100 seconds", "took 5.2 s").</summary>
    public static bool HasDuration(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsAsciiDigit(text[i]) || (i > 0 && (char.IsAsciiDigit(text[i - 1]) || text[i - 1] == '.')))
            {
                continue;
            }

            var j = i;
            while (j < text.Length && (char.IsAsciiDigit(text[j]) || text[j] == '.'))
            {
                j++;
            }

            if (j < text.Length && text[j] == ' ')
            {
                j++;
            }

            var rest = text[j..];
            foreach (var unit in DurationUnits)
            {
                if (rest.StartsWith(unit, StringComparison.OrdinalIgnoreCase)
                    && (rest.Length == unit.Length || !char.IsLetter(rest[unit.Length])))
                {
                    return true;
                }
            }

            i = j - 1;
        }

        return false;
    }

    /// <summary>True when a record carries a trace, correlation or request id (as a field or in its text).</summary>
    public static bool HasTraceId(LogRecord record) =>
        HasFieldKey(record, TraceKeys, exact: false) || HasTraceId(Head(record));

    /// <summary>True when a text names a trace, correlation or request id.</summary>
    public static bool HasTraceId(ReadOnlySpan<char> text) => text.IndexOfAny(TraceTokens) >= 0;

    /// <summary>True when a record names the host, pod or instance that wrote it.</summary>
    public static bool HasInstance(LogRecord record)
    {
        if (HasFieldKey(record, InstanceKeys, exact: false))
        {
            return true;
        }

        // A token counts at a word start only ("host=" but not "localhost=").
        var head = Head(record);
        var from = 0;
        while (from < head.Length)
        {
            var at = head[from..].IndexOfAny(InstanceTokens);
            if (at < 0)
            {
                return false;
            }

            at += from;
            if (at == 0 || !char.IsLetterOrDigit(head[at - 1]))
            {
                return true;
            }

            from = at + 1;
        }

        return false;
    }

    /// <summary>True when a record names a version ("version", "v1.2.3", "lib@4.17.21").</summary>
    public static bool HasVersion(LogRecord record)
    {
        if (HasFieldKey(record, ["version"], exact: false))
        {
            return true;
        }

        var head = Head(record);
        if (head.Contains("version", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var i = 0;
        while (i + 5 < head.Length)
        {
            var at = head[i..].IndexOfAny(VersionMarks);
            if (at < 0)
            {
                return false;
            }

            i += at;
            if ((i == 0 || !char.IsLetterOrDigit(head[i - 1])) && IsDottedVersion(head[(i + 1)..]))
            {
                return true;
            }

            i++;
        }

        return false;
    }

    private static bool IsDottedVersion(ReadOnlySpan<char> s)
    {
        var dots = 0;
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            if (i == start)
            {
                return false;
            }

            if (i < s.Length && s[i] == '.' && dots < 2)
            {
                dots++;
                i++;
                continue;
            }

            break;
        }

        return dots == 2 && char.IsAsciiDigit(s[i - 1]);
    }

    private static ReadOnlySpan<char> Head(LogRecord record) =>
        Head(string.IsNullOrEmpty(record.Text) ? record.Message ?? string.Empty : record.Text);

    /// <summary>The part of a text that context probes read.</summary>
    public static ReadOnlySpan<char> Head(string text) => text.AsSpan(0, Math.Min(text.Length, 4096));

    private static bool HasFieldKey(LogRecord record, string[] keys, bool exact)
    {
        if (record.Fields is not { Count: > 0 } fields)
        {
            return false;
        }

        Span<char> buffer = stackalloc char[64];
        foreach (var key in fields.Keys)
        {
            var length = 0;
            foreach (var c in key)
            {
                if (char.IsLetterOrDigit(c) && length < buffer.Length)
                {
                    buffer[length++] = char.ToLowerInvariant(c);
                }
            }

            var normalized = buffer[..length];
            foreach (var wanted in keys)
            {
                var matches = exact || wanted.Length <= 3
                    ? normalized.SequenceEqual(wanted)
                    : normalized.Contains(wanted, StringComparison.Ordinal);
                if (matches)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
