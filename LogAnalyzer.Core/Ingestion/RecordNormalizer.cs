using LogAnalyzer.Core.Ingestion.Inference;
using LogAnalyzer.Core.Model;
using LogAnalyzer.Core.Redaction;

namespace LogAnalyzer.Core.Ingestion;

/// <summary>
/// Turns an assembled record into a <see cref="LogRecord"/>: redacts its text first, then reads the header
/// (or the JSON object), the message, the fields and the exception from the redacted text, and keeps the counts
/// the summary needs.
/// </summary>
internal sealed class RecordNormalizer(SecretRedactor redactor, RedactionTally tally, int defaultYear, HeaderReader? headers = null, int compactFrom = 0)
{
    private readonly HeaderReader _headers = headers ?? HeaderReader.KnownOnly;

    /// <summary>Words that make a one-line message worth reading for an exception mention, found in one vectorized pass.</summary>
    private static readonly System.Buffers.SearchValues<string> MentionWords =
        System.Buffers.SearchValues.Create(["Exception", "Error", "Throwable"], StringComparison.Ordinal);

    private readonly Dictionary<string, string> _sources = new(StringComparer.Ordinal);
    private string? _lastSource;
    private readonly int[] _formatCounts = new int[Enum.GetValues<LogFormat>().Length];
    private readonly int[] _levelCounts = new int[Enum.GetValues<Severity>().Length];

    public RecordList Records { get; } = new();

    public int RecordsWithException { get; private set; }

    /// <summary>Records whose timestamp had no year (see <see cref="LogRecord.YearAssumed"/>).</summary>
    public int YearAssumedRecords { get; private set; }

    public DateTimeOffset? FirstTimestamp { get; private set; }

    public DateTimeOffset? LastTimestamp { get; private set; }

    /// <summary>Adds one assembled record; <paramref name="outerTime"/> is the timestamp of a peeled transport prefix, if any.</summary>
    public void Add(ReadOnlyMemory<char> text, int lineStart, int lineEnd, int lineCount, bool truncated, DateTimeOffset? outerTime = null, bool outerYearAssumed = false) =>
        AddRedacted(Redact(text, redactor, tally), lineStart, lineEnd, lineCount, truncated, outerTime, outerYearAssumed);

    /// <summary>
    /// Redacts a record's text: redaction copies only when it finds something; otherwise the record keeps its slice of
    /// the shared buffer. Thread-safe for one <paramref name="tally"/> per thread.
    /// </summary>
    public static RedactedText Redact(ReadOnlyMemory<char> text, SecretRedactor redactor, RedactionTally tally) =>
        redactor.RedactOrNull(text.Span, tally) is { } redacted ? new RedactedText(redacted.AsMemory(), redacted) : new RedactedText(text, null);

    /// <summary>Adds one record whose text is already redacted (<see cref="Redact"/>).</summary>
    /// <remarks>
    /// <paramref name="outerYearAssumed"/>: the transport prefix's time had no year. It is read where the prefix was peeled
    /// (the assembling thread); the record's own header is read here, so its year-less dates are this thread's.
    /// </remarks>
    public void AddRedacted(RedactedText text, int lineStart, int lineEnd, int lineCount, bool truncated, DateTimeOffset? outerTime, bool outerYearAssumed = false)
    {
        TimestampParser.ForgetAssumedYears();
        var redactedString = text.AsString;
        var redacted = text.Text;
        var all = redacted.Span;
        var firstEnd = lineCount == 1 ? all.Length : FirstLineEnd(all);
        var first = all[..firstEnd];
        LogRecord record;
        if (first.Length > 0 && first[0] == '{' && (first.Length > 1 || lineCount > 1)
            && JsonRecordParser.TryParse(redactedString ??= redacted.ToString(), lineCount, defaultYear) is { } json)
        {
            var exception = json.Exception;
            if (exception is null && json.InnerText is { } inner)
            {
                var innerFirstEnd = FirstLineEnd(inner);
                exception = ExceptionParser.Parse(inner, innerFirstEnd, Math.Min(json.InnerMessageStart, innerFirstEnd), inner.Count('\n') + 1);
            }

            record = new LogRecord
            {
                Index = Records.Count,
                LineStart = lineStart,
                LineEnd = lineEnd,
                Format = json.Format,
                Timestamp = json.Timestamp ?? outerTime,
                YearAssumed = json.Timestamp is { } jsonTime ? TimestampParser.WasYearAssumed(jsonTime) : outerTime is not null && outerYearAssumed,
                Level = json.Level,
                Source = json.Source is null ? null : Intern(json.Source),
                Message = json.Message,
                Fields = json.Fields,
                Exception = exception,
                Text = redactedString,
                Truncated = truncated,
            };
        }
        else
        {
            var header = _headers.Parse(first, defaultYear);
            var messageStart = Math.Min(header.MessageStart, firstEnd);
            var source = header.SourceLength > 0 ? Intern(first.Slice(header.SourceStart, Math.Min(header.SourceLength, firstEnd - header.SourceStart))) : null;
            var (start, length) = Trimmed(all, messageStart, firstEnd);
            var explicitMessage = header.MessageOverride;
            if (explicitMessage is null && length == 0 && lineCount > 1)
            {
                // Layouts that put the message on the next line (the .NET console logger).
                explicitMessage = SecondLine(all, firstEnd);
            }

            var exception = lineCount > 1 || MayMention(all.Slice(start, length))
                ? ExceptionParser.Parse(all, firstEnd, messageStart, lineCount)
                : null;
            if (Records.Count >= compactFrom && lineCount == 1 && exception is null && explicitMessage is null && source is null && header.Fields is null
                && header.Timestamp is null && outerTime is null && header.Level is null && !truncated
                && Records.TryAddCompact(lineStart, lineEnd, header.Format, redacted, start, length, Grouping.FailureSignals.Scan(lineStart, lineEnd, all.Slice(start, length), all)))
            {
                // A record that is only its text: an entry of 32 bytes rather than an object (RecordList).
                _formatCounts[(int)header.Format]++;
                return;
            }

            record = new LogRecord(Records.Count, lineStart, lineEnd, header.Format, redacted, start, length, explicitMessage)
            {
                Timestamp = header.Timestamp ?? outerTime,
                YearAssumed = header.Timestamp is { } headerTime ? TimestampParser.WasYearAssumed(headerTime) : outerTime is not null && outerYearAssumed,
                Level = header.Level,
                Source = source,
                Fields = header.Fields,
                Exception = exception,
                Truncated = truncated,
            };
        }

        if (record.Exception is null && !(record.Level >= Severity.Warning))
        {
            // Grouping asks this of every record below Warning: read it here, on ingestion's worker, with the text at hand.
            record.FailureSignal = Grouping.FailureSignals.Scan(record);
        }

        Count(record);
        Records.Add(record);
    }

    public IReadOnlyDictionary<string, int> FormatCounts()
    {
        var result = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var format in Enum.GetValues<LogFormat>())
        {
            var n = _formatCounts[(int)format];
            if (n > 0)
            {
                result[JsonNamingPolicyCamel(format.ToString())] = n;
            }
        }

        return result;
    }

    public IReadOnlyDictionary<string, int> LevelCounts()
    {
        var result = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var level in Enum.GetValues<Severity>())
        {
            var n = _levelCounts[(int)level];
            if (n > 0)
            {
                result[level.ToString()] = n;
            }
        }

        return result;
    }

    private void Count(LogRecord record)
    {
        _formatCounts[(int)record.Format]++;
        if (record.Level is { } level)
        {
            _levelCounts[(int)level]++;
        }

        if (record.Exception is not null)
        {
            RecordsWithException++;
        }

        if (record.YearAssumed)
        {
            YearAssumedRecords++;
        }

        if (record.Timestamp is { } ts)
        {
            if (FirstTimestamp is null || ts < FirstTimestamp)
            {
                FirstTimestamp = ts;
            }

            if (LastTimestamp is null || ts > LastTimestamp)
            {
                LastTimestamp = ts;
            }
        }
    }

    private string Intern(ReadOnlySpan<char> source)
    {
        // Consecutive records usually come from the same logger: compare with the last one before hashing.
        if (_lastSource is { } last && source.SequenceEqual(last))
        {
            return last;
        }

        var lookup = _sources.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!lookup.TryGetValue(source, out var value))
        {
            value = source.ToString();
            if (_sources.Count < 100_000)
            {
                _sources[value] = value;
            }
        }

        _lastSource = value;
        return value;
    }

    private static bool MayMention(ReadOnlySpan<char> message) => message.IndexOfAny(MentionWords) >= 0;

    private static (int Start, int Length) Trimmed(ReadOnlySpan<char> text, int start, int end)
    {
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        return (start, end - start);
    }

    private static string SecondLine(ReadOnlySpan<char> text, int firstEnd)
    {
        var p = firstEnd + 1;
        while (p < text.Length)
        {
            var at = text[p..].IndexOf('\n');
            var nl = at < 0 ? -1 : p + at;
            var line = text[p..(nl < 0 ? text.Length : nl)].Trim();
            if (!line.IsEmpty)
            {
                return line.ToString();
            }

            if (nl < 0)
            {
                break;
            }

            p = nl + 1;
        }

        return string.Empty;
    }

    private static int FirstLineEnd(ReadOnlySpan<char> text)
    {
        var nl = text.IndexOf('\n');
        return nl < 0 ? text.Length : nl;
    }

    private static string JsonNamingPolicyCamel(string name) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(name);
}

/// <summary>A record's redacted text; <see cref="AsString"/> is the same text when redaction had to copy it.</summary>
internal readonly record struct RedactedText(ReadOnlyMemory<char> Text, string? AsString);
