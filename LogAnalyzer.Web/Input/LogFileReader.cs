using System.Buffers;
using System.IO.Compression;
using LogAnalyzer.Core.Analysis;

namespace LogAnalyzer.Web.Input;

/// <summary>Reads an uploaded log file as a stream, gunzipping .gz, never holding more than the limit.</summary>
public static class LogFileReader
{
    /// <summary>The picker's accept list.</summary>
    public const string Accept = ".log,.txt,.json,.jsonl,.ndjson,.gz";

    private static readonly string[] Extensions = [".log", ".txt", ".json", ".jsonl", ".ndjson", ".gz"];

    /// <summary>A message when the name or size rules the file out before reading it, else null.</summary>
    public static string? Check(string name, long size, long maxBytes)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!Extensions.Any(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
        {
            return $"\"{Shorten(name)}\" is not a log file this page reads. Choose a .log, .txt, .json or .gz file.";
        }

        if (size == 0)
        {
            return $"\"{Shorten(name)}\" is empty.";
        }

        return size > maxBytes ? TooLarge(name, size, maxBytes) : null;
    }

    /// <summary>Reads <paramref name="stream"/>; .gz (by name or magic bytes) is decompressed, the limit applies to the result.</summary>
    /// <exception cref="LogFileException">The file is too large, not valid gzip, or empty.</exception>
    public static async Task<LoadedLogFile> ReadAsync(string name, long size, Stream stream, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(stream);
        var raw = await ReadLimitedAsync(stream, maxBytes, cancellationToken).ConfigureAwait(false)
            ?? throw new LogFileException(TooLarge(name, size, maxBytes));
        var gzip = name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
            || raw.Length >= 2 && raw.Span[0] == 0x1f && raw.Span[1] == 0x8b;
        if (!gzip)
        {
            return raw.Length == 0
                ? throw new LogFileException($"\"{Shorten(name)}\" is empty.")
                : new LoadedLogFile(name, size, raw, Decompressed: false);
        }

        ReadOnlyMemory<byte>? unpacked;
        try
        {
            var source = MemoryMarshalStream(raw);
            await using (source.ConfigureAwait(false))
            {
                var unzip = new GZipStream(source, CompressionMode.Decompress);
                await using (unzip.ConfigureAwait(false))
                {
                    unpacked = await ReadLimitedAsync(unzip, maxBytes, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (InvalidDataException ex)
        {
            throw new LogFileException($"\"{Shorten(name)}\" is not a valid gzip file, so it cannot be unpacked.", ex);
        }

        if (unpacked is null)
        {
            throw new LogFileException(
                $"\"{Shorten(name)}\" unpacks to more than the limit of {AnalysisRequestValidator.FormatSize(maxBytes)}. Split it or keep the relevant time window.");
        }

        return unpacked.Value.Length == 0
            ? throw new LogFileException($"\"{Shorten(name)}\" unpacks to nothing.")
            : new LoadedLogFile(name, size, unpacked.Value, Decompressed: true);
    }

    /// <summary>Reads to the end, or returns null as soon as more than <paramref name="maxBytes"/> arrive.</summary>
    public static async Task<ReadOnlyMemory<byte>?> ReadLimitedAsync(Stream stream, long maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        while (true)
        {
            var memory = buffer.GetMemory(64 * 1024);
            var read = await stream.ReadAsync(memory, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return buffer.WrittenMemory;
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > maxBytes)
            {
                return null;
            }
        }
    }

    private static MemoryStream MemoryMarshalStream(ReadOnlyMemory<byte> bytes) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(bytes, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(bytes.ToArray(), writable: false);

    private static string TooLarge(string name, long size, long maxBytes) =>
        $"\"{Shorten(name)}\" is {AnalysisRequestValidator.FormatSize(size)}, over the limit of {AnalysisRequestValidator.FormatSize(maxBytes)}. Split it or keep the relevant time window.";

    private static string Shorten(string name) => name.Length <= 80 ? name : string.Concat(name.AsSpan(0, 77), "...");
}
