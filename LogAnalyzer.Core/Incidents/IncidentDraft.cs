using System.Globalization;
using LogAnalyzer.Core.Insights;
using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Core.Incidents;

/// <summary>An incident before it has an id: its root and its groups, root first.</summary>
internal sealed class IncidentDraft(GroupProfile root, List<GroupProfile> groups)
{
    public GroupProfile Root { get; } = root;

    public List<GroupProfile> Groups { get; } = groups;

    /// <summary>Severity, blast radius (groups, records) and having a named cause.</summary>
    public double Importance =>
        (int)Groups.Max(g => g.Group.Severity)
        + (2.0 * Groups.Count)
        + Math.Log2(1 + Groups.Sum(g => g.Group.Count))
        + (Root.Category == CauseCategory.Unknown ? 0 : 4)
        + (Root.IsCause ? 1 : 0);

    public Incident ToIncident(string id)
    {
        var first = Groups.Where(g => g.First is not null).Select(g => g.First!.Value).DefaultIfEmpty().Min();
        var last = Groups.Where(g => g.Last is not null).Select(g => g.Last!.Value).DefaultIfEmpty().Max();
        var confidence = (Root.Insight?.Confidence ?? 0.2) - (Root.IsCause ? 0 : 0.1) - (Groups.Count > 1 ? 0.05 : 0);
        return new Incident
        {
            Id = id,
            Title = Phrases.Bound(Title(), 160),
            CauseCategory = Root.Category,
            RootGroupId = Root.Group.Id,
            GroupIds = [.. Groups.Select(g => g.Group.Id)],
            FirstSeen = first == default ? null : first,
            LastSeen = last == default ? null : last,
            Summary = Phrases.Bound(Summary(), InsightLimits.MaxCauseLength),
            Confidence = Math.Round(Math.Clamp(confidence, 0.1, 0.95), 2),
            Source = InsightSource.Rules,
        };
    }

    private string Title()
    {
        var name = CategoryName(Root.Category);
        var subject = Subject(Root);
        return subject is null ? name + ": " + FirstLine(Root.Group.Template) : name + ": " + subject;
    }

    private string Summary()
    {
        var root = Root.Group;
        var text = "Starts with " + root.Label + " at line " + root.FirstLine.ToString(CultureInfo.InvariantCulture)
            + (root.FirstSeen is { } t ? " (" + Phrases.Time(t) + ")" : string.Empty) + ": "
            + FirstSentence(Root.Insight?.ProbableCause ?? FirstLine(root.Template));
        if (Groups.Count > 1)
        {
            text += " It is followed by " + string.Join(", ", Groups.Skip(1).Take(6).Select(g =>
                g.Group.Label + " (" + CategoryName(g.Category).ToLowerInvariant() + ", " + Phrases.Plural(g.Group.Count, "record", "records") + ")"))
                + (Groups.Count > 7 ? " and more" : string.Empty) + ".";
        }

        return text;
    }

    /// <summary>The endpoint, host or service the root names, if any.</summary>
    private static string? Subject(GroupProfile root)
    {
        foreach (var prefix in (string[])["ep:", "host:", "pod:", "svc:"])
        {
            // Names before bare addresses: "payments-db.internal" says more than "10.0.9.14".
            var entity = root.Entities.Where(e => e.StartsWith(prefix, StringComparison.Ordinal))
                .OrderBy(e => e.AsSpan(prefix.Length).ContainsAnyInRange('a', 'z') ? 0 : 1)
                .ThenBy(e => e, StringComparer.Ordinal)
                .FirstOrDefault();
            if (entity is not null)
            {
                return entity[prefix.Length..];
            }
        }

        return null;
    }

    private static string FirstLine(string text)
    {
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        return Phrases.Bound((newline < 0 ? text : text[..newline]).Trim(), 120);
    }

    private static string FirstSentence(string text)
    {
        var end = text.IndexOf(": ", StringComparison.Ordinal);
        var stop = text.IndexOf(". ", StringComparison.Ordinal);
        var cut = end > 0 && (stop < 0 || end < stop) ? end : stop;
        return cut > 0 ? text[..cut] + "." : text;
    }

    public static string CategoryName(CauseCategory category) => category switch
    {
        CauseCategory.DependencyUnreachable => "Dependency unreachable",
        CauseCategory.Timeout => "Timeout",
        CauseCategory.ResourceExhaustion => "Resource exhaustion",
        CauseCategory.Auth => "Authentication or authorization failure",
        CauseCategory.TlsCertificate => "TLS or certificate failure",
        CauseCategory.RateLimited => "Rate limited",
        CauseCategory.UpstreamError => "Upstream error",
        CauseCategory.DataError => "Data error",
        CauseCategory.CodeDefect => "Code defect",
        CauseCategory.Configuration => "Configuration problem",
        CauseCategory.Concurrency => "Concurrency conflict",
        CauseCategory.CrashLoop => "Crash loop",
        _ => "Unexplained errors",
    };
}
