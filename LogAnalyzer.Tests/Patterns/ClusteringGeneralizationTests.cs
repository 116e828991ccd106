using LogAnalyzer.Core.Model;
using LogAnalyzer.Core.Patterns;

namespace LogAnalyzer.Tests.Patterns;

/// <summary>Variation that must not split one event, and differences that must still tell events apart.</summary>
public sealed class ClusteringGeneralizationTests
{
    private static List<LogRecord> Cluster(params string[] messages)
    {
        var records = messages.Select((m, i) => new LogRecord { Index = i, LineStart = i + 1, LineEnd = i + 1, Format = LogFormat.Text, Message = m, Text = m }).ToList();
        new PatternClusterer().Cluster(records);
        return records;
    }

    [Fact]
    public void Cluster_OneVariableMaskedAsDifferentTypes_OnePattern()
    {
        var records = Cluster(
            "request_id=123456 lease 881393 expired",
            "request_id=7a339af3 lease 5521 expired",
            "request_id=7a6224594374e2c0633fc7f15eba68e9 lease 12 expired");

        Assert.Single(records.Select(r => r.PatternId).Distinct());
    }

    [Fact]
    public void Cluster_ValueRenderingsWithDifferentTokenCounts_OnePattern()
    {
        var records = Cluster(
            "app - upload.example.com:443 close, 403 bytes sent, 1.2 MB (1,234 KB) received",
            "app - upload.example.com:443 close, 2.5 GB sent, 10 bytes received",
            "app - upload.example.com:443 close, 17 B sent, 3.1 KB received",
            "slow fdatasync took=303 ms expected-duration=1s",
            "slow fdatasync took=1.5s expected-duration=1s");

        Assert.Equal(records[0].PatternId, records[1].PatternId);
        Assert.Equal(records[0].PatternId, records[2].PatternId);
        Assert.Equal(records[3].PatternId, records[4].PatternId);
        Assert.NotEqual(records[0].PatternId, records[3].PatternId);
    }

    [Fact]
    public void Cluster_LeadingNamesWithManyValues_OnePattern()
    {
        var units = new[] { "nginx.service", "docker.service", "sshd.service", "cron.service", "kubelet.service" };
        var records = Cluster([.. units.Select(u => $"{u}: Failed with result 'exit-code'."), .. units.Select(u => $"{u}: Deactivated successfully.")]);

        Assert.Single(records.Take(units.Length).Select(r => r.PatternId).Distinct());
        Assert.Single(records.Skip(units.Length).Select(r => r.PatternId).Distinct());
        Assert.NotEqual(records[0].PatternId, records[^1].PatternId);
    }

    [Fact]
    public void Cluster_SnakeCaseNamesInOneSlot_OnePattern()
    {
        var records = Cluster("backend web_back has no server available!", "backend api_back has no server available!", "backend static_back has no server available!");

        Assert.Single(records.Select(r => r.PatternId).Distinct());
    }

    [Fact]
    public void Cluster_OptionalKeyedField_StaysAnotherEvent()
    {
        var records = Cluster(
            "authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=10.0.0.1",
            "authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=10.0.0.2",
            "authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=10.0.0.3 user=root",
            "authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=host.example.net user=admin");

        Assert.Equal(records[0].PatternId, records[1].PatternId);
        Assert.Equal(records[2].PatternId, records[3].PatternId);
        Assert.NotEqual(records[0].PatternId, records[2].PatternId);
    }

    /// <summary>More than three different words in the slot make it a variable; three or fewer would be constants that split.</summary>
    [Fact]
    public void Cluster_LoneWordWhereOthersHaveAVariable_JoinsAcrossTokenCounts()
    {
        var records = Cluster(
            "Cache products evicted 4251 entries (799 B)",
            "Cache sessions evicted 12 entries (3.5 KB)",
            "Cache rates evicted 7 entries (1 B)",
            "Cache carts evicted 70 entries (12 B)",
            "Cache orders evicted 9 entries (4.5 KB)",
            "Cache users evicted 164 entries (956.8 MB (979,713 KB))");

        Assert.Single(records.Select(r => r.PatternId).Distinct());
    }

    [Theory]
    [InlineData("user=root", "user=admin", "user=<*>")]
    [InlineData("(<*>)", "(x)", "(<*>)")]
    [InlineData("alpha", "beta", "<*>")]
    [InlineData("name=a,", "name=b,", "name=<*>,")]
    public void Combine_KeepsTheSharedKey(string a, string b, string expected) =>
        Assert.Equal(expected, TemplateClustering.Combine(a, b));
}
