using System.Text;
using LogAnalyzer.Core.Model;
using LogAnalyzer.Core.Redaction;

namespace LogAnalyzer.Core.Ingestion;

/// <summary>
/// Turns raw input into ordered, contiguous records that cover every input line exactly once: decodes
/// (UTF-8 with/without BOM, UTF-16 LE/BE with BOM; invalid bytes replaced and counted), splits on CRLF/CR/LF,
/// strips ANSI sequences, neutralizes control characters, caps very long lines, assembles multi-line records
/// (stack traces, continuations), redacts each record, then reads its format, timestamp, level, source, message,
/// fields and exception.
/// </summary>
public sealed class LogIngestor(SecretRedactor redactor, TimeProvider? timeProvider = null)
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <summary>Decodes bytes (UTF-8 with/without BOM, UTF-16 with BOM) and assembles records.</summary>
    public IngestionResult Ingest(ReadOnlySpan<byte> input, IngestionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (name, bom, decoder, fallback) = InputDecoder.Create(input);
        var reader = new LineReader(input[bom..], decoder);
        return Run(ref reader, options, input.Length, input.Length - bom, name, fallback);
    }

    /// <summary>Assembles records from already-decoded text.</summary>
    public IngestionResult Ingest(string text, IngestionOptions options)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(options);
        var memory = text.AsMemory();
        if (!memory.IsEmpty && memory.Span[0] == '\uFEFF')
        {
            memory = memory[1..];
        }

        // Records slice the caller's string itself: no copy of the input unless a record needs rewriting.
        var reader = new LineReader(memory);
        return Run(ref reader, options, Encoding.UTF8.GetByteCount(text), memory.Length, "utf-8", fallback: null);
    }

    private IngestionResult Run(ref LineReader reader, IngestionOptions options, long totalBytes, int maxChars, string encoding, CountingDecoderFallback? fallback)
    {
        var tally = new RedactionTally();
        var normalizer = new RecordNormalizer(redactor, tally, TimestampParser.Reference(_time.GetUtcNow()));
        var assembler = new RecordAssembler(options.MaxLinesPerRecord, normalizer, new TextStore(maxChars));
        var sanitizer = new LineSanitizer(options.MaxLineLength);
        while (reader.TryReadLine(out var line))
        {
            var clean = sanitizer.Clean(line.Span, out var truncated, out var rewritten);
            assembler.Add(line, clean, truncated, inPlace: !rewritten);
        }

        assembler.Complete();
        var summary = new InputSummary
        {
            TotalLines = assembler.TotalLines,
            TotalRecords = normalizer.Records.Count,
            TotalBytes = totalBytes,
            Encoding = encoding,
            InvalidBytesReplaced = fallback?.InvalidBytes ?? 0,
            BlankLines = assembler.BlankLines,
            TruncatedLines = sanitizer.TruncatedLines,
            AnsiSequencesStripped = sanitizer.AnsiSequences,
            ControlCharactersNeutralized = sanitizer.ControlCharacters,
            RecordsWithException = normalizer.RecordsWithException,
            Formats = normalizer.FormatCounts(),
            Levels = normalizer.LevelCounts(),
            FirstTimestamp = normalizer.FirstTimestamp,
            LastTimestamp = normalizer.LastTimestamp,
            Redactions = tally.Snapshot(),
        };
        return new IngestionResult(normalizer.Records, summary);
    }
}
