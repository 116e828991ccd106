using LogAnalyzer.Core.Model;
using LogAnalyzer.Core.Patterns;
using LogAnalyzer.Tests.Support;

namespace LogAnalyzer.Tests.Patterns;

/// <summary>Inputs that once broke the pattern stage.</summary>
public sealed class ClusteringRegressionTests
{
    private static List<LogRecord> Records(params string[] messages) =>
        [.. messages.Select((m, i) => new LogRecord { Index = i, LineStart = i + 1, LineEnd = i + 1, Format = LogFormat.Text, Message = m, Text = m })];

    [Theory]
    [InlineData(".blade.php) after 3 retries", ".blade.php) before 3 retries")]
    [InlineData(".x", ".y")]
    [InlineData(". a", ". b")]
    [InlineData(".env missing", ".env present")]
    public void Cluster_TokenStartingWithOneDot_DoesNotThrow(string first, string second)
    {
        var records = Records(first, second);

        var patterns = new PatternClusterer().Cluster(records);

        Assert.Equal(2, patterns.Sum(p => p.Count));
        Assert.All(records, r => Assert.NotNull(r.PatternId));
    }

    [Fact]
    public void Analyze_HardWrappedLaravelLog_AccountsForEveryLine()
    {
        var document = PipelineRunner.Analyze(PipelineRunner.Fixture("regressions", "laravel-hard-wrapped.log"));

        PipelineRunner.AssertAccounting(document);
        Assert.Equal(21, document.Summary.TotalLines);
    }
}
