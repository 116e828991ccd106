using System.Globalization;
using System.Text;
using LogAnalyzer.Core.Analysis;
using LogAnalyzer.Core.Model;
using LogAnalyzer.Core.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace LogAnalyzer.Bench;

/// <summary>
/// <c>accuracy [DIR] [--content] [--original] [--explain NAME] [--corpus DIR]</c>: grouping accuracy per labelled dataset folder,
/// then the same on the project's own labelled corpus (<see cref="GroupingCorpusFile"/>).
/// By default every folder's raw <c>*.log</c> goes through <see cref="AnalysisService"/> exactly as the API runs it,
/// and record i's pattern is mapped to lines LineStart..LineEnd. <c>--content</c> clusters the CSV's Content column
/// instead (isolates the clusterer from header parsing).
/// </summary>
internal static class AccuracyCommand
{
    /// <summary>Drain with its per-dataset settings on this machine (issue 3), against the corrected labels.</summary>
    private static readonly Dictionary<string, double> DrainGa = new(StringComparer.OrdinalIgnoreCase)
    {
        ["HDFS"] = 0.9975, ["Hadoop"] = 0.9475, ["Spark"] = 0.920, ["Zookeeper"] = 0.9665,
        ["BGL"] = 0.9625, ["Android"] = 0.8305, ["Apache"] = 1.000, ["OpenSSH"] = 0.789,
    };

    public static async Task<int> RunAsync(string[] args)
    {
        string? dir = null;
        var content = false;
        var original = false;
        string? explain = null;
        string? corpus = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--content": content = true; break;
                case "--original": original = true; break;
                case "--explain" when i + 1 < args.Length: explain = args[++i]; break;
                case "--corpus" when i + 1 < args.Length: corpus = args[++i]; break;
                default: dir = args[i]; break;
            }
        }

        dir ??= BenchHost.FindLoghubDirectory();
        if (dir is null || !Directory.Exists(dir))
        {
            await Console.Error.WriteLineAsync("No labelled data: pass DIR (folders holding <Name>_2k.log and its _structured_corrected.csv).").ConfigureAwait(false);
            return 2;
        }

        using var provider = BenchHost.Build();
        var rows = new List<(string Name, GroupingMetrics Metrics, double Seconds)>();
        var headerMisses = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var folder in Directory.GetDirectories(dir).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(folder);
            var log = Directory.GetFiles(folder, "*.log").FirstOrDefault();
            var csv = Directory.GetFiles(folder, original ? "*_structured.csv" : "*_structured_corrected.csv").FirstOrDefault();
            if (log is null || csv is null)
            {
                continue;
            }

            var table = CsvReader.ReadAll(csv);
            var header = table[0];
            int Col(string c) => Array.IndexOf(header, c);
            var lineCol = Col("LineId");
            var contentCol = Col("Content");
            var eventCol = Col("EventId");
            var templateCol = Col("EventTemplate");
            var labelled = table.Skip(1).Where(r => r.Length == header.Length).ToList();
            var truth = labelled.Select(r => r[eventCol]).ToList();
            var lineIds = labelled.Select(r => int.Parse(r[lineCol], CultureInfo.InvariantCulture)).ToList();

            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            Dictionary<int, LogPattern> patternOfLine;
            if (content)
            {
                var records = labelled.Select((r, i) => new LogRecord
                {
                    Index = i, LineStart = lineIds[i], LineEnd = lineIds[i], Format = LogFormat.Text,
                    Message = r[contentCol], Text = r[contentCol],
                }).ToList();
                var patterns = provider.GetRequiredService<PatternClusterer>().Cluster(records);
                patternOfLine = MapLines(records, patterns);
            }
            else
            {
                using var scope = provider.CreateScope();
                var service = scope.ServiceProvider.GetRequiredService<AnalysisService>();
                var text = await File.ReadAllTextAsync(log, Encoding.UTF8).ConfigureAwait(false);
                var document = await service.AnalyzeAsync(AnalysisRequest.FromText(text)).ConfigureAwait(false);
                patternOfLine = MapLines(document.Records ?? [], document.Patterns);
                var contentOfLine = new Dictionary<int, string>();
                for (var i = 0; i < labelled.Count; i++)
                {
                    contentOfLine[lineIds[i]] = labelled[i][contentCol].Trim();
                }

                // How well the ingestion's header parsing recovers the labelled Content (multi-line records count as misses).
                var messageMismatches = new List<string>();
                foreach (var r in document.Records ?? [])
                {
                    if (r.LineStart != r.LineEnd || !contentOfLine.TryGetValue(r.LineStart, out var expected) || !string.Equals(expected, r.Message.Trim(), StringComparison.Ordinal))
                    {
                        messageMismatches.Add($"line {r.LineStart}-{r.LineEnd}: message [{r.Message}] expected [{contentOfLine.GetValueOrDefault(r.LineStart)}]");
                    }
                }

                headerMisses[name] = messageMismatches.Count;
                if (string.Equals(explain, name, StringComparison.OrdinalIgnoreCase))
                {
                    foreach (var m in messageMismatches.Take(15))
                    {
                        Console.WriteLine("HEADER " + m);
                    }
                }
            }

            var seconds = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
            var predicted = lineIds.Select(l => patternOfLine.TryGetValue(l, out var p) ? p.Id : null).ToList();
            var metrics = GroupingMetrics.Compute(predicted, truth);
            rows.Add((name, metrics, seconds));

            if (string.Equals(explain, name, StringComparison.OrdinalIgnoreCase))
            {
                Explain(labelled, truth, predicted, templateCol, contentCol, patternOfLine, lineIds);
            }
        }

        Console.WriteLine(content ? "Input: CSV Content column (clusterer only)" : "Input: raw .log text through AnalysisService (API path)");
        Console.WriteLine($"Labels: {(original ? "original" : "corrected")} EventId");
        Console.WriteLine();
        Console.WriteLine("| Dataset | GA | Drain GA | FGA | Pairwise F1 | Groups (pred/true) | Message != Content | ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, m, s) in rows)
        {
            var drain = DrainGa.TryGetValue(name, out var d) ? d.ToString("0.0000", CultureInfo.InvariantCulture) : "-";
            var flag = DrainGa.TryGetValue(name, out d) && m.Ga + 1e-9 < d ? " (below Drain)" : string.Empty;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {m.Ga:0.0000}{flag} | {drain} | {m.Fga:0.0000} | {m.PairwiseF1:0.0000} | {m.PredictedGroups}/{m.TrueGroups} | {(headerMisses.TryGetValue(name, out var miss) ? miss.ToString(CultureInfo.InvariantCulture) : "-")} | {s * 1000:0} |"));
        }

        if (rows.Count > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| **Average** | **{rows.Average(r => r.Metrics.Ga):0.0000}** | {rows.Where(r => DrainGa.ContainsKey(r.Name)).Select(r => DrainGa[r.Name]).DefaultIfEmpty().Average():0.0000} | {rows.Average(r => r.Metrics.Fga):0.0000} | {rows.Average(r => r.Metrics.PairwiseF1):0.0000} | | | |"));
        }

        await PrintCorpusAsync(provider, corpus ?? GroupingCorpusFile.FindDirectory(), explain).ConfigureAwait(false);
        return 0;
    }

    /// <summary>The own corpus: the clusterer on the messages, and the whole pipeline on the messages pasted as text.</summary>
    private static async Task PrintCorpusAsync(ServiceProvider provider, string? directory, string? explain)
    {
        if (directory is null || !Directory.Exists(directory))
        {
            Console.WriteLine();
            Console.WriteLine("Own corpus: not found (pass --corpus DIR).");
            return;
        }

        Console.WriteLine();
        Console.WriteLine($"Own development corpus ({GroupingCorpusFile.RelativeDirectory}): messages only, clusterer alone and through AnalysisService");
        Console.WriteLine();
        Console.WriteLine("| File | Lines | GA (clusterer) | GA (pipeline) | FGA (clusterer) | Groups (pred/true) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        var clusterer = provider.GetRequiredService<PatternClusterer>();
        var rows = new List<(double Ga, double Pipeline, double Fga)>();
        foreach (var file in GroupingCorpusFile.Load(directory))
        {
            var m = file.ScoreMessages(clusterer);
            if (string.Equals(explain, file.Name, StringComparison.OrdinalIgnoreCase))
            {
                ExplainCorpus(file, clusterer);
            }

            using var scope = provider.CreateScope();
            var document = await scope.ServiceProvider.GetRequiredService<AnalysisService>().AnalyzeAsync(AnalysisRequest.FromText(file.Text())).ConfigureAwait(false);
            var patternOfLine = MapLines(document.Records ?? [], document.Patterns);
            var predicted = Enumerable.Range(1, file.Labels.Count).Select(l => patternOfLine.TryGetValue(l, out var p) ? p.Id : null).ToList();
            var pipeline = GroupingMetrics.Compute(predicted, file.Labels);
            rows.Add((m.Ga, pipeline.Ga, m.Fga));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {file.Name} | {file.Labels.Count} | {m.Ga:0.0000} | {pipeline.Ga:0.0000} | {m.Fga:0.0000} | {m.PredictedGroups}/{m.TrueGroups} |"));
        }

        if (rows.Count > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| **Average** | | **{rows.Average(r => r.Ga):0.0000}** | **{rows.Average(r => r.Pipeline):0.0000}** | {rows.Average(r => r.Fga):0.0000} | |"));
        }
    }

    /// <summary>Prints every true event of <paramref name="file"/> that is not exactly one pattern, with the patterns it touches.</summary>
    private static void ExplainCorpus(GroupingCorpusFile file, PatternClusterer clusterer)
    {
        var records = file.Messages.Select((m, i) => new LogRecord { Index = i, LineStart = i + 1, LineEnd = i + 1, Format = LogFormat.Text, Message = m, Text = m }).ToList();
        var templates = clusterer.Cluster(records).ToDictionary(p => p.Id, p => p.Template, StringComparer.Ordinal);
        foreach (var g in Enumerable.Range(0, records.Count).GroupBy(i => file.Labels[i], StringComparer.Ordinal))
        {
            var preds = g.GroupBy(i => records[i].PatternId!, StringComparer.Ordinal).ToList();
            var size = records.Count(r => r.PatternId == preds[0].Key);
            if (preds.Count == 1 && size == g.Count())
            {
                continue;
            }

            Console.WriteLine($"TRUE {g.Key} x{g.Count()}");
            foreach (var p in preds.OrderByDescending(p => p.Count()).Take(8))
            {
                Console.WriteLine($"   -> {p.Key} {p.Count()}/{records.Count(r => r.PatternId == p.Key)}: {templates[p.Key]}");
                Console.WriteLine($"        e.g. {file.Messages[p.First()]}");
            }
        }
    }

    private static Dictionary<int, LogPattern> MapLines(IReadOnlyList<LogRecord> records, IReadOnlyList<LogPattern> patterns)
    {
        var byId = patterns.ToDictionary(p => p.Id, StringComparer.Ordinal);
        var map = new Dictionary<int, LogPattern>();
        foreach (var r in records)
        {
            if (r.PatternId is not null && byId.TryGetValue(r.PatternId, out var p))
            {
                for (var line = r.LineStart; line <= r.LineEnd; line++)
                {
                    map[line] = p;
                }
            }
        }

        return map;
    }

    /// <summary>Prints every true group that is not exactly one predicted group, with the predicted groups it touches.</summary>
    private static void Explain(
        List<string[]> labelled, List<string> truth, List<string?> predicted, int templateCol, int contentCol,
        Dictionary<int, LogPattern> patternOfLine, List<int> lineIds)
    {
        var byTruth = Enumerable.Range(0, truth.Count).GroupBy(i => truth[i], StringComparer.Ordinal);
        var predSize = predicted.Where(p => p is not null).GroupBy(p => p!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        foreach (var g in byTruth.OrderByDescending(g => g.Count()))
        {
            var preds = g.GroupBy(i => predicted[i] ?? "(none)", StringComparer.Ordinal).ToList();
            var ok = preds.Count == 1 && preds[0].Key != "(none)" && predSize[preds[0].Key] == g.Count();
            if (ok)
            {
                continue;
            }

            Console.WriteLine($"TRUE {g.Key} x{g.Count()}: {labelled[g.First()][templateCol]}");
            foreach (var p in preds.OrderByDescending(p => p.Count()).Take(6))
            {
                var line = lineIds[p.First()];
                var template = patternOfLine.TryGetValue(line, out var pat) ? pat.Template : "(no pattern)";
                var size = predSize.GetValueOrDefault(p.Key);
                Console.WriteLine($"   -> {p.Key} {p.Count()}/{size}: {template}");
                Console.WriteLine($"        e.g. line {line}: {labelled[p.First()][contentCol]}");
            }
        }
    }
}
