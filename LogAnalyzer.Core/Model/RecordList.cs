using System.Collections;
using System.Runtime.InteropServices;

namespace LogAnalyzer.Core.Model;

/// <summary>
/// The records of one analysis, in order. A record that is only a line of text (no timestamp, level, source, fields or
/// exception, one line, not truncated: the whole record is where its text sits) is kept as a 32-byte entry instead of a
/// 128-byte <see cref="LogRecord"/>; reading it makes a short-lived <see cref="LogRecord"/> view whose
/// <see cref="LogRecord.PatternId"/> and <see cref="LogRecord.GroupId"/> read and write the entry. Records are stored in
/// fixed chunks, so a large paste never copies (or holds twice) a 10-million-slot array while it grows. Twenty
/// megabytes of one-character lines are ten million such records: about 400 MB this way, about 1.4 GB as objects.
/// </summary>
public sealed class RecordList : IReadOnlyList<LogRecord>
{
    private const int ChunkBits = 16;
    private const int ChunkSize = 1 << ChunkBits;

    private readonly List<LogRecord?[]> _records = [];
    private readonly List<Compact[]?> _compact = [];
    private readonly List<object> _owners = [];
    private readonly List<string?> _ids = [null];
    private readonly Dictionary<string, int> _idIndex = new(StringComparer.Ordinal);
    private object? _lastOwner;
    private int _lastOwnerIndex;

    public int Count { get; private set; }

    public LogRecord this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return _records[index >> ChunkBits][index & (ChunkSize - 1)] ?? View(index);
        }
    }

    /// <summary>Appends a record object; its <see cref="LogRecord.Index"/> must be <see cref="Count"/>.</summary>
    public void Add(LogRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        Slot() = record;
    }

    /// <summary>
    /// Appends a record that is only its text when that text can be kept as an entry (its lines and message within 64K
    /// characters, the text a slice of an array or a string); otherwise returns false and the caller adds an object.
    /// </summary>
    internal bool TryAddCompact(int lineStart, int lineEnd, LogFormat format, ReadOnlyMemory<char> text, int messageStart, int messageLength, bool failureSignal)
    {
        if (text.Length > ushort.MaxValue || lineEnd - lineStart > ushort.MaxValue || !TryOwner(text, out var owner, out var start))
        {
            return false;
        }

        var index = Count;
        var chunk = index >> ChunkBits;
        var slot = index & (ChunkSize - 1);
        Slot() = null;
        var entries = _compact[chunk] ??= new Compact[ChunkSize];
        entries[slot] = new Compact(owner, start, lineStart, (ushort)text.Length, (ushort)(lineEnd - lineStart), (ushort)messageStart, (ushort)messageLength, (byte)format, failureSignal);
        return true;
    }

    public IEnumerator<LogRecord> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal string? PatternOf(int index) => _ids[Entry(index).Pattern];

    internal string? GroupOf(int index) => _ids[Entry(index).Group];

    internal void SetPattern(int index, string? id) => Entry(index).Pattern = IdIndex(id);

    internal void SetGroup(int index, string? id) => Entry(index).Group = IdIndex(id);

    private ref LogRecord? Slot()
    {
        var chunk = Count >> ChunkBits;
        if (chunk == _records.Count)
        {
            _records.Add(new LogRecord?[ChunkSize]);
            _compact.Add(null);
        }

        return ref _records[chunk][Count++ & (ChunkSize - 1)];
    }

    private ref Compact Entry(int index) => ref _compact[index >> ChunkBits]![index & (ChunkSize - 1)];

    private LogRecord View(int index)
    {
        var e = Entry(index);
        var owner = _owners[e.Owner];
        var text = owner is string s ? s.AsMemory(e.Start, e.Length) : new ReadOnlyMemory<char>((char[])owner, e.Start, e.Length);
        return new LogRecord(this, index, e.LineStart, e.LineStart + e.LineSpan, (LogFormat)e.Format, text, e.MessageStart, e.MessageLength, e.FailureSignal);
    }

    private bool TryOwner(ReadOnlyMemory<char> text, out int owner, out int start)
    {
        object? array = null;
        if (MemoryMarshal.TryGetString(text, out var s, out start, out _))
        {
            array = s;
        }
        else if (MemoryMarshal.TryGetArray(text, out var segment) && segment.Array is { } chars)
        {
            array = chars;
            start = segment.Offset;
        }

        if (array is null)
        {
            owner = 0;
            return false;
        }

        if (!ReferenceEquals(array, _lastOwner))
        {
            _lastOwner = array;
            _lastOwnerIndex = _owners.Count;
            _owners.Add(array);
        }

        owner = _lastOwnerIndex;
        return true;
    }

    private int IdIndex(string? id)
    {
        if (id is null)
        {
            return 0;
        }

        if (!_idIndex.TryGetValue(id, out var n))
        {
            n = _ids.Count;
            _ids.Add(id);
            _idIndex[id] = n;
        }

        return n;
    }

    /// <summary>A record that is only its text: where the text sits, its lines and its message, 32 bytes.</summary>
    [StructLayout(LayoutKind.Sequential, Pack = 2)]
    private struct Compact(int owner, int start, int lineStart, ushort length, ushort lineSpan, ushort messageStart, ushort messageLength, byte format, bool failureSignal)
    {
        public readonly int Owner = owner;
        public readonly int Start = start;
        public readonly int LineStart = lineStart;
        public int Pattern;
        public int Group;
        public readonly ushort Length = length;
        public readonly ushort LineSpan = lineSpan;
        public readonly ushort MessageStart = messageStart;
        public readonly ushort MessageLength = messageLength;
        public readonly byte Format = format;
        public readonly bool FailureSignal = failureSignal;
    }
}
