namespace LogAnalyzer.Core.Ingestion;

/// <summary>
/// Groups sanitized lines into records: a line continues the current record when <see cref="ContinuationRules"/>
/// says so (and the record is under the line cap); otherwise it starts a new one. Blank lines attach to the record
/// before them (leading blank lines to the first record), so records are contiguous and cover every line once.
/// A record's text stays a slice of the decoded input while its lines sit there as they will be joined (one LF
/// apart, untouched by the sanitizer); otherwise it is copied into the shared <see cref="TextStore"/>. Either way no
/// string is made per record.
/// </summary>
internal sealed class RecordAssembler(int maxLinesPerRecord, RecordNormalizer sink, TextStore store)
{
    private ReadOnlyMemory<char> _source;
    private int _start;
    private int _end;
    private bool _endsAtLineEnd;
    private bool _copying;
    private int _lineNumber;
    private int _recordStart;
    private int _recordLines;
    private int _pendingBlank;
    private int _leadingBlank;
    private bool _hasRecord;
    private bool _truncated;
    private TraceState _state;
    private readonly Traces.LinePrefixes _prefixes = new();

    public int BlankLines { get; private set; }

    public int TotalLines => _lineNumber;

    /// <summary>
    /// Adds the next input line: <paramref name="line"/> is where it sits in the decoded input, <paramref name="clean"/> its
    /// sanitized text, <paramref name="inPlace"/> whether <paramref name="clean"/> is that slice (or a prefix of it).
    /// </summary>
    public void Add(LineSlice line, ReadOnlySpan<char> clean, bool truncated, bool inPlace)
    {
        _lineNumber++;
        if (IsBlank(clean))
        {
            BlankLines++;
            if (_hasRecord)
            {
                _pendingBlank++;
            }
            else
            {
                _leadingBlank++;
            }

            return;
        }

        if (_hasRecord && _recordLines + _pendingBlank < maxLinesPerRecord
            && (ContinuationRules.IsContinuation(clean, ref _state) || _prefixes.Continues(clean, ref _state)))
        {
            Append(line, clean, truncated, inPlace);
            _prefixes.Remember(clean);
            return;
        }

        if (_hasRecord)
        {
            Flush(_lineNumber - 1);
        }

        _hasRecord = true;
        _recordStart = _lineNumber - _leadingBlank;
        _leadingBlank = 0;
        _recordLines = 1;
        _pendingBlank = 0;
        _truncated = truncated;
        if (inPlace)
        {
            _copying = false;
            _source = line.Buffer;
            _start = line.Start;
            _end = line.Start + clean.Length;
            _endsAtLineEnd = !truncated;
        }
        else
        {
            _copying = true;
            store.Append(clean);
        }

        _state = ContinuationRules.StateForFirstLine(clean);
        _prefixes.Remember(clean);
    }

    public void Complete()
    {
        if (_hasRecord)
        {
            Flush(_lineNumber);
        }
        else if (_lineNumber > 0)
        {
            // Only blank lines: one empty record still accounts for them.
            sink.Add(ReadOnlyMemory<char>.Empty, 1, _lineNumber, 1, truncated: false);
        }
    }

    private void Append(LineSlice line, ReadOnlySpan<char> clean, bool truncated, bool inPlace)
    {
        if (!_copying && inPlace && _endsAtLineEnd && _pendingBlank == 0 && line.FollowsPreviousLineFeed && line.Start == _end + 1)
        {
            // The line follows the record's text in the input with one LF between: the slice just grows.
            _end = line.Start + clean.Length;
            _endsAtLineEnd = !truncated;
        }
        else
        {
            if (!_copying)
            {
                store.Append(_source.Span[_start.._end]);
                _copying = true;
            }

            store.Append('\n', _pendingBlank + 1);
            store.Append(clean);
        }

        _recordLines += _pendingBlank + 1;
        _pendingBlank = 0;
        _truncated |= truncated;
    }

    private void Flush(int lineEnd)
    {
        var text = _copying ? store.Commit() : _source.Slice(_start, _end - _start);
        sink.Add(text, _recordStart, lineEnd, _recordLines, _truncated);
        _source = default;
        _copying = false;
        _hasRecord = false;
        _pendingBlank = 0;
    }

    private static bool IsBlank(ReadOnlySpan<char> line)
    {
        if (line.IsEmpty)
        {
            return true;
        }

        var c = line[0];
        return (c is ' ' or '\t' or '\u00A0' or '\u3000' || line.Length == 1) && line.IsWhiteSpace();
    }
}
