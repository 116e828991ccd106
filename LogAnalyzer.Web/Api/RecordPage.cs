using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Web.Api;

/// <summary>
/// A page of <c>GET /api/v1/analyses/{id}/records</c>: the records [<see cref="Offset"/>, <see cref="Offset"/> + count)
/// of a saved analysis, by position (each record's <c>index</c>).
/// </summary>
public sealed record RecordPage
{
    /// <summary>How many records can be paged (every record of the analysis unless <see cref="NotStored"/> says otherwise).</summary>
    public required int Total { get; init; }

    public required int Offset { get; init; }

    /// <summary>The most records asked for; fewer come back at the end, or where the page reaches <c>Api:MaxRecordBytes</c>.</summary>
    public required int Limit { get; init; }

    /// <summary>The <c>offset</c> of the next page; null on the last.</summary>
    public int? Next { get; init; }

    /// <summary>Records of the analysis past <c>Storage:MaxStoredRecordBytes</c> that were not stored and cannot be paged.</summary>
    public int NotStored { get; init; }

    public required IReadOnlyList<LogRecord> Records { get; init; }
}
