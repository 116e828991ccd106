namespace LogAnalyzer.Core.Ingestion.Inference;

/// <summary>
/// Learns a paste's header layout from a bounded sample of its lines: walks the leading fields column by column while
/// one shape holds for nearly all lines that matched so far, then keeps as header the columns up to the last
/// <em>anchor</em>. Anchors are fields that only headers have: timestamps and level words (strong), and next to
/// them separators, numeric pid/thread columns, bracket groups, <c>name:</c> fields and padded component columns
/// (weak: at most one other word between them and the header before). A layout needs a strong anchor; words
/// before an anchor (host, node, file name, label) are header; everything after the last anchor is the message.
/// </summary>
internal static class LayoutLearner
{
    /// <summary>Lines of the paste the learner looks at (the rest are only read with what it learned).</summary>
    public const int SampleLines = 2000;

    private const int MaxColumns = 12;
    private const double ColumnShare = 0.85;
    private const double MinSupport = 0.5;

    /// <summary>Lines a weak anchor must hold on: one or two lines cannot tell a header field from a message word.</summary>
    private const int MinWeakEvidence = 3;

    public static LearnedLayout? Learn(IReadOnlyList<ReadOnlyMemory<char>> sample, int year)
    {
        var rows = new List<HeaderToken[]>(Math.Min(sample.Count, SampleLines));
        Span<HeaderToken> buffer = stackalloc HeaderToken[MaxColumns];
        foreach (var line in sample)
        {
            var span = line.Span;
            if (span.IsEmpty || span[0] is ' ' or '\t' || rows.Count >= SampleLines)
            {
                continue; // continuation lines do not start records
            }

            rows.Add(buffer[..HeaderTokenizer.Tokenize(span, year, buffer)].ToArray());
        }

        var columns = Columns(rows, sample);
        return columns.Count == 0 ? null : Choose(columns);
    }

    private static List<ColumnStats> Columns(List<HeaderToken[]> rows, IReadOnlyList<ReadOnlyMemory<char>> sample)
    {
        var lines = new List<ReadOnlyMemory<char>>(rows.Count);
        foreach (var line in sample)
        {
            if (!line.IsEmpty && line.Span[0] is not (' ' or '\t') && lines.Count < rows.Count)
            {
                lines.Add(line);
            }
        }

        var matching = Enumerable.Range(0, rows.Count).ToList();
        var columns = new List<ColumnStats>();
        Span<int> counts = stackalloc int[6];
        for (var i = 0; i < MaxColumns && matching.Count > 0; i++)
        {
            var dashes = Count(rows, matching, i, counts);
            if (counts[(int)ColumnKind.Separator] > counts[(int)ColumnKind.Word] && SkipWordBeforeSeparator(rows, matching, i))
            {
                dashes = Count(rows, matching, i, counts);
            }

            var kind = Top(counts, dashes, matching.Count);

            var column = new LearnedColumn(kind, NeedsColon: false);
            var stats = new ColumnStats(kind);
            var next = new List<int>(matching.Count);
            foreach (var r in matching)
            {
                if (rows[r].Length > i && column.Accepts(rows[r][i]))
                {
                    next.Add(r);
                    stats.Add(lines[r].Span, rows[r][i]);
                }
            }

            // The first column is held to the support floor only: the lines it misses are continuations and strays.
            if ((i > 0 && next.Count < matching.Count * ColumnShare) || next.Count < rows.Count * MinSupport)
            {
                break;
            }

            columns.Add(stats);
            matching = next;
        }

        return columns;
    }

    /// <summary>
    /// The column's shape: the most common one, except that a nil-dash column with words in it, or a number column that
    /// only holds together with the words beside it, is a word column (labels, host names).
    /// </summary>
    private static ColumnKind Top(ReadOnlySpan<int> counts, int dashes, int lines)
    {
        var best = ColumnKind.Word;
        for (var k = 1; k < counts.Length; k++)
        {
            if (counts[k] > counts[(int)best])
            {
                best = (ColumnKind)k;
            }
        }

        // A nil dash beside words is a value (a label column "-" / "APPREAD"), not a separator.
        if (best == ColumnKind.Separator && dashes == counts[(int)best]
            && counts[(int)ColumnKind.Word] + counts[(int)ColumnKind.Number] + counts[(int)ColumnKind.Level] > 0)
        {
            return ColumnKind.Word;
        }

        return best == ColumnKind.Number && counts[(int)best] < lines * ColumnShare ? ColumnKind.Word : best;
    }

    /// <summary>Counts the shapes at column <paramref name="i"/> of the matching rows; returns how many are nil dashes.</summary>
    private static int Count(List<HeaderToken[]> rows, List<int> matching, int i, Span<int> counts)
    {
        counts.Clear();
        var dashes = 0;
        foreach (var r in matching)
        {
            if (rows[r].Length > i)
            {
                counts[(int)rows[r][i].Kind]++;
                dashes += rows[r][i].IsDash ? 1 : 0;
            }
        }

        return dashes;
    }

    /// <summary>In a separator column, a line with one extra word before the separator ("app.exe *64 - …") drops that word.</summary>
    private static bool SkipWordBeforeSeparator(List<HeaderToken[]> rows, List<int> matching, int i)
    {
        var any = false;
        foreach (var r in matching)
        {
            var row = rows[r];
            if (row.Length > i + 1 && row[i].Kind == ColumnKind.Word && row[i + 1].Kind == ColumnKind.Separator)
            {
                rows[r] = [.. row[..i], .. row[(i + 1)..]];
                any = true;
            }
        }

        return any;
    }

    private static LearnedLayout? Choose(List<ColumnStats> columns)
    {
        var end = -1;
        var strong = false;
        var levels = 0;
        for (var i = 0; i < columns.Count; i++)
        {
            var c = columns[i];
            var between = i - end - 1;

            // A second level column is the message's first word ("… - INFO - info message"), not a header.
            // Words before a first anchor are header only when several lines show it: on one line "One or more errors" is prose.
            var isStrong = (c.Kind == ColumnKind.Timestamp || (c.Kind == ColumnKind.Level && levels++ == 0))
                && (strong || i == 0 || c.Lines >= MinWeakEvidence);
            var isWeak = strong && between <= 1 && c.Lines >= MinWeakEvidence && (c.Kind is ColumnKind.Separator or ColumnKind.Bracket
                || (c.Kind == ColumnKind.Word && c.IsColonField)
                || (c.Kind is ColumnKind.Number or ColumnKind.Word && between == 0 && c.IsTabDelimited)
                || (c.Kind == ColumnKind.Number && between == 0)
                || (c.IsPaddedComponent && between == 0));
            if (!isStrong && !isWeak && c.Kind == ColumnKind.Level)
            {
                break;
            }

            if (isStrong || isWeak)
            {
                end = i;
                strong |= isStrong;
            }
        }

        if (!strong)
        {
            return null;
        }

        var layout = new LearnedColumn[end + 1];
        var source = -1;
        for (var i = 0; i <= end; i++)
        {
            var c = columns[i];
            var colon = c.Kind == ColumnKind.Word && c.IsColonField;
            layout[i] = new LearnedColumn(c.Kind, colon);
            var named = source >= 0 && layout[source].Kind == ColumnKind.Word;
            if ((c.Kind == ColumnKind.Word && (colon || !named || !layout[source].NeedsColon)) || (c.Kind == ColumnKind.Bracket && !named))
            {
                source = i; // the name: a "name:" column, else the last word column, else the last bracket group
            }
        }

        return new LearnedLayout(layout, source);
    }
}
