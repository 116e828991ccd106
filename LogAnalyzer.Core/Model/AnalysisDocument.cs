namespace LogAnalyzer.Core.Model;

/// <summary>The whole analysis: what the API returns and the dashboard shows.</summary>
public sealed record AnalysisDocument
{
    public required string Id { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required InputSummary Summary { get; init; }

    /// <summary>Null when the caller asked for no records.</summary>
    public IReadOnlyList<LogRecord>? Records { get; init; }

    public IReadOnlyList<LogPattern> Patterns { get; init; } = [];

    public IReadOnlyList<ErrorGroup> Groups { get; init; } = [];

    /// <summary>Groups that share a cause, most important first.</summary>
    public IReadOnlyList<Incident> Incidents { get; init; } = [];

    public IReadOnlyList<Insight> Insights { get; init; } = [];

    public IReadOnlyList<MergeProposal> Merges { get; init; } = [];

    public required LlmReport Llm { get; init; }

    // Saved analyses (issue 12): null where no store was involved (the pipeline itself never sets them).

    /// <summary>True when the analysis store holds this document, false when the write failed (see <see cref="StorageNote"/>).</summary>
    public bool? Saved { get; init; }

    /// <summary>Why the analysis was not saved, or what the saved copy leaves out (the per-record list of a large document).</summary>
    public string? StorageNote { get; init; }

    /// <summary>Null when the response carries everything; otherwise what the API's limits cut.</summary>
    public Truncation? Truncated { get; init; }
}

/// <summary>
/// What a bounded response left out (the API's <c>Api:Max*</c> settings): how many of each list were cut. Totals stay
/// exact: the number sent plus the number cut; <see cref="InputSummary.TotalRecords"/> counts every record.
/// </summary>
public sealed record Truncation
{
    public int Patterns { get; init; }

    public int Groups { get; init; }

    public int Insights { get; init; }

    public int Merges { get; init; }

    public int Records { get; init; }

    /// <summary>
    /// When records were cut from a saved analysis: the path of the next page of them
    /// (<c>GET /api/v1/analyses/{id}/records?offset=…&amp;limit=…</c>); follow each page's <c>next</c> from there.
    /// </summary>
    public string? RecordsNext { get; init; }
}
