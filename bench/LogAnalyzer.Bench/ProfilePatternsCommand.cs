using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using LogAnalyzer.Core.Ingestion;
using LogAnalyzer.Core.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Bench;

/// <summary><c>profile-patterns FILE</c>: splits the pattern stage into masking only, and masking + clustering, plus CPU time.</summary>
internal static class ProfilePatternsCommand
{
    public static int Run(string[] args)
    {
        using var provider = BenchHost.Build();
        var ingestor = provider.GetRequiredService<LogIngestor>();
        var options = provider.GetRequiredService<IOptions<IngestionOptions>>().Value;
        var bytes = File.ReadAllBytes(args[0]);
        options.MaxInputBytes = Math.Max(options.MaxInputBytes, bytes.LongLength);
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var t0 = Stopwatch.GetTimestamp();
        var records = ingestor.Ingest(bytes, options).Records;
        var ingest = Stopwatch.GetElapsedTime(t0).TotalSeconds;
        var cpuIngest = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;

        for (var round = 0; round < 3; round++)
        {
            var buffer = ArrayPool<char>.Shared.Rent(1 << 16);
            long chars = 0;
            var t1 = Stopwatch.GetTimestamp();
            var cpu1 = Process.GetCurrentProcess().TotalProcessorTime;
            foreach (var r in records)
            {
                var m = r.Message.AsSpan();
                if (TemplateMasker.MaxOutputLength(m.Length) > buffer.Length)
                {
                    continue;
                }

                chars += TemplateMasker.Mask(m, buffer);
            }

            var mask = Stopwatch.GetElapsedTime(t1).TotalSeconds;
            var cpuMask = (Process.GetCurrentProcess().TotalProcessorTime - cpu1).TotalSeconds;
            ArrayPool<char>.Shared.Return(buffer);

            var t2 = Stopwatch.GetTimestamp();
            var cpu2 = Process.GetCurrentProcess().TotalProcessorTime;
            var patterns = new PatternClusterer().Cluster(records);
            var cluster = Stopwatch.GetElapsedTime(t2).TotalSeconds;
            var cpuCluster = (Process.GetCurrentProcess().TotalProcessorTime - cpu2).TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"round {round}: ingest {ingest:0.000}s (cpu {cpuIngest:0.000}) | mask only {mask:0.000}s (cpu {cpuMask:0.000}, {chars} chars) | Cluster() {cluster:0.000}s (cpu {cpuCluster:0.000}, {patterns.Count} patterns)"));
        }

        return 0;
    }
}
