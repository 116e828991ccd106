using System.Text;
using LogAnalyzer.Core.Ingestion.Inference;
using LogAnalyzer.Core.Ingestion.Transport;
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
        var year = TimestampParser.Reference(_time.GetUtcNow());
        var sanitizer = new LineSanitizer(options.MaxLineLength);

        // Bounded pre-scan: the first lines teach the paste's transport prefix and header layout, then are replayed.
        var sample = new List<PrescanLine>();
        var more = true;
        while (sample.Count < LayoutLearner.SampleLines && (more = reader.TryReadLine(out var line)))
        {
            var clean = sanitizer.Clean(line.Span, out var truncated, out var rewritten);
            sample.Add(new PrescanLine(line, rewritten ? clean.ToString().AsMemory() : line.Buffer.Slice(line.Start, clean.Length), truncated, !rewritten));
        }

        var texts = sample.ConvertAll(l => l.Clean);
        var transport = TransportPeeler.Detect(texts, year);
        var payloads = transport.Kind == TransportKind.None || transport.KeepsFirstLine ? texts : texts.ConvertAll(t => Peel(transport, t));
        var layout = LayoutLearner.Learn(payloads, year);
        var normalizer = new RecordNormalizer(redactor, tally, year, HeaderReader.Create(layout, options.KnownLayouts, payloads, year), options.CompactRecordsFrom);
        using var pipeline = more && maxChars >= options.PipelineMinChars && Environment.ProcessorCount > 1
            ? new PipelinedRecordSink(normalizer, redactor, tally)
            : null;
        var assembler = new RecordAssembler(options.MaxLinesPerRecord, pipeline ?? (IRecordSink)new DirectRecordSink(normalizer), new TextStore(maxChars), transport);
        foreach (var l in sample)
        {
            assembler.Add(l.Line, l.Clean.Span, l.Truncated, l.InPlace);
        }

        while (more && reader.TryReadLine(out var line))
        {
            var clean = sanitizer.Clean(line.Span, out var truncated, out var rewritten);
            assembler.Add(line, clean, truncated, inPlace: !rewritten);
        }

        assembler.Complete();
        pipeline?.Complete();
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
            YearAssumedRecords = normalizer.YearAssumedRecords,
            Redactions = tally.Snapshot(),
        };
        return new IngestionResult(normalizer.Records, summary);
    }

    private static ReadOnlyMemory<char> Peel(TransportPeeler transport, ReadOnlyMemory<char> line) =>
        transport.TryPeel(line.Span, out var outer) ? line[outer.PayloadStart..] : line;

    /// <summary>A line read during the pre-scan: where it sits, its sanitized text (a copy only when the sanitizer rewrote it).</summary>
    private readonly record struct PrescanLine(LineSlice Line, ReadOnlyMemory<char> Clean, bool Truncated, bool InPlace);
}
