using System.Globalization;
using LogAnalyzer.Core.Model;
using LogAnalyzer.Web.Api;
using LogAnalyzer.Web.Components;
using LogAnalyzer.Web.Components.Analysis;
using LogAnalyzer.Web.Storage;

namespace LogAnalyzer.Web.Runs;

/// <summary>
/// What a dashboard tab keeps of an analysis over <c>Dashboard:MaxRecordsHeld</c> instead of its records: the first
/// records (<see cref="Kept"/>, the bounded document's own), where the records viewer's records are (the first positions
/// of each group, the position of each line an insight cites), and how many of the first records the store holds
/// (<see cref="Stored"/>) so the viewer reads the rest from there, chunk by chunk.
/// </summary>
internal sealed class HeldRecords
{
    /// <summary>Every record of the analysis.</summary>
    public required int Total { get; init; }

    /// <summary>The first records, held by the tab (the bounded document's list).</summary>
    public required IReadOnlyList<LogRecord> Kept { get; init; }

    /// <summary>The saved analysis the stored records belong to, or null when none are stored.</summary>
    public required string? AnalysisId { get; init; }

    /// <summary>How many of the first records the store holds for paging (0 when none).</summary>
    public required int Stored { get; init; }

    public required RecordPositions Positions { get; init; }

    /// <summary>Why a record past <see cref="Kept"/> and <see cref="Stored"/> cannot be shown, in plain words.</summary>
    public required string Unavailable { get; init; }

    /// <summary>The records page (the API's) that follows the held records, or null when the store holds no more.</summary>
    public string? RecordsPath(int pageSize = 1_000) => AnalysisId is { } id && Stored > Kept.Count
        ? ResponseBounds.RecordsPath(id, Kept.Count, pageSize)
        : null;

    /// <summary>The positions of a group's records the viewer shows (its first), ascending; empty for an unknown group.</summary>
    public IReadOnlyList<int> OfGroup(string groupId) =>
        Positions.Groups.TryGetValue(groupId, out var positions) ? positions : [];

    /// <summary>The position of the record holding input line <paramref name="line"/>, or -1 when it is not known.</summary>
    public int OfLine(int line) =>
        Positions.Lines.TryGetValue(line, out var position) ? position : RecordWindow.IndexOfLine(Kept, line);

    /// <summary>
    /// The rows around <paramref name="focus"/>: held records from <see cref="Kept"/>, the others read from the store (only
    /// the chunks that hold them), and a note when some cannot be shown (<paramref name="unlocated"/> more were asked for
    /// whose positions are not known: they lie past the records this tab could look through).
    /// </summary>
    public async Task<(IReadOnlyList<RecordRow> Rows, string? Note, Exception? StoreFailure)> RowsAsync(
        IReadOnlyList<int> focus, int unlocated, int context, AnalysisArchive archive, CancellationToken cancellationToken)
    {
        var wanted = RecordWindow.Spans(focus, Total, context);
        var fromStore = wanted.Where(p => p >= Kept.Count && p < Stored).ToList();
        IReadOnlyDictionary<int, LogRecord> read = new Dictionary<int, LogRecord>();
        Exception? failure = null;
        if (fromStore.Count > 0 && AnalysisId is { } id)
        {
            try
            {
                read = await archive.GetRecordsAtAsync(id, fromStore, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                failure = ex;
            }
        }

        LogRecord? At(int position) => position < Kept.Count ? Kept[position] : read.GetValueOrDefault(position);
        var rows = RecordWindow.AroundPositions(focus, Total, context, At);
        var missing = unlocated + focus.Count(p => At(p) is null);
        var note = failure is not null
            ? "The analysis store did not answer, so the records this tab does not hold could not be read. Try again in a moment."
            : missing == 0 ? null
            : string.Create(CultureInfo.InvariantCulture, $"{Plural.Of(missing, "record")} asked for cannot be shown: {Unavailable}");
        return (rows, note, failure);
    }

    /// <summary>
    /// What the tab keeps of <paramref name="document"/> (every record in it, lists already cut): the document with only
    /// its first <paramref name="kept"/> records (copies that do not pin the input's text), counted in <c>truncated</c>.
    /// </summary>
    public static AnalysisDocument KeepFirst(AnalysisDocument document, ApiOptions limits, int kept)
    {
        var cut = ResponseBounds.Apply(document, limits, maxRecords: kept);

        // A record read from a compact list, or sliced from ingestion's buffer, would keep the whole input alive.
        return cut with { Records = cut.Records is { } records ? [.. records.Select(r => r with { Text = r.Text })] : null };
    }
}

/// <summary>Where, among every record of an analysis, the records viewer's records are.</summary>
/// <param name="Groups">Per group, the positions of its first records (at most the limit asked for), ascending.</param>
/// <param name="Lines">Per input line an insight cites, the position of the record holding it.</param>
internal sealed record RecordPositions(IReadOnlyDictionary<string, int[]> Groups, IReadOnlyDictionary<int, int> Lines)
{
    /// <summary>
    /// One pass over <paramref name="records"/> from the first group's first line, ended as soon as every group of
    /// <paramref name="document"/> has its first <paramref name="perGroup"/> records (or all of them); the lines its
    /// insights cite are found by binary search.
    /// </summary>
    public static RecordPositions Find(IReadOnlyList<LogRecord> records, AnalysisDocument document, int perGroup)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(document);
        var found = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var wanted = new Dictionary<string, int>(StringComparer.Ordinal);
        var start = records.Count;
        foreach (var group in document.Groups)
        {
            found[group.Id] = [];
            wanted[group.Id] = Math.Min(group.Count, perGroup);
            var first = RecordWindow.IndexOfLine(records, group.FirstLine);
            start = Math.Min(start, first < 0 ? 0 : first);
        }

        var open = wanted.Count(w => w.Value > 0);
        for (var i = start; i < records.Count && open > 0; i++)
        {
            if (records[i].GroupId is { } id && found.TryGetValue(id, out var positions) && positions.Count < wanted[id])
            {
                positions.Add(i);
                if (positions.Count == wanted[id])
                {
                    open--;
                }
            }
        }

        var lines = new Dictionary<int, int>();
        foreach (var line in document.Insights.SelectMany(i => i.Evidence).Select(e => e.Line).Distinct())
        {
            if (RecordWindow.IndexOfLine(records, line) is >= 0 and var position)
            {
                lines[line] = position;
            }
        }

        return new RecordPositions(found.ToDictionary(f => f.Key, f => f.Value.ToArray(), StringComparer.Ordinal), lines);
    }
}
