using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Core.Insights;

/// <summary>
/// What an investigator of this group needs and the log lacks. A kind is claimed missing only when none of the
/// group's examined records and samples carries it (<see cref="ContextPresence"/>, broad on purpose), and each item
/// names the group's own failure, so no two groups get the same sentence.
/// </summary>
internal static class MissingContextBuilder
{
    public static IReadOnlyList<MissingContextItem> Build(ContextNeed needs, InsightRule? rule, GroupFacts facts, string? endpoint, bool durationStated)
    {
        var presence = ContextPresence.Of(facts.Examined);
        foreach (var sample in facts.Group.Samples)
        {
            if (sample?.Text is { } text)
            {
                presence.AddText(TextFacts.Head(text));
            }
        }

        if (facts.Group.FirstSeen is not null)
        {
            presence.AddText("00:00");
        }

        var what = Subject(facts);
        var firstSeen = facts.First?.Timestamp ?? facts.Group.FirstSeen;
        var at = firstSeen is null ? string.Empty : " (" + Phrases.Time(firstSeen) + ")";
        var items = new List<MissingContextItem>();
        void Claim(MissingContextKind kind, string detail)
        {
            if (!presence.Has(kind) && !items.Exists(i => i.Kind == kind))
            {
                items.Add(new MissingContextItem(kind, detail));
            }
        }

        if (needs.HasFlag(ContextNeed.RemoteEndpoint) && endpoint is null)
        {
            Claim(MissingContextKind.Host, "The host of the dependency behind " + what + ": no record of the group names one.");
        }

        if (needs.HasFlag(ContextNeed.RemoteEndpoint) && (endpoint is null || !endpoint.Contains(':', StringComparison.Ordinal)))
        {
            Claim(MissingContextKind.Port, "The port " + what + " used" + (endpoint is null ? string.Empty : " on " + endpoint) + ": no record of the group states it.");
        }

        if (needs.HasFlag(ContextNeed.TraceId))
        {
            Claim(MissingContextKind.TraceId, "A trace or request id on " + what + ", to follow one failing request across services: the group's records carry none.");
        }

        Claim(MissingContextKind.Timeline, "Timestamps on " + what + ": without them it cannot be placed before or after the other failures.");

        if (needs.HasFlag(ContextNeed.StackTrace))
        {
            Claim(MissingContextKind.StackTrace, "A stack trace of " + what + ": its records carry only the message, so the failing code path is unknown.");
        }

        if (needs.HasFlag(ContextNeed.UpstreamResponse))
        {
            Claim(MissingContextKind.UpstreamResponse, "What the remote side answered to " + what + " (status, headers such as Retry-After, a body excerpt).");
        }

        if (needs.HasFlag(ContextNeed.Identity) || needs.HasFlag(ContextNeed.Statement) || needs.HasFlag(ContextNeed.Payload))
        {
            Claim(MissingContextKind.RequestContext, "The request behind " + what + ": " + RequestHint(needs) + ".");
        }

        if (needs.HasFlag(ContextNeed.ResourceMetrics) || needs.HasFlag(ContextNeed.ContainerState))
        {
            Claim(MissingContextKind.ResourceMetrics, "Resource figures around " + what + at + ": "
                + (rule?.MetricsHint ?? (needs.HasFlag(ContextNeed.ContainerState) ? "the container's limits, last state, exit code and restart count" : "CPU, memory, disk and connection usage")) + ".");
        }

        if (needs.HasFlag(ContextNeed.Configuration) || (needs.HasFlag(ContextNeed.Duration) && !durationStated))
        {
            Claim(MissingContextKind.Configuration, "The configuration in effect for " + what + ": "
                + (rule?.ConfigurationHint ?? "the settings of the failing component")
                + (needs.HasFlag(ContextNeed.Duration) && !durationStated ? ", and how long the operation ran before it failed" : string.Empty) + ".");
        }

        if (needs.HasFlag(ContextNeed.Versions))
        {
            Claim(MissingContextKind.Version, "The version of the component that logged " + what + ": no record of the group names one.");
        }

        if (needs.HasFlag(ContextNeed.Instance))
        {
            Claim(MissingContextKind.Host, "Which host, pod or instance logged " + what + ": none of its records names one.");
        }

        if (needs.HasFlag(ContextNeed.RecentChanges))
        {
            Claim(MissingContextKind.Deployment, "Deployments or configuration changes shortly before " + what + " first appeared" + at + ".");
        }

        return [.. items.Take(InsightLimits.MaxItems).Select(i => i with { Detail = Phrases.Bound(i.Detail, InsightLimits.MaxItemLength) })];
    }

    /// <summary>"group C (line 12)": names the group's failure so the sentence is this group's own.</summary>
    private static string Subject(GroupFacts facts) =>
        "group " + facts.Group.Id + " (first at line " + Phrases.N(facts.First?.LineStart ?? facts.Group.FirstLine) + ")";

    private static string RequestHint(ContextNeed needs) =>
        needs.HasFlag(ContextNeed.Statement) ? "the statement or operation and the table, constraint or lock it touched"
        : needs.HasFlag(ContextNeed.Identity) ? "which client or principal called and what it presented (roles, scopes, token expiry), without secret values"
        : "a redacted sample of the input being processed (shape, size, content type)";
}
