using System.Text.RegularExpressions;
using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Core.Insights;

/// <summary>
/// HTTP 5xx read from a server's own access log: this server answered with the error, so the advice is the server's
/// (its error log, its upstream field, its backends), not a client's retry policy.
/// </summary>
internal static partial class AccessLogAdvice
{
    public const string Cause =
        "This server answered requests with HTTP 5xx{upstream}: 500 means the application failed while handling them; 502 and 504 mean the proxy got no valid or no timely answer from its upstream; 503 means no backend was available or the server shed load.";

    public static readonly string[] Investigation =
    [
        "Read this server's error log at the same times: it names the failing upstream and the reason (connect() failed, upstream timed out, no live upstreams).",
        "Check the upstream named in the access log's upstream field (never the Referer, which is the page the client came from): its health, restarts and own logs.",
        "Split the 5xx by route and status: one route points to one handler or backend, all routes to the server or a shared dependency.",
    ];

    public static readonly string[] Mitigation =
    [
        "Restore the failing backend or take it out of the upstream pool; add health checks so the proxy stops sending requests to dead backends.",
        "Fix the application error behind the 500s found in the backend's log before raising proxy timeouts.",
    ];

    /// <summary>True when most examined records are access-log lines of this server.</summary>
    public static bool IsServerLog(GroupFacts facts)
    {
        var records = facts.Examined;
        if (records.Count == 0)
        {
            return false;
        }

        var access = records.Count(r => r.Format == LogFormat.AccessLog || AccessLine().IsMatch(r.Message));
        return access * 2 > records.Count;
    }

    /// <summary>A quoted request line followed by its status: <c>"GET /x HTTP/1.1" 502</c>.</summary>
    [GeneratedRegex(@"""(?:GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS) \S+ HTTP/[\d.]+"" [1-5]\d\d\b")]
    private static partial Regex AccessLine();
}
