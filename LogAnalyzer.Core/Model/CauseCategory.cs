namespace LogAnalyzer.Core.Model;

/// <summary>
/// What kind of cause an insight or incident names: one machine-readable taxonomy shared by the rules, the LLM answer
/// schema and the API. Serialized in kebab case ("dependency-unreachable").
/// </summary>
[System.Text.Json.Serialization.JsonConverter(typeof(KebabCaseEnumConverter<CauseCategory>))]
public enum CauseCategory
{
    /// <summary>No category could be named from the evidence.</summary>
    Unknown = 0,

    /// <summary>A dependency cannot be reached: connection refused, DNS failure, host or network unreachable.</summary>
    DependencyUnreachable = 1,

    /// <summary>An operation ran past its time limit against a reachable but slow dependency.</summary>
    Timeout = 2,

    /// <summary>A resource ran out: memory, disk, connections in a pool, threads, file handles, quota.</summary>
    ResourceExhaustion = 3,

    /// <summary>Authentication or authorization refused a caller (credentials, tokens, permissions).</summary>
    Auth = 4,

    /// <summary>A TLS handshake or certificate validation failed (expired, untrusted, wrong name).</summary>
    TlsCertificate = 5,

    /// <summary>A caller was throttled (HTTP 429, quota or rate limit exceeded).</summary>
    RateLimited = 6,

    /// <summary>A reachable upstream answered with an error (HTTP 5xx, gRPC UNAVAILABLE from its side).</summary>
    UpstreamError = 7,

    /// <summary>Input or stored data is malformed or violates a constraint (parse errors, duplicate keys).</summary>
    DataError = 8,

    /// <summary>A bug in the code or a misuse of an API (null dereference, wrong call order, index errors).</summary>
    CodeDefect = 9,

    /// <summary>A setting, file, secret or environment value is missing or wrong.</summary>
    Configuration = 10,

    /// <summary>Concurrent work blocks or conflicts (deadlocks, lock timeouts, optimistic-lock conflicts).</summary>
    Concurrency = 11,

    /// <summary>A process or container keeps crashing and restarting (CrashLoopBackOff, OOM kills, repeated exits).</summary>
    CrashLoop = 12,
}
