using LogAnalyzer.Core.Insights;
using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Core.Incidents;

/// <summary>
/// The last check on missing-context claims: a kind is never claimed missing when the incident's records (or, for
/// inputs small enough to read whole, any record) carry it; and claims about the whole incident (trace ids,
/// timestamps, versions, deployments) are made once, on its root group, instead of on every group.
/// </summary>
internal static class MissingContextCheck
{
    private static readonly HashSet<MissingContextKind> IncidentWide =
        [MissingContextKind.TraceId, MissingContextKind.Timeline, MissingContextKind.Version, MissingContextKind.Deployment];

    public static IReadOnlyList<Insight> Apply(IReadOnlyList<Insight> insights, IReadOnlyList<IncidentDraft> drafts, IReadOnlyList<LogRecord>? wholeInput)
    {
        var whole = wholeInput is null ? null : ContextPresence.Of(wholeInput);
        var byGroup = new Dictionary<string, (IncidentDraft Draft, ContextPresence Presence)>(StringComparer.Ordinal);
        foreach (var draft in drafts)
        {
            var presence = whole ?? Presence(draft);
            foreach (var group in draft.Groups)
            {
                byGroup[group.Group.Id] = (draft, presence);
            }
        }

        var result = new List<Insight>(insights.Count);
        var said = new HashSet<string>(StringComparer.Ordinal);
        foreach (var insight in insights)
        {
            if (insight.MissingContext.Count == 0 || !byGroup.TryGetValue(insight.GroupId, out var entry))
            {
                result.Add(insight);
                continue;
            }

            var isRoot = string.Equals(entry.Draft.Root.Group.Id, insight.GroupId, StringComparison.Ordinal);
            var kept = insight.MissingContext
                .Where(m => m.Kind == MissingContextKind.Other || !entry.Presence.Has(m.Kind))
                .Where(m => isRoot || !IncidentWide.Contains(m.Kind))
                .Where(m => said.Add(m.Detail))
                .ToList();
            result.Add(kept.Count == insight.MissingContext.Count ? insight : insight with { MissingContext = kept });
        }

        return result;
    }

    private static ContextPresence Presence(IncidentDraft draft)
    {
        var presence = ContextPresence.Of(draft.Groups.SelectMany(g => g.Members));
        foreach (var group in draft.Groups)
        {
            foreach (var sample in group.Group.Samples)
            {
                presence.AddText(TextFacts.Head(sample.Text));
            }
        }

        return presence;
    }
}
