using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Core.Insights;

/// <summary>
/// What an investigator needs and the log lacks, computed from facts: a need is reported only when none of the
/// group's examined records (and samples) already carries it.
/// </summary>
internal static class MissingContextBuilder
{
    public static IReadOnlyList<MissingContextItem> Build(ContextNeed needs, InsightRule? rule, GroupFacts facts, string? endpoint, bool durationStated)
    {
        var items = new List<MissingContextItem>();
        var records = facts.Examined;
        var samples = facts.Group.Samples;
        var firstSeen = facts.First?.Timestamp ?? facts.Group.FirstSeen;
        var at = firstSeen is null ? string.Empty : " (" + Phrases.Time(firstSeen) + ")";

        if (needs.HasFlag(ContextNeed.TraceId)
            && !records.Exists(TextFacts.HasTraceId)
            && !samples.Any(s => TextFacts.HasTraceId(TextFacts.Head(s.Text ?? string.Empty))))
        {
            items.Add(new(MissingContextKind.TraceId, "A trace, correlation or request id: none of the group's records carries one, so the failing requests cannot be followed across services."));
        }

        if (firstSeen is null && !records.Exists(r => r.Timestamp is not null))
        {
            items.Add(new(MissingContextKind.Timeline, "Timestamps: the group's records carry none, so the failures cannot be placed in time or correlated with other events."));
        }

        if (needs.HasFlag(ContextNeed.StackTrace) && !records.Exists(HasFrames))
        {
            items.Add(new(MissingContextKind.StackTrace, "A stack trace of the failure: the records carry only the message, so the failing code path is unknown."));
        }

        if (needs.HasFlag(ContextNeed.Duration) && !durationStated)
        {
            items.Add(new(MissingContextKind.Configuration, "How long the operation ran before it failed and the limit configured for it: the records state no duration."));
        }

        if (needs.HasFlag(ContextNeed.RemoteEndpoint) && endpoint is null)
        {
            items.Add(new(MissingContextKind.Host, "The remote endpoint (host and port) of the failing call: the records do not name it."));
        }

        if (needs.HasFlag(ContextNeed.UpstreamResponse))
        {
            items.Add(new(MissingContextKind.UpstreamResponse, "The remote side's full response (status, relevant headers such as Retry-After, a body excerpt): the records show only the caller's view."));
        }

        if (needs.HasFlag(ContextNeed.Identity))
        {
            items.Add(new(MissingContextKind.RequestContext, "Which client, user or principal made the call and what it presented (roles, scopes, token expiry), without secret values."));
        }

        if (needs.HasFlag(ContextNeed.Statement))
        {
            items.Add(new(MissingContextKind.RequestContext, "The statement or ORM operation involved and the table, constraint or lock it touched."));
        }

        if (needs.HasFlag(ContextNeed.Payload))
        {
            items.Add(new(MissingContextKind.RequestContext, "A redacted sample of the input being processed when it failed (shape, size, content type)."));
        }

        if (needs.HasFlag(ContextNeed.ContainerState))
        {
            items.Add(new(MissingContextKind.ResourceMetrics, "The pod's description and events (kubectl describe pod): resource limits, last state, exit code, restart count."));
        }

        if (needs.HasFlag(ContextNeed.ResourceMetrics))
        {
            items.Add(new(MissingContextKind.ResourceMetrics, "Resource metrics around the first occurrence" + at + ": " + (rule?.MetricsHint ?? "CPU, memory, disk and connection usage") + "."));
        }

        if (needs.HasFlag(ContextNeed.Configuration))
        {
            items.Add(new(MissingContextKind.Configuration, "The configuration in effect: " + (rule?.ConfigurationHint ?? "the settings of the failing component") + "."));
        }

        if (needs.HasFlag(ContextNeed.Versions) && !records.Exists(TextFacts.HasVersion))
        {
            items.Add(new(MissingContextKind.Version, "Application and dependency versions and the time of the last deployment: the records name no version."));
        }

        if (needs.HasFlag(ContextNeed.Instance) && !records.Exists(TextFacts.HasInstance))
        {
            items.Add(new(MissingContextKind.Host, "Which host, pod or instance wrote the records: none of them names one."));
        }

        if (needs.HasFlag(ContextNeed.RecentChanges))
        {
            items.Add(new(MissingContextKind.Deployment, "Deployments and configuration or infrastructure changes shortly before the first occurrence" + at + "."));
        }

        return [.. items.Take(InsightLimits.MaxItems).Select(i => i with { Detail = Phrases.Bound(i.Detail, InsightLimits.MaxItemLength) })];
    }

    private static bool HasFrames(LogRecord record) =>
        record.Exception is { } e
            ? e.Frames.Count > 0 || e.Causes.Any(c => c.Frames.Count > 0)
            : record.LineEnd > record.LineStart && record.Text is { } text
                && (text.Contains("\n\tat ", StringComparison.Ordinal) || text.Contains("\n    at ", StringComparison.Ordinal)
                    || text.Contains("Traceback (most recent call last)", StringComparison.Ordinal) || text.Contains("\ngoroutine ", StringComparison.Ordinal));
}
