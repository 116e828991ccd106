using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Core.Storage;

/// <summary>Compares two analyses by group fingerprint: the before/after-deploy question ("is it gone?").</summary>
public static class AnalysisComparer
{
    public static AnalysisComparison Compare(AnalysisDocument before, AnalysisDocument after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var old = ByFingerprint(before.Groups);
        var now = ByFingerprint(after.Groups);

        var added = new List<ComparedGroup>();
        var changed = new List<GroupChange>();
        var unchanged = new List<ComparedGroup>();
        foreach (var (fingerprint, group) in now)
        {
            if (!old.TryGetValue(fingerprint, out var previous))
            {
                added.Add(ComparedGroup.Of(group));
                continue;
            }

            var differences = Differences(previous, group);
            if (differences.Count == 0)
            {
                unchanged.Add(ComparedGroup.Of(group));
            }
            else
            {
                changed.Add(new GroupChange(fingerprint, ComparedGroup.Of(previous), ComparedGroup.Of(group), differences));
            }
        }

        var resolved = old.Where(kv => !now.ContainsKey(kv.Key)).Select(kv => ComparedGroup.Of(kv.Value)).ToList();
        return new AnalysisComparison
        {
            Before = Describe(before),
            After = Describe(after),
            New = added,
            Resolved = resolved,
            Changed = changed,
            Unchanged = unchanged,
            Totals = new ComparisonTotals(added.Count, resolved.Count, changed.Count, unchanged.Count,
                before.Groups.Sum(g => g.Count), after.Groups.Sum(g => g.Count)),
        };
    }

    /// <summary>Groups by fingerprint in document order; a fingerprint seen twice (not expected) keeps its first group.</summary>
    private static Dictionary<string, ErrorGroup> ByFingerprint(IReadOnlyList<ErrorGroup> groups)
    {
        var map = new Dictionary<string, ErrorGroup>(groups.Count, StringComparer.Ordinal);
        foreach (var group in groups)
        {
            map.TryAdd(group.Fingerprint, group);
        }

        return map;
    }

    private static List<string> Differences(ErrorGroup before, ErrorGroup after)
    {
        var differences = new List<string>(4);
        if (before.Count != after.Count)
        {
            differences.Add("count");
        }

        if (before.Severity != after.Severity)
        {
            differences.Add("severity");
        }

        if (before.FirstSeen != after.FirstSeen)
        {
            differences.Add("firstSeen");
        }

        if (before.LastSeen != after.LastSeen)
        {
            differences.Add("lastSeen");
        }

        return differences;
    }

    private static ComparedAnalysis Describe(AnalysisDocument document) =>
        new(document.Id, document.CreatedAt, document.Summary.TotalLines, document.Summary.TotalRecords, document.Groups.Count);
}
