namespace LogAnalyzer.Core.Ingestion;

/// <summary>
/// Holds the text of records that cannot stay a slice of the decoded input (lines joined across CRLF, blank lines
/// inside a stack trace, lines whose control characters were rewritten), in a few character chunks instead of one
/// string per record: the assembler writes a record's lines into the open region, <see cref="Commit"/> closes it and
/// returns its slice. Chunks start small, double up to <see cref="ChunkChars"/>, and are allocated uninitialized
/// (they are written before they are read).
/// </summary>
internal sealed class TextStore(int expectedChars)
{
    /// <summary>Largest chunk (2 MB).</summary>
    internal const int ChunkChars = 1 << 20;

    private char[] _chunk = [];
    private int _used;
    private int _open;
    private int _nextSize = Math.Clamp(expectedChars, 256, 1 << 14);

    /// <summary>Characters in the open (uncommitted) region.</summary>
    public int OpenLength => _open;

    public void Append(ReadOnlySpan<char> text)
    {
        Ensure(text.Length);
        text.CopyTo(_chunk.AsSpan(_used + _open));
        _open += text.Length;
    }

    public void Append(char c, int count)
    {
        Ensure(count);
        _chunk.AsSpan(_used + _open, count).Fill(c);
        _open += count;
    }

    /// <summary>Closes the open region and returns it.</summary>
    public ReadOnlyMemory<char> Commit()
    {
        var text = new ReadOnlyMemory<char>(_chunk, _used, _open);
        _used += _open;
        _open = 0;
        return text;
    }

    private void Ensure(int extra)
    {
        var need = _open + extra;
        if (_used + need <= _chunk.Length)
        {
            return;
        }

        // Move the open region to a fresh chunk; committed slices keep pointing at the old one.
        var size = Math.Max(_nextSize, need * 2);
        _nextSize = Math.Min(_nextSize * 2, ChunkChars);
        var next = GC.AllocateUninitializedArray<char>(size);
        _chunk.AsSpan(_used, _open).CopyTo(next);
        _chunk = next;
        _used = 0;
    }
}
