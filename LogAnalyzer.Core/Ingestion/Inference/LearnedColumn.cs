namespace LogAnalyzer.Core.Ingestion.Inference;

/// <summary>One header column of a <see cref="LearnedLayout"/>: its shape, and whether its token must end with <c>:</c>.</summary>
internal readonly record struct LearnedColumn(ColumnKind Kind, bool NeedsColon)
{
    /// <summary>
    /// Whether <paramref name="token"/> fits this column. A word column also takes numbers, a nil <c>-</c> and a word that
    /// happens to be a level name (a label or component called "ALERT").
    /// </summary>
    public bool Accepts(in HeaderToken token) => Kind switch
    {
        ColumnKind.Word => (token.Kind is ColumnKind.Word or ColumnKind.Number or ColumnKind.Level || token.IsDash) && (!NeedsColon || token.EndsWithColon),
        _ => token.Kind == Kind,
    };
}
