using System.Buffers;
using System.Text;

namespace LogAnalyzer.Core.Ingestion;

/// <summary>
/// Yields lines (without their CRLF, CR or LF terminator) from a string, or from bytes decoded chunk by chunk so
/// that the input is never held twice in full. A terminator at the very end does not open an extra empty line.
/// </summary>
internal ref struct LineReader
{
    private const int ChunkChars = 1 << 16;

    private ReadOnlySpan<byte> _bytes;
    private readonly Decoder? _decoder;
    private ReadOnlySpan<char> _text;
    private char[]? _buffer;
    private int _pos;
    private int _end;
    private int _scanFrom;
    private bool _decodeDone;

    public LineReader(ReadOnlySpan<char> text)
    {
        _text = text;
        _end = text.Length;
        _decodeDone = true;
    }

    public LineReader(ReadOnlySpan<byte> bytes, Decoder decoder)
    {
        _bytes = bytes;
        _decoder = decoder;
        _buffer = ArrayPool<char>.Shared.Rent(ChunkChars);
        _text = default;
    }

    /// <summary>Reads the next line; the span is valid until the next call.</summary>
    public bool TryReadLine(out ReadOnlySpan<char> line)
    {
        while (true)
        {
            var data = _buffer is null ? _text : _buffer.AsSpan(0, _end);
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

                line = data[_pos..at];
                var next = at + 1;
                if (data[at] == '\r' && next < _end && data[next] == '\n')
                {
                    next++;
                }

                _pos = next;
                _scanFrom = next;
                return true;
            }

            if (_decodeDone)
            {
                if (_pos < _end)
                {
                    line = data[_pos.._end];
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

    /// <summary>Returns the pooled buffer.</summary>
    public void Dispose()
    {
        if (_buffer is not null)
        {
            ArrayPool<char>.Shared.Return(_buffer);
            _buffer = null;
        }
    }

    private void Refill()
    {
        var buffer = _buffer!;
        var pending = _end - _pos;
        var scanOffset = _scanFrom - _pos;
        if (_pos > 0)
        {
            buffer.AsSpan(_pos, pending).CopyTo(buffer);
        }

        if (pending > buffer.Length - 1024)
        {
            var bigger = ArrayPool<char>.Shared.Rent(buffer.Length * 2);
            buffer.AsSpan(0, pending).CopyTo(bigger);
            ArrayPool<char>.Shared.Return(buffer);
            buffer = bigger;
            _buffer = bigger;
        }

        _pos = 0;
        _end = pending;
        _scanFrom = scanOffset;
        var flush = _bytes.Length <= ChunkChars;
        var take = flush ? _bytes : _bytes[..ChunkChars];
        _decoder!.Convert(take, buffer.AsSpan(_end), flush, out var bytesUsed, out var charsUsed, out _);
        _bytes = _bytes[bytesUsed..];
        _end += charsUsed;
        if (flush && _bytes.IsEmpty)
        {
            _decodeDone = true;
        }
    }
}
