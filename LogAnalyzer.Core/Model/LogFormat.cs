namespace LogAnalyzer.Core.Model;

/// <summary>The layout a record was recognised in (serialized camelCase, e.g. "jsonClef").</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(CamelCaseEnumConverter<LogFormat>))]
public enum LogFormat
{
    /// <summary>Plain text with no recognised header.</summary>
    Text = 0,
    /// <summary>Text line with a recognised header (timestamp and/or level, source).</summary>
    TextLayout,
    JsonClef,
    JsonEcs,
    JsonPino,
    JsonGeneric,
    DockerJson,
    Logfmt,
    Syslog3164,
    Syslog5424,
    Logcat,
    AccessLog,
    /// <summary>Apache httpd error log (<c>[ctime] [level] message</c>).</summary>
    ApacheError,
    /// <summary>glog/klog (<c>I0604 10:07:33.123456 1 file.go:12] message</c>).</summary>
    Glog,
}
