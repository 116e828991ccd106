using System.Globalization;
using LogAnalyzer.Core.Insights;
using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Core.Incidents;

/// <summary>
/// Joins error groups that share a cause into incidents. Groups are linked by the names they share (endpoints, hosts,
/// pods, trace ids) and by known causal shapes in time (the trigger precedes its cascade); the root of an incident is
/// its earliest cause, not its most frequent symptom. Incidents are ordered by importance, groups root first.
/// </summary>
public static class IncidentBuilder
{
    /// <summary>Groups compared pairwise for causal shapes.</summary>
    private const int MaxShapeGroups = 400;

    /// <summary>Member records read per group.</summary>
    private const int MembersPerGroup = 24;

    /// <summary>Inputs up to this many records are read whole when checking missing-context claims.</summary>
    private const int WholeInputLimit = 20_000;

    /// <summary>How long after a cause's last occurrence an effect may still start.</summary>
    private static readonly TimeSpan EffectWindow = TimeSpan.FromMinutes(10);

    /// <summary>How much earlier than its cause an effect may appear (clock skew between services).</summary>
    private static readonly TimeSpan Skew = TimeSpan.FromSeconds(5);

    /// <summary>Builds the incidents; returns them with the groups (incident ids set) and insights (claims checked).</summary>
    public static IncidentResult Build(IReadOnlyList<ErrorGroup> groups, IReadOnlyList<LogRecord> records, IReadOnlyList<Insight> insights)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(insights);
        if (groups.Count == 0)
        {
            return new IncidentResult([], groups, insights);
        }

        var profiles = Profile(groups, records, insights);
        var links = new UnionFind(profiles.Length);
        LinkByEntities(profiles, links);
        LinkByShapes(profiles, links);

        var components = profiles.GroupBy(p => links.Find(p.Index)).Select(c => c.ToList()).ToList();
        var drafts = components.Select(Draft).OrderByDescending(d => d.Importance).ThenBy(d => d.Root.Group.FirstLine).ToList();

        var incidents = new List<Incident>(drafts.Count);
        var incidentOf = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < drafts.Count; i++)
        {
            var id = "I" + (i + 1).ToString(CultureInfo.InvariantCulture);
            var incident = drafts[i].ToIncident(id);
            incidents.Add(incident);
            foreach (var groupId in incident.GroupIds)
            {
                incidentOf[groupId] = id;
            }
        }

        var linked = groups.Select(g => g with { IncidentId = incidentOf.GetValueOrDefault(g.Id) }).ToList();
        var checkedInsights = MissingContextCheck.Apply(insights, drafts, records.Count <= WholeInputLimit ? records : null);
        return new IncidentResult(incidents, linked, checkedInsights);
    }

    private static GroupProfile[] Profile(IReadOnlyList<ErrorGroup> groups, IReadOnlyList<LogRecord> records, IReadOnlyList<Insight> insights)
    {
        var byGroup = insights.GroupBy(i => i.GroupId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var profiles = new GroupProfile[groups.Count];
        var index = new Dictionary<string, GroupProfile>(StringComparer.Ordinal);
        for (var i = 0; i < groups.Count; i++)
        {
            profiles[i] = new GroupProfile(i, groups[i], byGroup.GetValueOrDefault(groups[i].Id));
            profiles[i].IsCause = CausalShapes.IsCause(profiles[i]);
            index.TryAdd(groups[i].Id, profiles[i]);
        }

        foreach (var record in records)
        {
            if (record?.GroupId is { } id && index.TryGetValue(id, out var profile) && profile.Members.Count < MembersPerGroup)
            {
                profile.Members.Add(record);
            }
        }

        foreach (var profile in profiles)
        {
            var words = new System.Text.StringBuilder(profile.Group.Template.ToLowerInvariant());
            foreach (var record in profile.Members)
            {
                EntityExtractor.Collect(record.Message.AsSpan(), profile.Entities);
                var text = record.TextMemory.Span;
                var newline = text.IndexOf('\n');
                if (newline >= 0)
                {
                    EntityExtractor.Collect(text[(newline + 1)..], profile.Entities);
                }

                if (record.Fields is { Count: > 0 } fields)
                {
                    CollectFields(fields, profile.Entities);
                }

                if (record.Exception is { } e)
                {
                    EntityExtractor.Collect(e.Message, profile.Entities);
                    foreach (var cause in e.Causes)
                    {
                        EntityExtractor.Collect(cause.Message, profile.Entities);
                    }
                }

                words.Append('\n').Append(record.Message.ToLowerInvariant());
            }

            if (profile.Members.Count == 0)
            {
                foreach (var sample in profile.Group.Samples)
                {
                    EntityExtractor.Collect(sample.Text, profile.Entities);
                }
            }

            profile.Words = words.ToString();
        }

        return profiles;
    }

    /// <summary>Structured fields other than the writer's own identity (host, service, version, time, level, message).</summary>
    private static void CollectFields(IReadOnlyDictionary<string, string> fields, HashSet<string> into)
    {
        foreach (var (key, value) in fields)
        {
            var name = key.ToLowerInvariant();
            if (OwnFields.Contains(name) || string.IsNullOrEmpty(value))
            {
                continue;
            }

            EntityExtractor.Collect(name.Contains("trace", StringComparison.Ordinal) || name.Contains("request", StringComparison.Ordinal)
                ? "trace_id=" + value
                : value, into);
        }
    }

    private static readonly HashSet<string> OwnFields = new(StringComparer.Ordinal)
    {
        "host", "hostname", "host.name", "pod", "pod_name", "node", "service", "service.name", "app", "version", "level", "severity", "ts", "time",
        "timestamp", "@timestamp", "msg", "message", "logger", "thread", "container", "instance", "env", "environment", "span_id",
    };

    /// <summary>Groups that name the same endpoint, host, pod or trace id are one incident.</summary>
    private static void LinkByEntities(GroupProfile[] profiles, UnionFind links)
    {
        // A name every group mentions (when there are several unrelated kinds of group) ties nothing together.
        var owners = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var profile in profiles)
        {
            foreach (var entity in profile.Entities)
            {
                if (!entity.StartsWith("svc:", StringComparison.Ordinal))
                {
                    (owners.TryGetValue(entity, out var list) ? list : owners[entity] = []).Add(profile.Index);
                }
            }
        }

        foreach (var (_, members) in owners)
        {
            if (members.Count < 2 || (profiles.Length >= 4 && members.Count == profiles.Length))
            {
                continue;
            }

            for (var i = 1; i < members.Count; i++)
            {
                links.Union(members[0], members[i]);
            }
        }
    }

    /// <summary>Each group that a known cause can produce joins the nearest such cause that precedes it.</summary>
    private static void LinkByShapes(GroupProfile[] profiles, UnionFind links)
    {
        // Pairwise: bounded to the most severe and frequent groups (the grouper's order) so a log with thousands of
        // groups stays linear enough; the rest keep their entity links only.
        var considered = profiles.Length <= MaxShapeGroups ? profiles : profiles[..MaxShapeGroups];
        foreach (var effect in considered)
        {
            GroupProfile? best = null;
            var bestScore = double.MaxValue;
            foreach (var cause in considered)
            {
                if (ReferenceEquals(cause, effect) || !InWindow(cause, effect))
                {
                    continue;
                }

                // The same cause signature at the same time in several groups (services, log layouts) is one failure.
                if (cause.IsCause && effect.IsCause && cause.Rule is not null && string.Equals(cause.Rule, effect.Rule, StringComparison.Ordinal))
                {
                    links.Union(cause.Index, effect.Index);
                    continue;
                }

                if (!CausalShapes.CanCause(cause, effect))
                {
                    continue;
                }

                // Sharing a dependency or service name beats being close in time.
                var shared = cause.Entities.Overlaps(effect.Entities) ? 0 : 1;
                var gap = cause.First is { } c && effect.First is { } e ? Math.Abs((e - c).TotalSeconds) : 0;
                var score = (shared * 1e7) + gap + (CausalShapes.Depth(cause) * 0.5);
                if (score < bestScore)
                {
                    bestScore = score;
                    best = cause;
                }
            }

            if (best is not null)
            {
                links.Union(best.Index, effect.Index);
            }
        }
    }

    /// <summary>The effect starts no earlier than its cause (give or take clock skew) and within the cause's activity.</summary>
    private static bool InWindow(GroupProfile cause, GroupProfile effect)
    {
        if (cause.First is not { } causeFirst || effect.First is not { } effectFirst)
        {
            return true;
        }

        var causeLast = cause.Last ?? causeFirst;
        return effectFirst >= causeFirst - Skew && effectFirst <= causeLast + EffectWindow;
    }

    private static IncidentDraft Draft(List<GroupProfile> members)
    {
        var causes = members.Where(m => m.IsCause).ToList();
        var candidates = causes.Count > 0 ? causes : members;
        var earliest = candidates.Where(c => c.First is not null).Select(c => c.First!.Value).DefaultIfEmpty().Min();
        var root = candidates
            .OrderBy(c => c.First is { } t && earliest != default ? Math.Floor((t - earliest).TotalSeconds / 2) : 0)
            .ThenBy(CausalShapes.Depth)
            .ThenBy(c => c.Group.FirstLine)
            .First();
        var ordered = new List<GroupProfile> { root };
        ordered.AddRange(members.Where(m => !ReferenceEquals(m, root))
            .OrderBy(m => m.First ?? DateTimeOffset.MaxValue)
            .ThenBy(m => m.Group.FirstLine));
        return new IncidentDraft(root, ordered);
    }
}

/// <summary>The incidents with the groups (incident ids set) and the insights (missing-context claims checked).</summary>
public sealed record IncidentResult(IReadOnlyList<Incident> Incidents, IReadOnlyList<ErrorGroup> Groups, IReadOnlyList<Insight> Insights);
