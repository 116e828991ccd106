using LogAnalyzer.Core.Patterns;
using LogAnalyzer.Tests.Support;

namespace LogAnalyzer.Tests.Patterns;

/// <summary>An access log is a server's log: the HTTP status is part of the event, per-request values are not.</summary>
public sealed class AccessLogPatternTests
{
    private static readonly string Log = PipelineRunner.Fixture("access", "nginx-combined.log");

    [Fact]
    public void Cluster_AccessLog_StatusIsPartOfTheEvent()
    {
        var records = IngestionRunner.Text(Log).Records;

        var patterns = new PatternClusterer().Cluster(records);

        var healthz = records[0].PatternId;
        var badGateway = records[2].PatternId;
        Assert.NotEqual(healthz, badGateway);
        Assert.Equal(healthz, records[1].PatternId);

        // Same method and status, different path, client, user and user agent: one event.
        Assert.Equal(badGateway, records[3].PatternId);
        Assert.Equal(healthz, records[6].PatternId);

        // No pattern mixes a 2xx request with an error status.
        foreach (var pattern in patterns)
        {
            var statuses = records.Where(r => r.PatternId == pattern.Id).Select(r => r.Fields!["status"][0]).Distinct().ToList();
            Assert.Single(statuses);
        }

        Assert.EndsWith(" 502", patterns.Single(p => p.Id == badGateway).Template, StringComparison.Ordinal);
        Assert.DoesNotContain("Mozilla", string.Join('\n', patterns.Select(p => p.Template)), StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_AccessLog_ErrorGroupsHoldNoSuccessfulRequest()
    {
        var document = PipelineRunner.Analyze(Log);

        PipelineRunner.AssertAccounting(document);
        var records = document.Records!;
        foreach (var group in document.Groups)
        {
            Assert.DoesNotContain(records.Where(r => r.GroupId == group.Id), r => r.Fields!["status"][0] is '2' or '3');
        }
    }
}
