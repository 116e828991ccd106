namespace LogAnalyzer.Core.Insights;

/// <summary>
/// Context an investigator of a rule's failure usually needs. Each need is checked against the group's records
/// and only reported as missing when the log does not already carry it.
/// </summary>
[Flags]
public enum ContextNeed
{
    None = 0,
    /// <summary>A trace, correlation or request id.</summary>
    TraceId = 1,
    /// <summary>Application and dependency versions.</summary>
    Versions = 1 << 1,
    /// <summary>The configuration in effect (<see cref="InsightRule.ConfigurationHint"/>).</summary>
    Configuration = 1 << 2,
    /// <summary>What the remote side answered: status, headers, body.</summary>
    UpstreamResponse = 1 << 3,
    /// <summary>Resource metrics (<see cref="InsightRule.MetricsHint"/>).</summary>
    ResourceMetrics = 1 << 4,
    /// <summary>Which host, pod or instance emitted the records.</summary>
    Instance = 1 << 5,
    /// <summary>How long the operation ran and its configured limit.</summary>
    Duration = 1 << 6,
    /// <summary>The remote host and port of the failing call.</summary>
    RemoteEndpoint = 1 << 7,
    /// <summary>A redacted sample of the input that failed to parse.</summary>
    Payload = 1 << 8,
    /// <summary>The SQL statement or ORM operation and the table, constraint or lock involved.</summary>
    Statement = 1 << 9,
    /// <summary>Which client, user or principal was refused, and what it presented.</summary>
    Identity = 1 << 10,
    /// <summary>Deployments and configuration or infrastructure changes before the first occurrence.</summary>
    RecentChanges = 1 << 11,
    /// <summary>The container's state: limits, exit code, restart count, events.</summary>
    ContainerState = 1 << 12,
    /// <summary>A stack trace of the failure.</summary>
    StackTrace = 1 << 13,
}
