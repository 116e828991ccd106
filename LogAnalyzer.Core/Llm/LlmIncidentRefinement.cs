using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Core.Llm;

/// <summary>
/// Applies validated incident answers: an answered incident takes the groups the LLM gave it (root first) and its
/// cause category; those groups leave the incidents they were in; an incident left with no group disappears.
/// Everything else stays as the analyzer built it.
/// </summary>
public static class LlmIncidentRefinement
{
    public static IReadOnlyList<Incident> Apply(IReadOnlyList<Incident> incidents, IReadOnlyList<LlmIncidentAnswer> answers)
    {
        ArgumentNullException.ThrowIfNull(incidents);
        ArgumentNullException.ThrowIfNull(answers);
        if (answers.Count == 0)
        {
            return incidents;
        }

        var byId = answers.ToDictionary(a => a.IncidentId, StringComparer.Ordinal);
        var taken = answers.SelectMany(a => a.GroupIds).ToHashSet(StringComparer.Ordinal);
        var result = new List<Incident>(incidents.Count);
        foreach (var incident in incidents)
        {
            if (byId.TryGetValue(incident.Id, out var answer))
            {
                result.Add(incident with
                {
                    RootGroupId = answer.RootGroupId, GroupIds = answer.GroupIds, CauseCategory = answer.CauseCategory, Source = InsightSource.Llm,
                });
            }
            else if (incident.GroupIds.Where(g => !taken.Contains(g)).ToList() is { Count: > 0 } kept)
            {
                result.Add(kept.Count == incident.GroupIds.Count ? incident : incident with { GroupIds = kept });
            }
        }

        return result;
    }

    /// <summary>Each group's <see cref="ErrorGroup.IncidentId"/> after <paramref name="incidents"/> changed.</summary>
    public static IReadOnlyList<ErrorGroup> Regroup(IReadOnlyList<ErrorGroup> groups, IReadOnlyList<Incident> incidents)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(incidents);
        var owner = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var incident in incidents)
        {
            foreach (var id in incident.GroupIds)
            {
                owner.TryAdd(id, incident.Id);
            }
        }

        return [.. groups.Select(g => owner.GetValueOrDefault(g.Id) is var id && id != g.IncidentId ? g with { IncidentId = id } : g)];
    }
}
