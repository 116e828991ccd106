using LogAnalyzer.Core.Analysis;
using LogAnalyzer.Core.Model;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LogAnalyzer.Tests.Support;

/// <summary>Runs the whole pipeline (ingestion → patterns → groups → rules, LLM off) as the API does, and checks its accounting.</summary>
internal static class PipelineRunner
{
    private static readonly Lazy<ServiceProvider> Provider = new(() => new ServiceCollection()
        .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
        .AddLogging()
        .AddLogAnalyzerCore()
        .BuildServiceProvider());

    public static string Fixture(params string[] parts) =>
        File.ReadAllText(Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]));

    public static AnalysisDocument Analyze(string text) => AnalyzeAsync(AnalysisRequest.FromText(text)).GetAwaiter().GetResult();

    public static async Task<AnalysisDocument> AnalyzeAsync(AnalysisRequest request)
    {
        await using var scope = Provider.Value.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AnalysisService>().AnalyzeAsync(request, CancellationToken.None);
    }

    /// <summary>
    /// Every input line is in exactly one record (records ordered, contiguous, covering 1..TotalLines); every record has
    /// one existing pattern and the pattern counts add up to the records; every group's count is the number of records
    /// that carry its id, and its pattern ids exist.
    /// </summary>
    public static void AssertAccounting(AnalysisDocument document)
    {
        var records = document.Records ?? throw new InvalidOperationException("the document has no records");
        var expectedLine = 1;
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            Assert.Equal(i, record.Index);
            Assert.Equal(expectedLine, record.LineStart);
            Assert.True(record.LineEnd >= record.LineStart, $"record {i} ends before it starts");
            expectedLine = record.LineEnd + 1;
        }

        Assert.Equal(document.Summary.TotalLines, expectedLine - 1);
        Assert.Equal(records.Count, document.Summary.TotalRecords);

        var patternIds = document.Patterns.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(document.Patterns.Count, patternIds.Count);
        Assert.All(records, r => Assert.Contains(r.PatternId ?? "(none)", patternIds));
        Assert.Equal(records.Count, document.Patterns.Sum(p => p.Count));
        var recordsPerPattern = records.GroupBy(r => r.PatternId!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        Assert.All(document.Patterns, p => Assert.Equal(recordsPerPattern[p.Id], p.Count));

        var groupIds = document.Groups.Select(g => g.Id).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(document.Groups.Count, groupIds.Count);
        var recordsPerGroup = records.Where(r => r.GroupId is not null)
            .GroupBy(r => r.GroupId!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        Assert.All(recordsPerGroup.Keys, id => Assert.Contains(id, groupIds));
        foreach (var group in document.Groups)
        {
            Assert.Equal(recordsPerGroup.GetValueOrDefault(group.Id), group.Count);
            Assert.All(group.PatternIds, id => Assert.Contains(id, patternIds));
        }
    }
}
