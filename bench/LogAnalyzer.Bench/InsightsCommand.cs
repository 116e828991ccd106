using System.Globalization;
using System.Text.Json;
using LogAnalyzer.Core.Analysis;
using LogAnalyzer.Core.Model;
using Microsoft.Extensions.DependencyInjection;

namespace LogAnalyzer.Bench;

/// <summary>
/// <c>insights [DIR] [--split tune|holdout] [--explain]</c>: scores the rules on labelled incident pastes. Each <c>NAME.log</c> has a
/// <c>NAME.label.json</c>: <c>split</c> ("tune" or "holdout"), the expected <c>causeCategory</c> of the top incident,
/// <c>rootLine</c> (text of the root-cause line), the <c>groups</c> range [min, max] of error groups, and <c>present</c>:
/// the missing-context kinds the paste does carry (a claim of one of them is a contradiction).
/// </summary>
internal static class InsightsCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var explain = args.Contains("--explain", StringComparer.Ordinal);
        var at = Array.IndexOf(args, "--split");
        var only = at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
        var dir = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (at < 0 || i != at + 1)).FirstOrDefault() ?? FindDefault();
        if (dir is null || !Directory.Exists(dir))
        {
            await Console.Error.WriteLineAsync("No pastes: pass DIR (NAME.log with NAME.label.json beside it).").ConfigureAwait(false);
            return 2;
        }

        using var provider = BenchHost.Build();
        var rows = new List<Row>();
        foreach (var log in Directory.GetFiles(dir, "*.log").Order(StringComparer.Ordinal))
        {
            var labelPath = Path.ChangeExtension(log, ".label.json");
            if (!File.Exists(labelPath))
            {
                continue;
            }

            var label = JsonSerializer.Deserialize<Label>(await File.ReadAllTextAsync(labelPath).ConfigureAwait(false), LabelOptions)
                ?? throw new InvalidDataException(labelPath + ": empty label");
            if (only is not null && !string.Equals(label.Split, only, StringComparison.Ordinal))
            {
                continue;
            }

            using var scope = provider.CreateScope();
            var service = scope.ServiceProvider.GetRequiredService<AnalysisService>();
            var document = await service.AnalyzeAsync(AnalysisRequest.FromText(await File.ReadAllTextAsync(log).ConfigureAwait(false))).ConfigureAwait(false);
            var row = Score(Path.GetFileNameWithoutExtension(log), label, document);
            rows.Add(row);
            if (explain)
            {
                Explain(document, row);
            }
        }

        Console.WriteLine("| paste | split | expected | top incident | category | root line | groups (range) | contradicted claims |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var r in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Name} | {r.Split} | {r.Expected} | {r.Got} | {Mark(r.CategoryOk)} | {Mark(r.RootOk)} | {r.Groups} ({r.Min}–{r.Max}) {Mark(r.GroupsOk)} | {r.Contradictions} |"));
        }

        Console.WriteLine();
        foreach (var split in rows.Select(r => r.Split).Distinct(StringComparer.Ordinal))
        {
            var part = rows.Where(r => r.Split == split).ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{split}: {part.Count} pastes, category {part.Count(r => r.CategoryOk)}/{part.Count}, root line {part.Count(r => r.RootOk)}/{part.Count}, groups in range {part.Count(r => r.GroupsOk)}/{part.Count}, contradicted claims {part.Sum(r => r.Contradictions)}"));
        }

        return 0;
    }

    private static readonly JsonSerializerOptions LabelOptions = new(JsonSerializerDefaults.Web);

    private static Row Score(string name, Label label, AnalysisDocument document)
    {
        var top = document.Incidents.Count > 0 ? document.Incidents[0] : null;
        var got = top is null ? "none" : JsonSerializer.Serialize(top.CauseCategory, AnalysisJson.Options).Trim('"');
        var rootOk = top is not null && (document.Records ?? []).Any(r =>
            string.Equals(r.GroupId, top.RootGroupId, StringComparison.Ordinal) && r.Text.Contains(label.RootLine, StringComparison.Ordinal));
        var present = label.Present.ToHashSet(StringComparer.Ordinal);
        var contradictions = document.Insights.SelectMany(i => i.MissingContext)
            .Count(m => present.Contains(JsonSerializer.Serialize(m.Kind, AnalysisJson.Options).Trim('"')));
        var groups = document.Groups.Count;
        return new Row(name, label.Split, label.CauseCategory, got, string.Equals(got, label.CauseCategory, StringComparison.Ordinal), rootOk,
            groups, label.Groups[0], label.Groups[1], groups >= label.Groups[0] && groups <= label.Groups[1], contradictions);
    }

    private static void Explain(AnalysisDocument document, Row row)
    {
        Console.WriteLine("## " + row.Name);
        foreach (var incident in document.Incidents)
        {
            Console.WriteLine($"  {incident.Id} [{JsonSerializer.Serialize(incident.CauseCategory, AnalysisJson.Options)}] root {incident.RootGroupId} groups {string.Join(",", incident.GroupIds)}: {incident.Title}");
        }

        foreach (var group in document.Groups)
        {
            var insight = document.Insights.FirstOrDefault(i => i.GroupId == group.Id);
            Console.WriteLine($"  {group.Id} x{group.Count} line {group.FirstLine} rule={insight?.Rule} cat={insight?.CauseCategory}: {Clip(group.Template)}");
            foreach (var m in insight?.MissingContext ?? [])
            {
                Console.WriteLine($"      missing {m.Kind}: {Clip(m.Detail)}");
            }
        }
    }

    private static string Clip(string text) => text.Length <= 110 ? text.ReplaceLineEndings(" ") : text[..110].ReplaceLineEndings(" ") + "…";

    private static string Mark(bool ok) => ok ? "yes" : "**no**";

    private static string? FindDefault()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "bench", "incidents");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private sealed record Label(string Split, string CauseCategory, string RootLine, int[] Groups, string[] Present);

    private sealed record Row(string Name, string Split, string Expected, string Got, bool CategoryOk, bool RootOk, int Groups, int Min, int Max, bool GroupsOk, int Contradictions);
}
