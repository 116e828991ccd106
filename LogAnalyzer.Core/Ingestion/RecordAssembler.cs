namespace LogAnalyzer.Core.Ingestion;

/// <summary>
/// Groups sanitized lines into records: a line continues the current record when <see cref="ContinuationRules"/>
/// says so (and the record is under the line cap); otherwise it starts a new one. Blank lines attach to the record
/// before them (leading blank lines to the first record), so records are contiguous and cover every line once.
/// </summary>
internal sealed class RecordAssembler(int maxLinesPerRecord, RecordNormalizer sink)
{
    private char[] _buffer = new char[1024];
    private int _length;
    private string? _firstLine;
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
        _firstLine = new string(line);
        _length = 0;
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
            sink.Add(string.Empty, 1, _lineNumber, 1, truncated: false);
        }
    }

    private void Append(ReadOnlySpan<char> line, bool truncated)
    {
        if (_length == 0)
        {
            Write(_firstLine);
        }

        for (var i = 0; i < _pendingBlank; i++)
        {
            Write("\n");
        }

        Write("\n");
        Write(line);
        _recordLines += _pendingBlank + 1;
        _pendingBlank = 0;
        _truncated |= truncated;
    }

    private void Write(ReadOnlySpan<char> text)
    {
        if (_length + text.Length > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + text.Length));
        }

        text.CopyTo(_buffer.AsSpan(_length));
        _length += text.Length;
    }

    private void Flush(int lineEnd)
    {
        var text = _length == 0 ? _firstLine! : new string(_buffer, 0, _length);
        sink.Add(text, _recordStart, lineEnd, _recordLines, _truncated);
        _firstLine = null;
        _length = 0;
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
