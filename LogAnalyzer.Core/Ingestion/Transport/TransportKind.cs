namespace LogAnalyzer.Core.Ingestion.Transport;

/// <summary>
/// An outer prefix that a runtime or viewer put before every line of the application's own log. (Docker's json-file
/// lines are JSON records: <see cref="JsonRecordParser"/> unwraps them and reads the inner line.)
/// </summary>
internal enum TransportKind : byte
{
    None = 0,

    /// <summary>CRI / containerd: <c>2024-01-01T00:00:00.123456789Z stdout F message</c> (<c>P</c> = partial line).</summary>
    Cri,

    /// <summary><c>kubectl logs --timestamps</c> / <c>docker logs -t</c>: an RFC 3339 timestamp with fraction and zone, then a blank.</summary>
    Timestamped,

    /// <summary>BuildKit plain progress: <c>#12 0.345 message</c>.</summary>
    BuildStep,

    /// <summary>Syslog / journald short: <c>Mmm dd HH:mm:ss host tag[pid]: message</c>.</summary>
    Syslog,

    /// <summary>Android logcat threadtime: <c>MM-dd HH:mm:ss.SSS pid tid L tag: message</c>.</summary>
    Logcat,
}
