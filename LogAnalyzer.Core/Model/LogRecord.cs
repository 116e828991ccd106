namespace LogAnalyzer.Core.Model;

/// <summary>
/// One log record: a line, or a line with its continuation (stack trace, indented lines).
/// Every text property is already redacted.
/// </summary>
public sealed record LogRecord
{
    private string? _message;
    private string? _text;
    private ReadOnlyMemory<char> _textMemory;
    private bool _hasText;
    private int _messageStart;
    private int _messageLength;

    // A million records live at once in a large analysis: the timestamp, level and format are packed (16 bytes instead
    // of 36) so each record is 128 bytes rather than 152.
    private long _timestampTicks;
    private short _timestampOffsetMinutes;
    private bool _hasTimestamp;
    private byte _level;
    private byte _format;
    private byte _failureSignal; // 0: not read yet, 1: none, 2: the text names a failure (Grouping.FailureSignals)

    private RecordList? _owner; // set on a view of a compact entry of a RecordList: the pattern and group live there
    private string? _patternId;
    private string? _groupId;

    /// <summary>Creates a record; set every required member in the initializer.</summary>
    public LogRecord()
    {
    }

    /// <summary>A short-lived view of a compact entry of <paramref name="owner"/> (a record that is only its text).</summary>
    [System.Diagnostics.CodeAnalysis.SetsRequiredMembers]
    internal LogRecord(RecordList owner, int index, int lineStart, int lineEnd, LogFormat format, ReadOnlyMemory<char> text, int messageStart, int messageLength, bool failureSignal)
        : this(index, lineStart, lineEnd, format, text, messageStart, messageLength)
    {
        _owner = owner;
        _failureSignal = failureSignal ? (byte)2 : (byte)1;
    }

    /// <summary>A copy (<c>with</c>) is a record object of its own, whatever the original was.</summary>
    private LogRecord(LogRecord original)
    {
        _message = original._message;
        _text = original._text;
        _textMemory = original._textMemory;
        _hasText = original._hasText;
        _messageStart = original._messageStart;
        _messageLength = original._messageLength;
        _timestampTicks = original._timestampTicks;
        _timestampOffsetMinutes = original._timestampOffsetMinutes;
        _hasTimestamp = original._hasTimestamp;
        _level = original._level;
        _format = original._format;
        _failureSignal = original._failureSignal;
        _patternId = original.PatternId;
        _groupId = original.GroupId;
        Index = original.Index;
        LineStart = original.LineStart;
        LineEnd = original.LineEnd;
        Source = original.Source;
        Exception = original.Exception;
        Fields = original.Fields;
        Truncated = original.Truncated;
    }

    /// <summary>
    /// Creates a record whose <see cref="Message"/> is the slice [<paramref name="messageStart"/>, +<paramref name="messageLength"/>)
    /// of <paramref name="text"/>, materialized only when read.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SetsRequiredMembers]
    internal LogRecord(int index, int lineStart, int lineEnd, LogFormat format, string text, int messageStart, int messageLength)
        : this(index, lineStart, lineEnd, format, text.AsMemory(), messageStart, messageLength)
    {
        _text = text;
    }

    /// <summary>
    /// Creates a record over a slice of ingestion's shared text buffer: neither <see cref="Text"/> nor
    /// <see cref="Message"/> becomes a string until something reads it, so a million records cost no million strings.
    /// A layout whose message is not a slice of the text (it sits on the next line) passes it as <paramref name="message"/>.
    /// </summary>
    // Text and Message are backed by the memory set here; the compiler cannot see that through the lazy getters.
#pragma warning disable CS8618
    [System.Diagnostics.CodeAnalysis.SetsRequiredMembers]
    internal LogRecord(int index, int lineStart, int lineEnd, LogFormat format, ReadOnlyMemory<char> text, int messageStart, int messageLength, string? message = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(messageStart);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(messageStart + messageLength, text.Length);
        Index = index;
        LineStart = lineStart;
        LineEnd = lineEnd;
        Format = format;
        _textMemory = text;
        _hasText = true;
        _messageStart = messageStart;
        _messageLength = messageLength;
        _message = message;
    }
#pragma warning restore CS8618

    /// <summary>0-based position in the record list.</summary>
    public required int Index { get; init; }

    /// <summary>1-based first line in the original input.</summary>
    public required int LineStart { get; init; }

    /// <summary>1-based last line in the original input (inclusive).</summary>
    public required int LineEnd { get; init; }

    public DateTimeOffset? Timestamp
    {
        get => _hasTimestamp ? new DateTimeOffset(_timestampTicks, TimeSpan.FromMinutes(_timestampOffsetMinutes)) : null;
        init
        {
            _hasTimestamp = value.HasValue;
            _timestampTicks = value?.Ticks ?? 0;
            _timestampOffsetMinutes = (short)(value?.Offset.TotalMinutes ?? 0);
        }
    }

    public Severity? Level
    {
        get => _level == 0 ? null : (Severity)(_level - 1);
        init => _level = value is { } level ? (byte)((int)level + 1) : (byte)0;
    }

    public required LogFormat Format
    {
        get => (LogFormat)_format;
        init => _format = (byte)value;
    }

    /// <summary>Logger, component, process or tag, when the layout carries one.</summary>
    public string? Source { get; init; }

    /// <summary>The message, header stripped (first line of a multi-line record plus nothing else).</summary>
    public required string Message
    {
        get => _message ??= _textMemory.Slice(_messageStart, _messageLength).ToString();
        init
        {
            _message = value;
            _failureSignal = 0;
        }
    }

    /// <summary>
    /// Whether the text names a failure (Grouping.FailureSignals), once it has been read: ingestion reads it on its worker
    /// thread while the text is at hand, so grouping need not scan every record again. Null until read.
    /// </summary>
    internal bool? FailureSignal
    {
        get => _failureSignal == 0 ? null : _failureSignal == 2;
        set => _failureSignal = value is { } v ? (byte)(v ? 2 : 1) : (byte)0;
    }

    /// <summary>
    /// The message without allocating: a slice of <see cref="Text"/> when ingestion left the message inside the text.
    /// Hot paths (pattern masking) should read this instead of <see cref="Message"/>.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public ReadOnlyMemory<char> MessageMemory => _message is not null ? _message.AsMemory() : _textMemory.Slice(_messageStart, _messageLength);

    public ExceptionInfo? Exception { get; init; }

    /// <summary>Extra structured fields (JSON/logfmt keys, syslog structured data), redacted.</summary>
    public IReadOnlyDictionary<string, string>? Fields { get; init; }

    /// <summary>The whole record's text as it appeared (all its lines, redacted, analysis-truncated).</summary>
    public required string Text
    {
        get => _text ??= _textMemory.ToString();
        init
        {
            if (_message is null && _hasText)
            {
                _message = _textMemory.Slice(_messageStart, _messageLength).ToString(); // `with { Text = … }` keeps the old message.
            }

            _text = value;
            _textMemory = value.AsMemory();
            _hasText = true;
            _failureSignal = 0;
        }
    }

    /// <summary>The record's text without allocating a string (a slice of ingestion's buffer). Hot paths read this.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public ReadOnlyMemory<char> TextMemory => _textMemory;

    /// <summary>True when a line of this record exceeded the analysis cap and was cut for analysis.</summary>
    public bool Truncated { get; init; }

    /// <summary>The pattern this record belongs to (set by clustering).</summary>
    public string? PatternId
    {
        get => _owner is null ? _patternId : _owner.PatternOf(Index);
        set
        {
            if (_owner is null)
            {
                _patternId = value;
            }
            else
            {
                _owner.SetPattern(Index, value);
            }
        }
    }

    /// <summary>The error group this record belongs to, or null.</summary>
    public string? GroupId
    {
        get => _owner is null ? _groupId : _owner.GroupOf(Index);
        set
        {
            if (_owner is null)
            {
                _groupId = value;
            }
            else
            {
                _owner.SetGroup(Index, value);
            }
        }
    }

    /// <summary>Value equality over what a record says (the text's characters, not where they are stored).</summary>
    public bool Equals(LogRecord? other) =>
        other is not null
        && (ReferenceEquals(this, other)
            || (Index == other.Index && LineStart == other.LineStart && LineEnd == other.LineEnd
                && Nullable.Equals(Timestamp, other.Timestamp) && Level == other.Level && Format == other.Format
                && string.Equals(Source, other.Source, StringComparison.Ordinal)
                && MessageMemory.Span.SequenceEqual(other.MessageMemory.Span)
                && TextMemory.Span.SequenceEqual(other.TextMemory.Span)
                && Equals(Exception, other.Exception) && ReferenceEquals(Fields, other.Fields)
                && Truncated == other.Truncated
                && string.Equals(PatternId, other.PatternId, StringComparison.Ordinal)
                && string.Equals(GroupId, other.GroupId, StringComparison.Ordinal)));

    public override int GetHashCode() =>
        HashCode.Combine(Index, LineStart, LineEnd, Format, string.GetHashCode(TextMemory.Span, StringComparison.Ordinal));
}
