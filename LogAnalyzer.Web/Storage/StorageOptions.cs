using System.ComponentModel.DataAnnotations;

namespace LogAnalyzer.Web.Storage;

/// <summary>
/// Section "Storage": where and how long analyses are kept. PostgreSQL when <c>ConnectionStrings:Analyses</c> is set,
/// SQLite in <see cref="DataDirectory"/> otherwise.
/// </summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary><c>ConnectionStrings:Analyses</c>: a PostgreSQL connection string for a store shared by several instances.</summary>
    public const string ConnectionName = "Analyses";

    /// <summary>Saved analyses older than this are deleted by the retention sweep.</summary>
    [Range(1, 3650)]
    public int RetentionDays { get; set; } = 7;

    /// <summary>A document larger than this (UTF-8 JSON) is saved without its per-record list, and says so.</summary>
    [Range(65_536, 1L << 30)]
    public long MaxDocumentBytes { get; set; } = 8L * 1024 * 1024;

    /// <summary>
    /// The most record JSON (approximate UTF-8 bytes, before compression) stored per analysis for
    /// <c>GET /api/v1/analyses/{id}/records</c>: the first records up to this are kept, compressed, whether or not the
    /// response carried them. 0 stores none.
    /// </summary>
    [Range(0, 1L << 32)]
    public long MaxStoredRecordBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Also keep the input, redacted (never the raw text). Off by default: the document is enough to share.</summary>
    public bool KeepInput { get; set; }

    /// <summary>The SQLite store's folder (relative to the content root), used when no PostgreSQL connection is set.</summary>
    [Required(AllowEmptyStrings = false)]
    public string DataDirectory { get; set; } = "data";

    /// <summary>How long one store operation may take before the analysis is answered as not saved.</summary>
    [Range(1, 120)]
    public int TimeoutSeconds { get; set; } = 5;

    /// <summary>How often the retention sweep runs.</summary>
    [Range(1, 1440)]
    public int SweepIntervalMinutes { get; set; } = 60;
}
