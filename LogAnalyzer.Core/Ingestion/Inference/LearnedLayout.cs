using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Core.Ingestion.Inference;

/// <summary>
/// A header layout learned from the paste (<see cref="LayoutLearner"/>): the header's columns in order and which
/// column names the source. Applying it to a line reads exactly those columns and takes the rest as the message;
/// a line whose fields do not fit is left to the caller.
/// </summary>
internal sealed class LearnedLayout(LearnedColumn[] columns, int sourceColumn)
{
    public IReadOnlyList<LearnedColumn> Columns => columns;

    public bool TryApply(ReadOnlySpan<char> s, int year, out ParsedHeader h)
    {
        h = default;
        var p = 0;
        var shifted = false;
        DateTimeOffset? time = null;
        Severity? level = null;
        var levelBracketed = false;
        HeaderToken source = default;
        for (var i = 0; i < columns.Length; i++)
        {
            if (!HeaderTokenizer.TryRead(s, p, year, out var token))
            {
                return false;
            }

            var column = columns[i];
            if (!column.Accepts(token))
            {
                // One extra word before a separator ("app.exe *64 - message") is tolerated once.
                if (column.Kind != ColumnKind.Separator || shifted || token.Kind != ColumnKind.Word
                    || !HeaderTokenizer.TryRead(s, token.End, year, out var next) || next.Kind != ColumnKind.Separator)
                {
                    return false;
                }

                shifted = true;
                token = next;
            }

            switch (column.Kind)
            {
                case ColumnKind.Timestamp when time is null:
                    time = token.Time;
                    break;
                case ColumnKind.Level when level is null:
                    level = token.Level;
                    time ??= token.Time;
                    levelBracketed = s[token.Start] == '[';
                    break;
                default:
                    break;
            }

            if (i == sourceColumn)
            {
                source = token;
            }

            p = token.End;
        }

        h.Format = levelBracketed && s[0] == '[' && columns[0].Kind == ColumnKind.Timestamp ? LogFormat.ApacheError : LogFormat.TextLayout;
        h.Timestamp = time;
        h.Level = level;
        if (source.End > source.Start)
        {
            var name = SourceName(s[source.Start..source.End]);
            if (!name.IsEmpty && name is not "-")
            {
                h.SourceStart = source.Start + s[source.Start..source.End].IndexOf(name);
                h.SourceLength = name.Length;
            }
        }

        h.MessageStart = HeaderText.SkipSpaces(s, p);
        return true;
    }

    /// <summary>The name in a source field: without a trailing <c>:</c> or <c>,</c> and without a <c>[pid]</c> suffix.</summary>
    private static ReadOnlySpan<char> SourceName(ReadOnlySpan<char> field)
    {
        field = field.TrimEnd(":,").TrimEnd();
        if (field.Length > 2 && field[0] == '[' && field[^1] == ']')
        {
            return field[1..^1].Trim();
        }

        if (field.Length > 2 && field[^1] == ']')
        {
            var open = field.LastIndexOf('[');
            if (open > 0 && HeaderText.IsDigits(field[(open + 1)..^1]))
            {
                field = field[..open];
            }
        }

        return field;
    }
}
