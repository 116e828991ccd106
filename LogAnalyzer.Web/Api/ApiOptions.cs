using System.ComponentModel.DataAnnotations;

namespace LogAnalyzer.Web.Api;

/// <summary>
/// Section "Api": the most of each list one analysis response carries (what is cut is counted in <c>truncated</c>),
/// so no default response passes 64 MB whatever the input. Records beyond the cap are streamed on request
/// (<c>Accept: application/x-ndjson</c>) or paged from a saved analysis
/// (<c>GET /api/v1/analyses/{id}/records</c>).
/// </summary>
public sealed class ApiOptions
{
    public const string SectionName = "Api";

    [Range(1, 1_000_000)]
    public int MaxPatterns { get; set; } = 2_000;

    [Range(1, 1_000_000)]
    public int MaxGroups { get; set; } = 1_000;

    [Range(1, 1_000_000)]
    public int MaxInsights { get; set; } = 1_000;

    [Range(0, 10_000_000)]
    public int MaxRecords { get; set; } = 100_000;

    /// <summary>Records per page of <c>GET /api/v1/analyses/{id}/records</c> when the request names no <c>limit</c>.</summary>
    [Range(1, 1_000_000)]
    public int RecordsPageSize { get; set; } = 1_000;

    /// <summary>The largest <c>limit</c> a records page accepts (a larger one is a 400).</summary>
    [Range(1, 1_000_000)]
    public int MaxRecordsPage { get; set; } = 10_000;

    /// <summary>Approximate JSON bytes of the records one response carries (long lines reach it before the count).</summary>
    [Range(1_024, 1_073_741_824)]
    public int MaxRecordBytes { get; set; } = 24 * 1024 * 1024;
}
