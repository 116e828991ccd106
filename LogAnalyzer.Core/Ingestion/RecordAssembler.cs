namespace LogAnalyzer.Core.Ingestion;

/// <summary>
/// Groups sanitized lines into records: a line continues the current record when <see cref="ContinuationRules"/>
/// says so (and the record is under the line cap); otherwise it starts a new one. Blank lines attach to the record
/// before them (leading blank lines to the first record), so records are contiguous and cover every line once.
/// A record's lines are written straight into the shared <see cref="TextStore"/>; no string is made per record.
/// </summary>
internal sealed class RecordAssembler(int maxLinesPerRecord, RecordNormalizer sink, TextStore store)
{
    private int _lineNumber;
    private int _recordStart;
    private int _recordLines;
    private int _pendingBlank;
    private int _leadingBlank;
    private bool _hasRecord;
    private bool _truncated;
    private TraceState _state;

    public int BlankLines { get; private set; }

    public int TotalLines => _lineNumber;

    public void Add(ReadOnlySpan<char> line, bool truncated)
    {
        _lineNumber++;
        if (IsBlank(line))
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

        if (_hasRecord && _recordLines + _pendingBlank < maxLinesPerRecord && ContinuationRules.IsContinuation(line, ref _state))
        {
            Append(line, truncated);
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
        store.Append(line);
        _state = ContinuationRules.StateForFirstLine(line);
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

    private void Append(ReadOnlySpan<char> line, bool truncated)
    {
        store.Append('\n', _pendingBlank + 1);
        store.Append(line);
        _recordLines += _pendingBlank + 1;
        _pendingBlank = 0;
        _truncated |= truncated;
    }

    private void Flush(int lineEnd)
    {
        sink.Add(store.Commit(), _recordStart, lineEnd, _recordLines, _truncated);
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
