using System.Buffers;
using System.Text.RegularExpressions;

namespace LogAnalyzer.Core.Incidents;

/// <summary>
/// Names a record's message mentions that tie failures together: endpoints ("ep:host:port"), hosts ("host:…"), pods
/// ("pod:…"), trace and request ids ("trace:…") and dependency or service names ("svc:…"). Read from the message and
/// continuation lines, not the header, so the host that wrote every line does not tie everything together.
/// </summary>
internal static partial class EntityExtractor
{
    private const int MaxChars = 4096;

    private static readonly SearchValues<char> Separators = SearchValues.Create(" \t\r\n\"'()[]<>,;`|{}");

    private static readonly string[] TraceKeys =
        ["trace_id", "traceid", "trace-id", "trace", "request_id", "requestid", "request-id", "x-request-id", "req_id", "reqid", "rid", "correlation_id", "correlationid", "correlation-id", "span_id", "traceparent"];

    private static readonly string[] FileExtensions =
        [".java", ".py", ".cs", ".js", ".ts", ".go", ".rb", ".php", ".log", ".conf", ".json", ".yaml", ".yml", ".xml", ".sql", ".html", ".jar", ".so", ".dll", ".gz", ".txt", ".sh", ".kt", ".scala", ".properties", ".ini", ".pid", ".sock", ".tmp", ".csv", ".lock"];

    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal)
    {
        "localhost", "127.0.0.1", "0.0.0.0", "::1", "back-off", "read-only", "x-request-id", "e-mail", "keep-alive", "utf-8", "non-zero",
        "content-type", "user-agent", "x-forwarded-for", "built-in", "run-time", "time-out", "re-try", "so-called", "set-cookie",
    };

    public static void Collect(ReadOnlySpan<char> text, HashSet<string> into)
    {
        text = text[..Math.Min(text.Length, MaxChars)];
        string? pendingKey = null;
        foreach (var range in text.SplitAny(Separators))
        {
            var raw = text[range];
            if (raw.IsEmpty)
            {
                continue;
            }

            var token = raw.Trim(".:=").ToString();
            if (token.Length == 0)
            {
                continue;
            }

            if (pendingKey is not null)
            {
                AddTrace(token, into);
                pendingKey = null;
            }

            var eq = token.IndexOf('=', StringComparison.Ordinal);
            var colon = token.IndexOf(':', StringComparison.Ordinal);
            var lower = token.ToLowerInvariant();
            foreach (var key in TraceKeys)
            {
                if (lower.StartsWith(key, StringComparison.Ordinal) && (lower.Length == key.Length || lower[key.Length] is '=' or ':'))
                {
                    var value = lower.Length > key.Length + 1 ? token[(key.Length + 1)..].Trim('"', '\'') : null;
                    if (string.IsNullOrEmpty(value))
                    {
                        pendingKey = key;
                    }
                    else
                    {
                        AddTrace(value, into);
                    }

                    break;
                }
            }

            var value2 = eq > 0 ? token[(eq + 1)..] : token;
            AddName(value2.Contains("://", StringComparison.Ordinal) ? Authority(value2) : value2, into);
            if (colon > 0 && eq < 0 && token.Contains("://", StringComparison.Ordinal))
            {
                AddName(Authority(token), into);
            }
        }
    }

    private static string Authority(string url)
    {
        var at = url.IndexOf("://", StringComparison.Ordinal);
        var rest = at < 0 ? url : url[(at + 3)..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? rest : rest[..slash];
    }

    private static void AddTrace(string value, HashSet<string> into)
    {
        value = value.Trim('"', '\'', ',', ';');
        if (value.Length >= 6 && value.Length <= 80 && value.Any(char.IsDigit))
        {
            into.Add("trace:" + value.ToLowerInvariant());
        }
    }

    private static void AddName(string token, HashSet<string> into)
    {
        var lower = token.ToLowerInvariant().Trim('.', ':', '/');
        if (lower.Length < 4 || Ignored.Contains(lower) || !string.Equals(lower, token.Trim('.', ':', '/'), StringComparison.Ordinal))
        {
            // Hostnames and pod names are written in lower case; class names and sentences are not.
            if (W3cTraceparent().IsMatch(lower))
            {
                into.Add("trace:" + lower);
            }

            return;
        }

        if (W3cTraceparent().IsMatch(lower) || HexId().IsMatch(lower))
        {
            into.Add("trace:" + lower);
            return;
        }

        var host = lower;
        var port = string.Empty;
        var colon = lower.LastIndexOf(':');
        if (colon > 0 && colon < lower.Length - 1 && lower[(colon + 1)..].All(char.IsAsciiDigit) && lower.Length - colon - 1 <= 5)
        {
            host = lower[..colon];
            port = lower[(colon + 1)..];
        }

        if (IsHost(host))
        {
            into.Add("host:" + host);
            if (port.Length > 0)
            {
                into.Add("ep:" + host + ":" + port);
            }

            var first = host.Split('.')[0];
            if (first.Contains('-', StringComparison.Ordinal) && !char.IsAsciiDigit(first[0]))
            {
                into.Add("svc:" + first);
            }

            return;
        }

        if (port.Length > 0 && (ServiceName().IsMatch(host) || (host.Length >= 2 && host.All(char.IsAsciiLetterLower))))
        {
            into.Add("ep:" + host + ":" + port);
            into.Add("svc:" + host);
            return;
        }

        if (PodName().Match(lower) is { Success: true } pod)
        {
            into.Add("pod:" + lower);
            into.Add("svc:" + pod.Groups[1].Value);
            return;
        }

        if (ServiceName().IsMatch(lower) && !Ignored.Contains(lower))
        {
            into.Add("svc:" + lower);
        }
    }

    private static bool IsHost(string host)
    {
        if (Ipv4().IsMatch(host))
        {
            return host is not "127.0.0.1" and not "0.0.0.0";
        }

        if (!host.Contains('.', StringComparison.Ordinal) || !DottedName().IsMatch(host))
        {
            return false;
        }

        foreach (var extension in FileExtensions)
        {
            if (host.EndsWith(extension, StringComparison.Ordinal))
            {
                return false;
            }
        }

        var last = host[(host.LastIndexOf('.') + 1)..];
        return last.Length >= 2 && last.Any(char.IsAsciiLetter) && !host.StartsWith("java.", StringComparison.Ordinal) && !host.StartsWith("org.", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$")]
    private static partial Regex Ipv4();

    [GeneratedRegex(@"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$")]
    private static partial Regex DottedName();

    /// <summary>A Deployment's pod (orders-api-7d9f8b6c5-x2k9p) or a StatefulSet's (orders-db-0).</summary>
    [GeneratedRegex(@"^([a-z][a-z0-9-]*[a-z0-9])-(?:[a-z0-9]{6,10}-[a-z0-9]{5}|\d{1,2})$")]
    private static partial Regex PodName();

    /// <summary>A kebab-case name (orders-db, payment-gateway).</summary>
    [GeneratedRegex(@"^[a-z][a-z0-9]*(-[a-z][a-z0-9]*){1,3}$")]
    private static partial Regex ServiceName();

    [GeneratedRegex(@"^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$")]
    private static partial Regex W3cTraceparent();

    [GeneratedRegex(@"^[0-9a-f]{16,32}$")]
    private static partial Regex HexId();
}
