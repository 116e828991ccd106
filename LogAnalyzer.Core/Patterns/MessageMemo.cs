namespace LogAnalyzer.Core.Patterns;

/// <summary>
/// A bounded memo of raw message → distinct-template index for <see cref="PatternClusterer"/>. Masking depends only on
/// the message, so a message seen before needs no second pass. After <see cref="ProbeWindow"/> lookups the memo keeps
/// going only if at least <see cref="MinHitPercent"/>% of them hit; it stops growing at <see cref="MaxEntries"/>
/// messages (or <see cref="MaxChars"/> characters) so its memory stays bounded on any input.
/// </summary>
internal sealed class MessageMemo
{
    internal const int ProbeWindow = 4096;
    internal const int MinHitPercent = 20;
    internal const int MaxEntries = 1 << 16;
    internal const int MaxChars = 8 << 20;
    internal const int MaxMessageLength = 512;

    private readonly Dictionary<string, int> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private long _chars;
    private int _lookups;
    private int _hits;
    private bool _off;

    public MessageMemo() => _lookup = _entries.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>True when the memo is still in use (it switches off for inputs whose messages rarely repeat).</summary>
    public bool Active => !_off;

    public int Count => _entries.Count;

    public bool TryGet(ReadOnlySpan<char> message, out int unique)
    {
        unique = -1;
        if (_off || message.Length > MaxMessageLength)
        {
            return false;
        }

        _lookups++;
        var hit = _lookup.TryGetValue(message, out unique);
        if (hit)
        {
            _hits++;
        }

        if (_lookups == ProbeWindow && _hits * 100 < MinHitPercent * _lookups)
        {
            _off = true;
            _entries.Clear();
            _entries.TrimExcess();
        }

        return hit;
    }

    public void Add(ReadOnlySpan<char> message, int unique)
    {
        if (_off || message.Length > MaxMessageLength || _entries.Count >= MaxEntries || _chars + message.Length > MaxChars)
        {
            return;
        }

        _lookup.TryAdd(message, unique);
        _chars += message.Length;
    }
}
