using System.Buffers;
using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Core.Insights;

/// <summary>
/// Which kinds of context a set of records already carries. The probes are deliberately broad: a kind that might be
/// present is treated as present, so a missing-context claim is only made when the records plainly lack it.
/// </summary>
internal sealed class ContextPresence
{
    private const int MaxChars = 4096;

    private static readonly SearchValues<string> TraceWords = SearchValues.Create(
        ["trace", "correlation", "request id", "request_id", "request-id", "requestid", "req_id", "req-id", "reqid", "rid=", "span", "x-amzn", "operation_id", "operationid", "traceparent"],
        StringComparison.OrdinalIgnoreCase);

    private static readonly SearchValues<string> RequestWords = SearchValues.Create(
        ["get /", "post /", "put /", "delete /", "patch /", "head /", "user", "request", "order", "customer", "account", "payload", "query", "select ", "insert ", "update ", "delete from", "statement", "client", "principal", "tenant", "session", "path=", "uri", "url", "id=", "job", "message id", "body"],
        StringComparison.OrdinalIgnoreCase);

    private static readonly SearchValues<string> HostWords = SearchValues.Create(
        ["host", "pod", "node", "server", "instance", "container", "machine", "localhost", "://", "ip=", "addr"],
        StringComparison.OrdinalIgnoreCase);

    private static readonly SearchValues<string> VersionWords = SearchValues.Create(
        ["version", "build", "release", "image", "commit", "revision", "tag"],
        StringComparison.OrdinalIgnoreCase);

    private static readonly SearchValues<string> DeploymentWords = SearchValues.Create(
        ["deploy", "rollout", "roll out", "release", "helm", "revision", "rev ", "image", "upgrade", "rolled", "restart", "started", "starting", "version", "scaled", "replica",
         "reload", "configmap", "applied", "changed", "migrat", "updated", "commit"],
        StringComparison.OrdinalIgnoreCase);

    private static readonly SearchValues<string> ConfigurationWords = SearchValues.Create(
        ["config", "setting", "limit", "max", "min", "timeout", "size", "option", "env", "propert", "parameter", "=", "threshold", "quota", "policy"],
        StringComparison.OrdinalIgnoreCase);

    private static readonly SearchValues<string> UpstreamWords = SearchValues.Create(
        ["status", "response", "http/", "returned", "responded", "reply", "body", "upstream", " 4", " 5", "code="],
        StringComparison.OrdinalIgnoreCase);

    private static readonly SearchValues<string> MetricsWords = SearchValues.Create(
        ["%", "memory", "cpu", "heap", "disk", "usage", "used", "mb", "gb", "mib", "gib", "kb", "bytes", "active", "idle", "pending", "waiting", "load", "connections", "total=", "free", "rss", "limit",
         "latency", "p99", "p95", "p50", "throughput", "per second", "/s", "saturation", "lag", "queue", "utilization", "pause"],
        StringComparison.OrdinalIgnoreCase);

    private static readonly SearchValues<string> StackWords = SearchValues.Create(
        ["\n\tat ", "\n    at ", "\n  at ", "traceback", "\n  file \"", "goroutine ", "stack", ".java:", ".py\", line", ".cs:line", ".go:", ".js:", ".ts:", ".rb:"],
        StringComparison.OrdinalIgnoreCase);

    private static readonly SearchValues<char> HostChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789.-:");

    private static readonly SearchValues<char> Lower = SearchValues.Create("abcdefghijklmnopqrstuvwxyz");

    private static readonly SearchValues<char> AddressChars = SearchValues.Create("0123456789.:");

    private readonly HashSet<MissingContextKind> _present = [];

    public bool Has(MissingContextKind kind) => _present.Contains(kind);

    /// <summary>Reads the records (the head of each one's text, its fields, its exception).</summary>
    public static ContextPresence Of(IEnumerable<LogRecord> records)
    {
        var presence = new ContextPresence();
        foreach (var record in records)
        {
            presence.Add(record);
        }

        return presence;
    }

    public void Add(LogRecord record)
    {
        if (record is null)
        {
            return;
        }

        var text = record.TextMemory.Length > 0 ? record.TextMemory.Span : (record.Message ?? string.Empty).AsSpan();
        text = text[..Math.Min(text.Length, MaxChars)];
        AddText(text);
        if (record.Timestamp is not null)
        {
            _present.Add(MissingContextKind.Timeline);
        }

        if (record.Exception is { } e && (e.Frames.Count > 0 || e.Causes.Any(c => c.Frames.Count > 0)))
        {
            _present.Add(MissingContextKind.StackTrace);
        }

        if (TextFacts.HasTraceId(record))
        {
            _present.Add(MissingContextKind.TraceId);
        }

        if (TextFacts.HasInstance(record))
        {
            _present.Add(MissingContextKind.Host);
        }

        if (TextFacts.HasVersion(record))
        {
            _present.Add(MissingContextKind.Version);
        }

        if (record.Fields is { Count: > 0 } fields)
        {
            foreach (var (key, value) in fields)
            {
                AddText(key);
                AddText(value);
            }
        }
    }

    /// <summary>Reads a text that is not a record (a group's sample or template).</summary>
    public void AddText(ReadOnlySpan<char> text)
    {
        Probe(text, TraceWords, MissingContextKind.TraceId);
        Probe(text, RequestWords, MissingContextKind.RequestContext);
        Probe(text, HostWords, MissingContextKind.Host);
        Probe(text, VersionWords, MissingContextKind.Version);
        Probe(text, DeploymentWords, MissingContextKind.Deployment);
        Probe(text, ConfigurationWords, MissingContextKind.Configuration);
        Probe(text, UpstreamWords, MissingContextKind.UpstreamResponse);
        Probe(text, MetricsWords, MissingContextKind.ResourceMetrics);
        Probe(text, StackWords, MissingContextKind.StackTrace);
        if (!_present.Contains(MissingContextKind.Timeline) && HasClock(text))
        {
            _present.Add(MissingContextKind.Timeline);
        }

        if (!_present.Contains(MissingContextKind.TraceId) && HasLongHexOrUuid(text))
        {
            _present.Add(MissingContextKind.TraceId);
        }

        if (!_present.Contains(MissingContextKind.Host) && HasHostToken(text))
        {
            _present.Add(MissingContextKind.Host);
        }

        if (!_present.Contains(MissingContextKind.Port) && HasPort(text))
        {
            _present.Add(MissingContextKind.Port);
        }

        if (!_present.Contains(MissingContextKind.Version) && HasDottedNumber(text))
        {
            _present.Add(MissingContextKind.Version);
        }
    }

    private void Probe(ReadOnlySpan<char> text, SearchValues<string> words, MissingContextKind kind)
    {
        if (!_present.Contains(kind) && text.IndexOfAny(words) >= 0)
        {
            _present.Add(kind);
        }
    }

    /// <summary>A run of 16+ hex digits or a UUID: an id that may well be a trace or request id.</summary>
    private static bool HasLongHexOrUuid(ReadOnlySpan<char> text)
    {
        var run = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiHexDigit(c) || c == '-')
            {
                if (++run >= 16)
                {
                    return true;
                }
            }
            else
            {
                run = 0;
            }
        }

        return false;
    }

    /// <summary>A dotted name with letters (db.internal), an IPv4 address or a host:port.</summary>
    private static bool HasHostToken(ReadOnlySpan<char> text)
    {
        foreach (var range in text.SplitAny(" \t\n\r\"'()[]<>,;=/"))
        {
            var token = text[range].Trim(".:");
            if (token.Length >= 4 && (token.Contains('.') || token.Contains(':')) && TextFacts.FindEndpoint(token) is not null)
            {
                return true;
            }

            var dots = token.Count('.');
            if (dots >= 1 && token.Length >= 4 && !token.ContainsAnyExcept(HostChars) && token.ContainsAny(Lower))
            {
                return true;
            }

            if (dots == 3 && !token.ContainsAnyExcept(AddressChars))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>"port 5432", "port=5432" or ":5432" after a name or address.</summary>
    private static bool HasPort(ReadOnlySpan<char> text)
    {
        if (text.Contains("port", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        for (var i = 1; i < text.Length - 2; i++)
        {
            if (text[i] == ':' && char.IsLetterOrDigit(text[i - 1]) && char.IsAsciiDigit(text[i + 1]) && char.IsAsciiDigit(text[i + 2]))
            {
                var end = i + 1;
                while (end < text.Length && char.IsAsciiDigit(text[end]))
                {
                    end++;
                }

                // Not a clock time (10:00:01): a port is not followed by another ':' and digits.
                var digits = end - i - 1;
                if (digits >= 2 && digits <= 5 && (end >= text.Length || text[end] != ':') && (i < 3 || text[i - 3] != ':'))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>"10:15" anywhere: a time of day the records state in their text.</summary>
    private static bool HasClock(ReadOnlySpan<char> text)
    {
        for (var i = 2; i < text.Length - 2; i++)
        {
            if (text[i] == ':' && char.IsAsciiDigit(text[i - 1]) && char.IsAsciiDigit(text[i - 2]) && char.IsAsciiDigit(text[i + 1]) && char.IsAsciiDigit(text[i + 2]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>"1.2", "4.17.21": anything that could be a version number.</summary>
    private static bool HasDottedNumber(ReadOnlySpan<char> text)
    {
        for (var i = 1; i < text.Length - 1; i++)
        {
            if (text[i] == '.' && char.IsAsciiDigit(text[i - 1]) && char.IsAsciiDigit(text[i + 1]))
            {
                return true;
            }
        }

        return false;
    }
}
