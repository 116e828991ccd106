using LogAnalyzer.Core.Model;
using LogAnalyzer.Core.Storage;

namespace LogAnalyzer.Tests.Storage;

public sealed class AnalysisComparerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void SeverityChange_IsChanged_WithTheDifferenceNamed()
    {
        var before = Document(Group("A", "fp-1", 4, Severity.Warning));
        var after = Document(Group("B", "fp-1", 4, Severity.Critical));

        var comparison = AnalysisComparer.Compare(before, after);

        var change = Assert.Single(comparison.Changed);
        Assert.Equal(["severity"], change.Changes);
        Assert.Equal(("A", "B"), (change.Before.GroupId, change.After.GroupId));
        Assert.Empty(comparison.New);
        Assert.Empty(comparison.Resolved);
    }

    [Fact]
    public void GroupsAreMatchedByFingerprint_NotByTheirLetter()
    {
        var before = Document(Group("A", "fp-1", 1, Severity.Error), Group("B", "fp-2", 2, Severity.Error));
        var after = Document(Group("A", "fp-2", 2, Severity.Error), Group("B", "fp-3", 1, Severity.Error));

        var comparison = AnalysisComparer.Compare(before, after);

        Assert.Equal("fp-3", Assert.Single(comparison.New).Fingerprint);
        Assert.Equal("fp-1", Assert.Single(comparison.Resolved).Fingerprint);
        Assert.Equal("fp-2", Assert.Single(comparison.Unchanged).Fingerprint);
        Assert.Equal(new ComparisonTotals(1, 1, 0, 1, 3, 3), comparison.Totals);
    }

    [Fact]
    public void TwoAnalysesWithoutGroups_CompareEmpty()
    {
        var comparison = AnalysisComparer.Compare(Document(), Document());

        Assert.Equal(new ComparisonTotals(0, 0, 0, 0, 0, 0), comparison.Totals);
    }

    private static ErrorGroup Group(string id, string fingerprint, int count, Severity severity) => new()
    {
        Id = id,
        Label = "Error Group " + id,
        Count = count,
        Severity = severity,
        Template = "template " + fingerprint,
        FirstLine = 1,
        LastLine = count,
        FirstSeen = T0,
        LastSeen = T0.AddSeconds(count),
        Fingerprint = fingerprint,
        Reason = "test",
    };

    private static AnalysisDocument Document(params ErrorGroup[] groups) => new()
    {
        Id = AnalysisId.New(),
        CreatedAt = T0,
        Summary = new InputSummary { TotalLines = groups.Sum(g => g.Count), TotalRecords = groups.Sum(g => g.Count) },
        Groups = groups,
        Llm = LlmReport.Disabled("test"),
    };
}
