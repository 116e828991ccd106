using System.Diagnostics;
using System.Globalization;
using LogAnalyzer.Core.Ingestion;
using LogAnalyzer.Core.Redaction;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Bench;

/// <summary>
/// <c>profile-ingest FILE</c>: times ingestion's steps as separate passes over the whole input (decode and split, sanitize,
/// one string per line, redaction, header parsing, then the whole ingestor) so each step's cost is the difference
/// between passes. CPU seconds and GC pauses are shown per pass.
/// </summary>
internal static class ProfileIngestCommand
{
    public static int Run(string[] args)
    {
        if (args.Length == 0 || !File.Exists(args[0]))
        {
            Console.Error.WriteLine("usage: profile-ingest FILE");
            return 2;
        }

        using var provider = BenchHost.Build();
        var ingestor = provider.GetRequiredService<LogIngestor>();
        var redactor = provider.GetRequiredService<SecretRedactor>();
        var options = provider.GetRequiredService<IOptions<IngestionOptions>>().Value;
        var bytes = File.ReadAllBytes(args[0]);
        options.MaxInputBytes = Math.Max(options.MaxInputBytes, bytes.LongLength);
        var lines = new List<string>();

        for (var round = 0; round < 2; round++)
        {
            Console.WriteLine($"round {round}");
            Time("decode + split", () =>
            {
                var reader = Open(bytes);
                long n = 0;
                while (reader.TryReadLine(out var line))
                {
                    n += line.Length;
                }

                return n;
            });
            Time("+ sanitize", () =>
            {
                var reader = Open(bytes);
                var sanitizer = new LineSanitizer(options.MaxLineLength);
                long n = 0;
                while (reader.TryReadLine(out var line))
                {
                    n += sanitizer.Clean(line.Span, out _, out _).Length;
                }

                return n;
            });
            lines.Clear();
            Time("+ string per line (kept)", () =>
            {
                var reader = Open(bytes);
                while (reader.TryReadLine(out var line))
                {
                    lines.Add(new string(line.Span));
                }

                return lines.Count;
            });
            Time("redact each line", () =>
            {
                var tally = new RedactionTally();
                long n = 0;
                foreach (var line in lines)
                {
                    n += redactor.Redact(line, tally).Length;
                }

                return n;
            });
            Time("header parse each line", () =>
            {
                long n = 0;
                foreach (var line in lines)
                {
                    n += HeaderParser.Parse(line, 2026).MessageStart;
                }

                return n;
            });
            Time("continuation check each line", () =>
            {
                long n = 0;
                TraceState state = default;
                foreach (var line in lines)
                {
                    n += ContinuationRules.IsContinuation(line, ref state) ? 1 : 0;
                }

                return n;
            });
            Time("exception mention check", () =>
            {
                long n = 0;
                foreach (var line in lines)
                {
                    n += ExceptionParser.Parse(line, line.Length, 0, 1) is null ? 0 : 1;
                }

                return n;
            });
            Time("whole ingestor", () => ingestor.Ingest(bytes, options).Records.Count);
        }

        return 0;
    }

    /// <summary>A line reader over <paramref name="bytes"/>, decoding as the ingestor does.</summary>
    private static LineReader Open(byte[] bytes)
    {
        var (_, bom, decoder, _) = InputDecoder.Create(bytes);
        return new LineReader(bytes.AsSpan(bom), decoder);
    }

    private static void Time(string name, Func<long> step)
    {
        GC.Collect();
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var pause0 = GC.GetTotalPauseDuration();
        var alloc0 = GC.GetTotalAllocatedBytes(precise: true);
        var t0 = Stopwatch.GetTimestamp();
        var result = step();
        var wall = Stopwatch.GetElapsedTime(t0).TotalSeconds;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
        var pause = (GC.GetTotalPauseDuration() - pause0).TotalSeconds;
        var alloc = (GC.GetTotalAllocatedBytes(precise: true) - alloc0) / 1e6;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {name,-32} {wall,7:0.000}s  cpu {cpu,6:0.000}s  gc {pause,6:0.000}s  alloc {alloc,6:0} MB  ({result})"));
    }
}
