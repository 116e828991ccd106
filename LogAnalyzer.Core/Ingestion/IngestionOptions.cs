using System.ComponentModel.DataAnnotations;

namespace LogAnalyzer.Core.Ingestion;

/// <summary>Limits for decoding and record assembly (configuration section "Ingestion").</summary>
public sealed class IngestionOptions
{
    public const string SectionName = "Ingestion";

    /// <summary>Largest accepted input, in bytes (default 20 MB).</summary>
    [Range(1024, 1L << 31)]
    public long MaxInputBytes { get; set; } = 20L * 1024 * 1024;

    /// <summary>Lines longer than this (chars) are kept in the record but cut for analysis (default 64 KiB).</summary>
    [Range(256, 16 * 1024 * 1024)]
    public int MaxLineLength { get; set; } = 64 * 1024;

    /// <summary>Most lines one record may absorb (a runaway continuation becomes several records).</summary>
    [Range(1, 1_000_000)]
    public int MaxLinesPerRecord { get; set; } = 2_000;

    /// <summary>
    /// Whether the known layouts (syslog, glog/klog, logfmt, logcat, access log, the general token walk) read headers
    /// beside the layout learned from the paste. Off only to measure the inference alone (bench); not a setting.
    /// </summary>
    internal bool KnownLayouts { get; init; } = true;

    /// <summary>
    /// Inputs of at least this many characters (and more lines than the pre-scan reads) are ingested on two threads
    /// (<see cref="PipelinedRecordSink"/>); below it a second thread costs more than it saves. Tests lower it to 0 or
    /// raise it to <see cref="int.MaxValue"/> to compare both ways.
    /// </summary>
    internal int PipelineMinChars { get; init; } = 1 << 20;

    /// <summary>
    /// Records past this many that are only their text are kept as compact entries (<see cref="Model.RecordList"/>).
    /// Below it every record is an object: reading an entry makes a short-lived view, which costs the pattern stage
    /// more than 500k objects of 128 bytes (64 MB) save. Tests lower it.
    /// </summary>
    internal int CompactRecordsFrom { get; init; } = 500_000;
}
