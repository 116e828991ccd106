namespace LogAnalyzer.Core.Ingestion.Inference;

/// <summary>One header column of a <see cref="LearnedLayout"/>: its shape, and whether its token must end with <c>:</c>.</summary>
internal readonly record struct LearnedColumn(ColumnKind Kind, bool NeedsColon)
{
    /// <summary>Whether <paramref name="token"/> fits this column (a Word column also takes numbers and a nil <c>-</c>).</summary>
    public bool Accepts(in HeaderToken token) => Kind switch
    {
        ColumnKind.Word => (token.Kind is ColumnKind.Word or ColumnKind.Number || token.IsDash) && (!NeedsColon || token.EndsWithColon),
        _ => token.Kind == Kind,
    };
}
