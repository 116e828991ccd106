using LogAnalyzer.Core.Model;
using LogAnalyzer.Core.Patterns;

namespace LogAnalyzer.Tests.Patterns;

public sealed class PatternClustererTests
{
    private static List<LogRecord> Records(params string[] messages) =>
        [.. messages.Select((m, i) => new LogRecord
        {
            Index = i, LineStart = i + 1, LineEnd = i + 1, Format = LogFormat.Text, Message = m, Text = m,
            Level = m.Contains("failed", StringComparison.OrdinalIgnoreCase) ? Severity.Error : Severity.Info,
            Timestamp = new DateTimeOffset(2026, 3, 2, 10, 0, i, TimeSpan.Zero),
        })];

    [Fact]
    public void Cluster_SameTemplateDifferentValues_OnePattern()
    {
        var records = Records(
            "Accepted connection from 10.0.0.1:5000 in 12ms",
            "Accepted connection from 10.0.0.2:5001 in 7ms",
            "Accepted connection from 172.16.4.9:61000 in 1.5s");

        var patterns = new PatternClusterer().Cluster(records);

        var pattern = Assert.Single(patterns);
        Assert.Equal("P1", pattern.Id);
        Assert.Equal("Accepted connection from <ip> in <duration>", pattern.Template);
        Assert.Equal(3, pattern.Count);
        Assert.Equal(1, pattern.FirstLine);
        Assert.Equal(3, pattern.LastLine);
        Assert.Equal(records[0].Timestamp, pattern.FirstTimestamp);
        Assert.Equal(records[2].Timestamp, pattern.LastTimestamp);
    }

    [Fact]
    public void Cluster_DifferentConstantWords_DifferentPatterns()
    {
        var records = Records(
            "Accepted password for alice from 10.0.0.1 port 5000 ssh2",
            "Failed password for root from 10.0.0.9 port 5100 ssh2",
            "Failed password for root from 10.0.0.8 port 5200 ssh2",
            "Job 1 transitioned from NEW to RUNNING",
            "Job 2 transitioned from RUNNING to SUCCEEDED",
            "Job 3 transitioned from NEW to RUNNING");

        var patterns = new PatternClusterer().Cluster(records);

        Assert.NotEqual(records[0].PatternId, records[1].PatternId);
        Assert.Equal(records[1].PatternId, records[2].PatternId);
        Assert.Equal(records[3].PatternId, records[5].PatternId);
        Assert.NotEqual(records[3].PatternId, records[4].PatternId);
        Assert.Equal(4, patterns.Count);
    }

    [Fact]
    public void Cluster_VariableWordWithManyValues_MergedIntoOnePattern()
    {
        var users = new[] { "root", "admin", "oracle", "git", "ftp", "test", "guest", "mysql" };
        var records = Records([.. users.Select((u, i) => $"Invalid user {u} from 10.1.1.{i} port {4000 + i}")]);

        var patterns = new PatternClusterer().Cluster(records);

        var pattern = Assert.Single(patterns);
        Assert.Equal("Invalid user <*> from <ip> port <num>", pattern.Template);
    }

    [Fact]
    public void Cluster_AnyInput_CountsAddUpAndEveryRecordHasAPattern()
    {
        var records = Records(
            "Starting service api v1.4.2",
            "GET /api/items/42 returned 200 in 12ms",
            "GET /api/items/43 returned 200 in 9ms",
            "",
            "   ",
            "Payment failed for order 9912: card declined",
            "Payment failed for order 9913: card declined",
            "Disk /dev/sda1 at 91% capacity",
            "unexpected: {\"a\":1,\"b\":[1,2,3]}");

        var patterns = new PatternClusterer().Cluster(records);

        Assert.All(records, r => Assert.NotNull(r.PatternId));
        Assert.Equal(records.Count, patterns.Sum(p => p.Count));
        foreach (var p in patterns)
        {
            Assert.Equal(p.Count, records.Count(r => r.PatternId == p.Id));
            Assert.Equal(p.FirstLine, records.First(r => r.PatternId == p.Id).LineStart);
            Assert.Equal(p.LastLine, records.Last(r => r.PatternId == p.Id).LineStart);
        }

        Assert.Equal(patterns.Select((_, i) => "P" + (i + 1)), patterns.Select(p => p.Id));
    }

    [Fact]
    public void Cluster_SameInputTwice_SameResult()
    {
        string[] messages =
        [
            "worker 3 started", "worker 4 started", "cache miss for key user:42", "cache miss for key user:43",
            "worker 3 stopped", "Accepted token", "Rejected token", "cache hit for key user:42",
        ];
        var first = Records(messages);
        var second = Records(messages);

        var a = new PatternClusterer().Cluster(first);
        var b = new PatternClusterer().Cluster(second);

        Assert.Equal(a, b);
        Assert.Equal(first.Select(r => r.PatternId), second.Select(r => r.PatternId));
    }

    [Fact]
    public void Cluster_Levels_DominantLevelPerPattern()
    {
        var records = Records("Upload failed for file 1", "Upload failed for file 2", "Upload done for file 3");
        records[1] = records[1] with { Level = Severity.Warning };

        var patterns = new PatternClusterer().Cluster(records);

        var failed = patterns.Single(p => p.Template.Contains("failed", StringComparison.Ordinal));
        Assert.Equal(Severity.Error, failed.Level);
    }

    [Fact]
    public void Cluster_NoRecords_NoPatterns() =>
        Assert.Empty(new PatternClusterer().Cluster([]));
}
