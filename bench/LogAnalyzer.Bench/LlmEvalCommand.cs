using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LogAnalyzer.Core.Analysis;
using LogAnalyzer.Core.Llm;
using LogAnalyzer.Core.Model;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LogAnalyzer.Bench;

/// <summary>
/// <c>llm-eval DIR</c>: runs labelled incident pastes (<c>NAME.log</c> with <c>NAME.label.json</c> beside it, whose
/// <c>causeCategory</c> is the expected category of the top incident) through the LLM provider configured the usual
/// way (<c>Llm__*</c>, <c>HF_TOKEN</c>; the answer cache off), and prints per case and in total: schema-valid answers,
/// repair rounds, evidence validity (accepted items over accepted plus dropped), <c>causeCategory</c> agreement,
/// prompt/completion tokens and latency. The last line is one JSON object. Compare models by running it once per
/// <c>Llm__Model</c>.
/// </summary>
internal static class LlmEvalCommand
{
    private static readonly JsonSerializerOptions LabelOptions = new(JsonSerializerDefaults.Web);

    public static Task<int> RunAsync(string[] args) => RunAsync(args, Console.Out, null);

    /// <param name="args">DIR.</param>
    /// <param name="output">Where the table and the JSON line go.</param>
    /// <param name="settings">Settings over the environment's (tests point the provider at a fake).</param>
    public static async Task<int> RunAsync(string[] args, TextWriter output, IReadOnlyDictionary<string, string?>? settings)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        if (args.Length == 0 || !Directory.Exists(args[0]))
        {
            await Console.Error.WriteLineAsync("usage: llm-eval DIR   (NAME.log with NAME.label.json beside it; the provider from Llm__* / HF_TOKEN)").ConfigureAwait(false);
            return 2;
        }

        var configuration = new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Llm:CacheMinutes"] = "0" })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddLogAnalyzerCore();
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        var llm = provider.GetRequiredService<ILlmInsightService>();
        if (!llm.IsConfigured)
        {
            await Console.Error.WriteLineAsync("No LLM provider is configured: set Llm__ApiKey or HF_TOKEN (and Llm__BaseUrl, Llm__Model).").ConfigureAwait(false);
            return 2;
        }

        var rows = new List<Row>();
        foreach (var log in Directory.GetFiles(args[0], "*.log").Order(StringComparer.Ordinal))
        {
            var labelPath = Path.ChangeExtension(log, ".label.json");
            if (!File.Exists(labelPath))
            {
                continue;
            }

            var label = JsonSerializer.Deserialize<Label>(await File.ReadAllTextAsync(labelPath).ConfigureAwait(false), LabelOptions)
                ?? throw new InvalidDataException(labelPath + ": empty label");
            await using var scope = provider.CreateAsyncScope();
            var analysis = scope.ServiceProvider.GetRequiredService<AnalysisService>();
            var clock = Stopwatch.StartNew();
            var document = await analysis.AnalyzeAsync(
                AnalysisRequest.FromText(await File.ReadAllTextAsync(log).ConfigureAwait(false), useLlm: true, includeRecords: false)).ConfigureAwait(false);
            var row = Score(Path.GetFileNameWithoutExtension(log), label, document, clock.Elapsed);
            rows.Add(row);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{row.Name}: {row.Status}, schema-valid {Mark(row.SchemaValid)}, repairs {row.Repairs}, evidence {row.Accepted}/{row.Accepted + row.Dropped}, category {row.Category} (expected {row.Expected}) {Mark(row.CategoryAgrees)}, tokens {row.PromptTokens}+{row.CompletionTokens}, {row.LatencyMs} ms, {row.Calls} call(s)")).ConfigureAwait(false);
        }

        var total = Summarize(llm.Model ?? "", rows);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"total: {total.Cases} cases, schema-valid {total.SchemaValidRate:P0}, repairs {total.Repairs}, evidence validity {total.EvidenceValidity:P0}, category agreement {total.CategoryAgreement:P0}, tokens {total.PromptTokens}+{total.CompletionTokens}, latency median {total.LatencyMsMedian} ms (total {total.LatencyMsTotal} ms)")).ConfigureAwait(false);
        await output.WriteLineAsync(JsonSerializer.Serialize(total, LabelOptions)).ConfigureAwait(false);
        return rows.Count == 0 ? 1 : 0;
    }

    private static Row Score(string name, Label label, AnalysisDocument document, TimeSpan elapsed)
    {
        var report = document.Llm;
        var llmInsights = document.Insights.Where(i => i.Source == InsightSource.Llm).ToList();
        var category = TopCategory(document);
        var accepted = llmInsights.Count + llmInsights.Sum(i => i.Evidence.Count) + document.Merges.Count(m => m.Source == InsightSource.Llm);
        return new Row(
            name,
            Status: System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(report.Status.ToString()),
            SchemaValid: report.Status is LlmStatus.Succeeded or LlmStatus.Partial or LlmStatus.Cached,
            Repairs: LlmInsightService.WasRepaired(report) ? 1 : 0,
            Accepted: accepted,
            Dropped: report.DroppedItems,
            Category: category is { } c ? JsonNamingPolicy.KebabCaseLower.ConvertName(c.ToString()) : "none",
            Expected: label.CauseCategory,
            CategoryAgrees: category is { } got && string.Equals(JsonNamingPolicy.KebabCaseLower.ConvertName(got.ToString()), label.CauseCategory, StringComparison.Ordinal),
            PromptTokens: report.PromptTokens,
            CompletionTokens: report.CompletionTokens,
            Calls: report.Calls,
            LatencyMs: report.DurationMs > 0 ? report.DurationMs : (long)elapsed.TotalMilliseconds);
    }

    /// <summary>The LLM's category for the top incident (its own re-categorisation, else its insight on the root group), or for the top group.</summary>
    private static CauseCategory? TopCategory(AnalysisDocument document)
    {
        if (document.Incidents.Count > 0 && document.Incidents[0] is { } top)
        {
            return top.Source == InsightSource.Llm
                ? top.CauseCategory
                : document.Insights.FirstOrDefault(i => i.Source == InsightSource.Llm && i.GroupId == top.RootGroupId)?.CauseCategory;
        }

        var first = document.Groups.OrderByDescending(g => g.Severity).ThenByDescending(g => g.Count).FirstOrDefault();
        return first is null ? null : document.Insights.FirstOrDefault(i => i.Source == InsightSource.Llm && i.GroupId == first.Id)?.CauseCategory;
    }

    private static Total Summarize(string model, List<Row> rows)
    {
        var latencies = rows.Select(r => r.LatencyMs).Order().ToList();
        var accepted = rows.Sum(r => r.Accepted);
        var dropped = rows.Sum(r => r.Dropped);
        return new Total(
            Command: "llm-eval",
            Model: model,
            Cases: rows.Count,
            SchemaValidRate: Rate(rows.Count(r => r.SchemaValid), rows.Count),
            Repairs: rows.Sum(r => r.Repairs),
            EvidenceValidity: Rate(accepted, accepted + dropped),
            CategoryAgreement: Rate(rows.Count(r => r.CategoryAgrees), rows.Count),
            PromptTokens: rows.Sum(r => r.PromptTokens),
            CompletionTokens: rows.Sum(r => r.CompletionTokens),
            Calls: rows.Sum(r => r.Calls),
            LatencyMsMedian: latencies.Count == 0 ? 0 : latencies[latencies.Count / 2],
            LatencyMsTotal: latencies.Sum());
    }

    private static double Rate(int part, int whole) => whole == 0 ? 0 : Math.Round(part / (double)whole, 4);

    private static string Mark(bool ok) => ok ? "yes" : "no";

    private sealed record Label(string CauseCategory);

    private sealed record Row(
        string Name, string Status, bool SchemaValid, int Repairs, int Accepted, int Dropped, string Category, string Expected,
        bool CategoryAgrees, int PromptTokens, int CompletionTokens, int Calls, long LatencyMs);

    internal sealed record Total(
        string Command, string Model, int Cases, double SchemaValidRate, int Repairs, double EvidenceValidity, double CategoryAgreement,
        int PromptTokens, int CompletionTokens, int Calls, long LatencyMsMedian, long LatencyMsTotal);
}
