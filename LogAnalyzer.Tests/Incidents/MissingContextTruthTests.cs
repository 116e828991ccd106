using LogAnalyzer.Core.Incidents;
using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Tests.Incidents;

/// <summary>A kind of context the records carry is never claimed missing, for every kind.</summary>
public sealed class MissingContextTruthTests
{
    private const string Plain = "operation failed";

    public static TheoryData<MissingContextKind, string> Carriers => new()
    {
        { MissingContextKind.TraceId, "operation failed trace_id=4bf92f3577b34da6" },
        { MissingContextKind.RequestContext, "operation failed for GET /api/orders/981" },
        { MissingContextKind.Host, "operation failed on orders-db.internal" },
        { MissingContextKind.Port, "operation failed, port 5432" },
        { MissingContextKind.Version, "operation failed in v2.14.1" },
        { MissingContextKind.Deployment, "operation failed after rollout of revision 41" },
        { MissingContextKind.Configuration, "operation failed, maxPoolSize=10" },
        { MissingContextKind.UpstreamResponse, "operation failed: returned status 503" },
        { MissingContextKind.ResourceMetrics, "operation failed, memory 1.9Gi of 2Gi" },
        { MissingContextKind.StackTrace, "operation failed\n\tat com.acme.Orders.place(Orders.java:42)" },
        { MissingContextKind.Timeline, "operation failed at 10:15:31" },
    };

    [Theory]
    [MemberData(nameof(Carriers))]
    public void Claim_OfAKindTheIncidentsRecordsCarry_IsDropped(MissingContextKind kind, string carrier)
    {
        var result = Build(carrier);

        var insight = Assert.Single(result.Insights);
        Assert.DoesNotContain(insight.MissingContext, m => m.Kind == kind);
    }

    [Fact]
    public void Claims_OfKindsNoRecordCarries_AreKept()
    {
        var result = Build(Plain);

        var kinds = Assert.Single(result.Insights).MissingContext.Select(m => m.Kind).ToHashSet();
        Assert.Superset(Enum.GetValues<MissingContextKind>().Where(k => k != MissingContextKind.Other).ToHashSet(), kinds);
        Assert.Equal(Enum.GetValues<MissingContextKind>().Length - 1, kinds.Count);
    }

    [Fact]
    public void IncidentWideClaims_AreMadeOnTheRootGroupOnly()
    {
        var records = new List<LogRecord> { Record(0, "A", "connection refused"), Record(1, "B", "operation failed") };
        var groups = new[] { Group("A", 1), Group("B", 2) };
        var insights = new[] { Claiming("A", CauseCategory.DependencyUnreachable), Claiming("B", CauseCategory.UpstreamError) };

        var result = IncidentBuilder.Build(groups, records, insights);

        var incident = Assert.Single(result.Incidents);
        Assert.Equal("A", incident.RootGroupId);
        var b = result.Insights.Single(i => i.GroupId == "B");
        Assert.DoesNotContain(b.MissingContext, m => m.Kind is MissingContextKind.TraceId or MissingContextKind.Timeline or MissingContextKind.Version or MissingContextKind.Deployment);
        Assert.Contains(result.Insights.Single(i => i.GroupId == "A").MissingContext, m => m.Kind == MissingContextKind.TraceId);
    }

    private static IncidentResult Build(string text)
    {
        var records = new List<LogRecord> { Record(0, "A", text) };
        return IncidentBuilder.Build([Group("A", 1)], records, [Claiming("A", CauseCategory.Unknown)]);
    }

    private static Insight Claiming(string groupId, CauseCategory category) => new()
    {
        GroupId = groupId,
        ProbableCause = "cause",
        CauseCategory = category,
        MissingContext = [.. Enum.GetValues<MissingContextKind>().Where(k => k != MissingContextKind.Other).Select(k => new MissingContextItem(k, groupId + " lacks " + k))],
        Confidence = 0.5,
        Source = InsightSource.Rules,
        Rule = category == CauseCategory.DependencyUnreachable ? "connection-refused" : null,
    };

    private static ErrorGroup Group(string id, int line) => new()
    {
        Id = id, Label = "Error Group " + id, Count = 1, Severity = Severity.Error, Template = "failure", FirstLine = line, LastLine = line,
        Fingerprint = id, Reason = "test",
    };

    private static LogRecord Record(int index, string groupId, string text) => new()
    {
        Index = index, LineStart = index + 1, LineEnd = index + 1 + text.Count(c => c == '\n'), Format = LogFormat.Text,
        Message = text.Split('\n')[0], Text = text, GroupId = groupId, Level = Severity.Error,
    };
}
