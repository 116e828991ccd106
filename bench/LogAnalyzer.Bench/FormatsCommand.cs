using System.Globalization;
using System.Text;
using LogAnalyzer.Core.Ingestion;
using LogAnalyzer.Core.Ingestion.Inference;
using LogAnalyzer.Core.Redaction;
using LogAnalyzer.Tests.Ingestion;

namespace LogAnalyzer.Bench;

/// <summary>
/// <c>formats [--fixtures DIR] [--loghub DIR] [--explain NAME]</c>: how well headers come out, with the known layouts
/// and with the layout inference alone (known layouts off, as if every format were new).
/// Table 1: the per-format fixture corpus (<c>LogAnalyzer.Tests/Fixtures/formats</c>), share of expected records
/// whose timestamp, level and message come out right. Table 2: on each labelled Loghub folder, the share of lines
/// whose message equals the labelled <c>Content</c>; the first four systems were used to tune the inference, the
/// other four are reported untouched.
/// </summary>
internal static class FormatsCommand
{
    private static readonly string[] TuneSystems = ["HDFS", "Spark", "BGL", "Android"];

    public static int Run(string[] args)
    {
        string? fixtures = null, loghub = null, explain = null;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--fixtures": fixtures = args[i + 1]; break;
                case "--loghub": loghub = args[i + 1]; break;
                case "--explain": explain = args[i + 1]; break;
                default: break;
            }
        }

        fixtures ??= FindUp(Path.Combine("LogAnalyzer.Tests", "Fixtures", "formats"));
        loghub ??= BenchHost.FindLoghubDirectory();
        var ingestor = new LogIngestor(new SecretRedactor(), new FormatFixture.Clock());
        var known = new IngestionOptions();
        var inferred = new IngestionOptions { KnownLayouts = false };
        if (fixtures is not null && Directory.Exists(fixtures))
        {
            FixtureTable(ingestor, fixtures, known, inferred, explain);
        }

        if (loghub is not null && Directory.Exists(loghub))
        {
            LoghubTable(ingestor, loghub, known, inferred, explain);
        }

        return fixtures is null && loghub is null ? 2 : 0;
    }

    private static void FixtureTable(LogIngestor ingestor, string dir, IngestionOptions known, IngestionOptions inferred, string? explain)
    {
        Console.WriteLine("Per-format fixtures: expected records whose timestamp / level / message (and source) come out right");
        Console.WriteLine();
        Console.WriteLine("| Format | Records | Extra | Ts | Level | Source | Message | All (ts+level+msg) | All, inference only |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        int records = 0, all = 0, allInferred = 0;
        foreach (var path in Directory.GetFiles(dir, "*.txt").Order(StringComparer.Ordinal))
        {
            var fixture = FormatFixture.Load(path);
            var score = fixture.Check(ingestor.Ingest(fixture.Input, known).Records);
            var alone = fixture.Check(ingestor.Ingest(fixture.Input, inferred).Records);
            records += score.Records;
            all += score.All;
            allInferred += alone.All;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {fixture.Name} | {score.Records} | {score.Extra} | {score.Timestamp} | {score.Level} | {score.Source} | {score.Message} | {Share(score.All, score.Records)} | {Share(alone.All, alone.Records)} |"));
            if (string.Equals(explain, fixture.Name, StringComparison.OrdinalIgnoreCase) || explain == "fixtures")
            {
                var layout = LayoutLearner.Learn(fixture.Input.Split('\n').Select(l => l.AsMemory()).ToList(), 2026_03_02);
                Console.WriteLine($"  {fixture.Name} layout: " + (layout is null ? "(none)" : string.Join(' ', layout.Columns.Select(c => c.Kind + (c.NeedsColon ? ":" : string.Empty)))));
                foreach (var miss in score.Misses.Concat(alone.Misses.Select(m => "inference only: " + m)))
                {
                    Console.WriteLine("    " + miss);
                }
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| **All** | {records} | | | | | | **{Share(all, records)}** | **{Share(allInferred, records)}** |"));
        Console.WriteLine();
    }

    private static void LoghubTable(LogIngestor ingestor, string dir, IngestionOptions known, IngestionOptions inferred, string? explain)
    {
        Console.WriteLine("Loghub-2k: lines whose extracted message equals the labelled Content");
        Console.WriteLine();
        Console.WriteLine("| Dataset | Half | Known layouts + inference | Inference only |");
        Console.WriteLine("|---|---|---:|---:|");
        var rows = new List<(string Name, bool Tune, double Known, double Inferred)>();
        foreach (var folder in Directory.GetDirectories(dir).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(folder);
            var log = Directory.GetFiles(folder, "*.log").FirstOrDefault();
            var csv = Directory.GetFiles(folder, "*_structured_corrected.csv").FirstOrDefault();
            if (log is null || csv is null)
            {
                continue;
            }

            var table = CsvReader.ReadAll(csv);
            var lineCol = Array.IndexOf(table[0], "LineId");
            var contentCol = Array.IndexOf(table[0], "Content");
            var content = table.Skip(1).Where(r => r.Length == table[0].Length)
                .ToDictionary(r => int.Parse(r[lineCol], CultureInfo.InvariantCulture), r => r[contentCol].Trim());
            var text = File.ReadAllText(log, Encoding.UTF8);
            var tune = TuneSystems.Contains(name, StringComparer.OrdinalIgnoreCase);
            var show = string.Equals(explain, name, StringComparison.OrdinalIgnoreCase);
            var k = Matches(ingestor.Ingest(text, known), content, show ? name + " (known)" : null);
            var inf = Matches(ingestor.Ingest(text, inferred), content, show ? name + " (inference only)" : null);
            rows.Add((name, tune, k, inf));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {(tune ? "tune" : "hold-out")} | {k:P1} | {inf:P1} |"));
        }

        foreach (var (label, tune) in new[] { ("tune half", true), ("hold-out half", false) })
        {
            var half = rows.Where(r => r.Tune == tune).ToList();
            if (half.Count > 0)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| **{label}** | | **{half.Average(r => r.Known):P1}** | **{half.Average(r => r.Inferred):P1}** |"));
            }
        }

        Console.WriteLine();
    }

    private static double Matches(IngestionResult result, Dictionary<int, string> content, string? explain)
    {
        var ok = 0;
        var shown = 0;
        foreach (var r in result.Records)
        {
            if (r.LineStart == r.LineEnd && content.TryGetValue(r.LineStart, out var expected) && string.Equals(expected, r.Message.Trim(), StringComparison.Ordinal))
            {
                ok++;
            }
            else if (explain is not null && shown++ < 10)
            {
                Console.WriteLine($"    {explain} line {r.LineStart}: [{r.Message}] expected [{content.GetValueOrDefault(r.LineStart)}]");
            }
        }

        return content.Count == 0 ? 0 : (double)ok / content.Count;
    }

    private static string Share(int part, int whole) => whole == 0 ? "-" : ((double)part / whole).ToString("P0", CultureInfo.InvariantCulture);

    private static string? FindUp(string relative)
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
