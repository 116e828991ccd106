using System.Text;

namespace LogAnalyzer.Core.Ingestion;

/// <summary>
/// Yields lines (without their CRLF, CR or LF terminator) from a string, or from bytes decoded chunk by chunk so
/// that the input is never held twice in full. A terminator at the very end does not open an extra empty line.
/// Decoded text is never moved or overwritten once a line of it has been handed out: when a chunk is full, the
/// unfinished line is copied into a fresh chunk. So every <see cref="LineSlice"/> stays valid for the life of the
/// records, and a record can keep its text as a slice of the decoded input instead of a copy.
/// </summary>
internal ref struct LineReader
{
    /// <summary>Characters per decode chunk once the input outgrows the first one (2 MB).</summary>
    internal const int ChunkChars = 1 << 20;

    /// <summary>Bytes handed to the decoder per call.</summary>
    private const int DecodeBytes = 1 << 16;

    /// <summary>Below this much free room a chunk is retired rather than decoded into in slivers.</summary>
    private const int MinRoom = 4096;

    private ReadOnlySpan<byte> _bytes;
    private readonly Decoder? _decoder;
    private ReadOnlyMemory<char> _text;
    private char[]? _buffer;
    private int _pos;
    private int _end;
    private int _scanFrom;
    private int _previousEnd;
    private bool _decodeDone;

    public LineReader(ReadOnlyMemory<char> text)
    {
        _text = text;
        _end = text.Length;
        _decodeDone = true;
        _previousEnd = -2;
    }

    public LineReader(ReadOnlySpan<byte> bytes, Decoder decoder)
    {
        _bytes = bytes;
        _decoder = decoder;
        _buffer = GC.AllocateUninitializedArray<char>(Math.Clamp(bytes.Length + 16, MinRoom * 2, ChunkChars));
        _text = _buffer;
        _previousEnd = -2;
    }

    /// <summary>Reads the next line; the slice stays valid after later calls.</summary>
    public bool TryReadLine(out LineSlice line)
    {
        while (true)
        {
            var data = _text.Span;
            var rest = data[_scanFrom.._end];
            var i = rest.IndexOfAny('\r', '\n');
            if (i >= 0)
            {
                var at = _scanFrom + i;
                if (data[at] == '\r' && at + 1 == _end && !_decodeDone)
                {
                    _scanFrom = at;
                    Refill();
                    continue;
                }

                line = Take(_pos, at);
                var next = at + 1;
                if (data[at] == '\r' && next < _end && data[next] == '\n')
                {
                    next++;
                }

                _previousEnd = data[at] == '\n' && next == at + 1 ? at : -2;
                _pos = next;
                _scanFrom = next;
                return true;
            }

            if (_decodeDone)
            {
                if (_pos < _end)
                {
                    line = Take(_pos, _end);
                    _previousEnd = -2;
                    _pos = _end;
                    _scanFrom = _end;
                    return true;
                }

                line = default;
                return false;
            }

            _scanFrom = _end;
            Refill();
        }
    }

    private readonly LineSlice Take(int start, int end) =>
        new(_text, start, end - start, followsPreviousLineFeed: _previousEnd >= 0 && _previousEnd + 1 == start);

    private void Refill()
    {
        var buffer = _buffer!;
        var pending = _end - _pos;
        var take = Math.Min(_bytes.Length, DecodeBytes);
        var room = buffer.Length - _end;
        if (room < Math.Min(take, MinRoom) || room < 2)
        {
            // Retire this chunk (its lines stay valid) and carry the unfinished line over to a fresh one.
            var fresh = GC.AllocateUninitializedArray<char>(Math.Max(ChunkChars, (pending * 2) + DecodeBytes));
            buffer.AsSpan(_pos, pending).CopyTo(fresh);
            _scanFrom -= _pos;
            _pos = 0;
            _end = pending;
            _previousEnd = -2;
            buffer = fresh;
            _buffer = fresh;
            _text = fresh;
        }

        // UTF-8 and UTF-16 never decode to more characters than bytes, so `take` bytes fit in `take` characters.
        take = Math.Min(take, buffer.Length - _end);
        var flush = take == _bytes.Length;
        _decoder!.Convert(_bytes[..take], buffer.AsSpan(_end), flush, out var bytesUsed, out var charsUsed, out var completed);
        _bytes = _bytes[bytesUsed..];
        _end += charsUsed;
        if (flush && completed && _bytes.IsEmpty)
        {
            _decodeDone = true;
        }
    }
}

/// <summary>
/// One line as a slice of the reader's text (valid for the records' lifetime). <see cref="FollowsPreviousLineFeed"/>
/// is true when the line starts right after the previous line's single LF in the same buffer, so a record can grow
/// over both without copying.
/// </summary>
internal readonly struct LineSlice(ReadOnlyMemory<char> buffer, int start, int length, bool followsPreviousLineFeed)
{
    public ReadOnlyMemory<char> Buffer { get; } = buffer;

    public int Start { get; } = start;

    public int Length { get; } = length;

    public bool FollowsPreviousLineFeed { get; } = followsPreviousLineFeed;

    public ReadOnlySpan<char> Span => Buffer.Span.Slice(Start, Length);
}
