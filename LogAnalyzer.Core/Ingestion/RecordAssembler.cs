using LogAnalyzer.Core.Ingestion.Transport;

namespace LogAnalyzer.Core.Ingestion;

/// <summary>
/// Groups sanitized lines into records: a line continues the current record when <see cref="ContinuationRules"/>
/// says so (and the record is under the line cap); otherwise it starts a new one. Blank lines attach to the record
/// before them (leading blank lines to the first record), so records are contiguous and cover every line once.
/// A record's text stays a slice of the decoded input while its lines sit there as they will be joined (one LF
/// apart, untouched by the sanitizer); otherwise it is copied into the shared <see cref="TextStore"/>. Either way no
/// string is made per record. When the paste carries an outer prefix (<see cref="TransportPeeler"/>), continuation is
/// decided on the peeled payload and only lines of the same stream continue each other; the record keeps the payloads
/// (its first line whole for syslog and logcat, whose prefix is the record's own header), and partial lines are joined.
/// </summary>
internal sealed class RecordAssembler(int maxLinesPerRecord, IRecordSink sink, TextStore store, TransportPeeler transport)
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
    private int _channel;
    private bool _joinNext;
    private DateTimeOffset? _outerTime;

    public int BlankLines { get; private set; }

    public int TotalLines => _lineNumber;

    /// <summary>
    /// Adds the next input line: <paramref name="line"/> is where it sits in the decoded input, <paramref name="clean"/> its
    /// sanitized text, <paramref name="inPlace"/> whether <paramref name="clean"/> is that slice (or a prefix of it).
    /// </summary>
    public void Add(LineSlice line, ReadOnlySpan<char> clean, bool truncated, bool inPlace)
    {
        TransportLine outer = default;
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

        var payload = clean;
        var peeled = transport.Kind != TransportKind.None && transport.TryPeel(clean, out outer);
        if (peeled)
        {
            payload = clean[outer.PayloadStart..];
            if (_joinNext && _hasRecord && _pendingBlank == 0 && outer.Channel == _channel && _recordLines < maxLinesPerRecord)
            {
                // The runtime split one long line: its pieces join without a line break.
                JoinPiece(payload, truncated, outer.Partial);
                return;
            }
        }

        _joinNext = false;
        if (_hasRecord && _recordLines + _pendingBlank < maxLinesPerRecord && (!peeled || outer.Channel == _channel) && Continues(payload, peeled))
        {
            if (peeled)
            {
                Append(Payload(line, outer.PayloadStart), payload, truncated, inPlace);
                _joinNext = outer.Partial;
            }
            else
            {
                Append(line, clean, truncated, inPlace);
            }

            _prefixes.Remember(payload);

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
        _channel = peeled ? outer.Channel : 0;
        _joinNext = peeled && outer.Partial;
        _outerTime = peeled && !transport.KeepsFirstLine ? outer.Time : null;
        if (peeled && !transport.KeepsFirstLine)
        {
            line = Payload(line, outer.PayloadStart);
            clean = payload;
        }

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

        _state = payload.IsEmpty ? default : ContinuationRules.StateForFirstLine(payload);
        _prefixes.Remember(payload);
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
            sink.Add(ReadOnlyMemory<char>.Empty, 1, _lineNumber, 1, truncated: false, outerTime: null);
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

    /// <summary>
    /// Whether a payload continues the record. Under syslog and logcat prefixes mere indentation is not enough while the
    /// record is one line outside any trace grammar: programs there often indent their own one-line messages.
    /// </summary>
    private bool Continues(ReadOnlySpan<char> payload, bool peeled)
    {
        if (payload.IsEmpty)
        {
            return true;
        }

        var before = _state;
        if (!ContinuationRules.IsContinuation(payload, ref _state))
        {
            // A logger that repeats its own prefix on every line of a trace (Sidekiq, PHP to syslog, Rails tags).
            return _prefixes.Continues(payload, ref _state);
        }

        if (!peeled || !transport.KeepsFirstLine || _recordLines > 1 || before.Kind != TraceKind.None || payload[0] is not (' ' or '\t'))
        {
            return true;
        }

        var trimmed = payload.TrimStart();
        return trimmed.StartsWith("at ", StringComparison.Ordinal) || trimmed.StartsWith("File \"", StringComparison.Ordinal)
            || trimmed.StartsWith("...", StringComparison.Ordinal);
    }

    private static LineSlice Payload(LineSlice line, int start) =>
        new(line.Buffer, line.Start + Math.Min(start, line.Length), Math.Max(0, line.Length - start), followsPreviousLineFeed: false);

    private void JoinPiece(ReadOnlySpan<char> payload, bool truncated, bool partial)
    {
        if (!_copying)
        {
            store.Append(_source.Span[_start.._end]);
            _copying = true;
        }

        store.Append(payload);
        _recordLines += 1;
        _truncated |= truncated;
        _joinNext = partial;
    }

    private void Flush(int lineEnd)
    {
        var text = _copying ? store.Commit() : _source.Slice(_start, _end - _start);
        sink.Add(text, _recordStart, lineEnd, _recordLines, _truncated, _outerTime);
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
