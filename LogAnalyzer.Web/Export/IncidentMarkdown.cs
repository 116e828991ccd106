using System.Globalization;
using System.Text;
using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Web.Export;

/// <summary>A Markdown incident summary of an analysis, fit to paste into a ticket. Log text goes in code fences.</summary>
public static class IncidentMarkdown
{
    /// <summary>Groups written in full; the rest are counted.</summary>
    public const int MaxGroups = 10;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Build(AnalysisDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var s = document.Summary;
        var md = new StringBuilder();
        var top = document.Groups.Count > 0 ? document.Groups[0] : null;
        md.Append("# Incident summary");
        if (document.Incidents.Count > 0)
        {
            md.Append(": ").Append(Text(document.Incidents[0].Title));
        }
        else if (top is not null)
        {
            md.Append(": ").Append(Text(Headline(top)));
        }

        md.Append("\n\n");
        md.Append(Invariant, $"_Analysis {document.Id}, generated {document.CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC by LogAnalyzer. Counts, lines and groups come from the deterministic analysis._\n\n");

        md.Append("## Overview\n\n| Item | Value |\n|---|---|\n");
        Row(md, "Lines", s.TotalLines.ToString("N0", Invariant));
        Row(md, "Records", s.TotalRecords.ToString("N0", Invariant));
        Row(md, "Time range", TimeRange(s.FirstTimestamp, s.LastTimestamp));
        Row(md, "Levels", Counts(s.Levels));
        Row(md, "Formats", Counts(s.Formats));
        Row(md, "Redactions", s.Redactions.Count == 0 ? "none" : Counts(s.Redactions) + " (masked before analysis)");
        Row(md, "Error groups", document.Groups.Count.ToString(Invariant));
        Row(md, "Incidents", document.Incidents.Count.ToString(Invariant));
        Row(md, "Insights", InsightSourceLine(document.Llm));
        md.Append('\n');
        AppendIncidents(md, document);

        if (document.Groups.Count == 0)
        {
            md.Append("No error groups: no records at Warning or above and no exceptions.\n");
        }
        else
        {
            md.Append("## Error groups\n\n");
            var insights = document.Insights.GroupBy(i => i.GroupId, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            foreach (var group in InIncidentOrder(document).Take(MaxGroups))
            {
                AppendGroup(md, group, insights.GetValueOrDefault(group.Id), document.Incidents);
            }

            if (document.Groups.Count > MaxGroups)
            {
                md.Append(Invariant, $"_…and {document.Groups.Count - MaxGroups} more groups (see the JSON export)._\n\n");
            }
        }

        if (document.Merges.Count > 0)
        {
            md.Append("## Proposed merges\n\n");
            foreach (var merge in document.Merges)
            {
                md.Append("- Groups ").Append(Text(string.Join(" + ", merge.GroupIds)))
                    .Append(" may be one problem (proposal, ").Append(SourceName(merge.Source)).Append("): ")
                    .Append(Text(merge.Reason)).Append('\n');
            }

            md.Append('\n');
        }

        return md.ToString();
    }

    /// <summary>Incidents, most important first: category, root group and the groups it explains, root first.</summary>
    private static void AppendIncidents(StringBuilder md, AnalysisDocument document)
    {
        if (document.Incidents.Count == 0)
        {
            return;
        }

        md.Append("## Incidents\n\n");
        var labels = document.Groups.ToDictionary(g => g.Id, g => g, StringComparer.Ordinal);
        foreach (var incident in document.Incidents)
        {
            md.Append("### ").Append(Text(incident.Id)).Append(" — ").Append(Text(incident.Title)).Append("\n\n");
            md.Append("- Cause category: ").Append(Code(CategoryName(incident.CauseCategory))).Append('\n');
            var root = labels.GetValueOrDefault(incident.RootGroupId);
            md.Append("- Root group: ").Append(Text(root?.Label ?? incident.RootGroupId));
            if (root is not null)
            {
                md.Append(Invariant, $" (first at line {root.FirstLine})");
            }

            md.Append('\n');
            md.Append("- Groups, root first: ").Append(Text(string.Join(", ", incident.GroupIds))).Append('\n');
            md.Append("- Time span: ").Append(Text(TimeRange(incident.FirstSeen, incident.LastSeen))).Append('\n');
            md.Append(Invariant, $"- Confidence: {incident.Confidence:P0} ({SourceName(incident.Source)})\n\n");
            md.Append(Text(incident.Summary)).Append("\n\n");
        }
    }

    /// <summary>The groups of the incidents in their order, each incident's root first; groups in no incident last.</summary>
    private static IEnumerable<ErrorGroup> InIncidentOrder(AnalysisDocument document)
    {
        var byId = document.Groups.ToDictionary(g => g.Id, g => g, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in document.Incidents.SelectMany(i => i.GroupIds))
        {
            if (seen.Add(id) && byId.TryGetValue(id, out var group))
            {
                yield return group;
            }
        }

        foreach (var group in document.Groups.Where(g => !seen.Contains(g.Id)))
        {
            yield return group;
        }
    }

    private static string KindName(MissingContextKind kind) =>
        AnalysisJson.Name(kind);

    /// <summary>The category as the API writes it ("dependency-unreachable").</summary>
    private static string CategoryName(CauseCategory category) =>
        AnalysisJson.Name(category);

    private static void AppendGroup(StringBuilder md, ErrorGroup group, Insight? insight, IReadOnlyList<Incident> incidents)
    {
        md.Append("### ").Append(Text(group.Label)).Append(Invariant, $" — {group.Severity}, {group.Count:N0} records\n\n");
        if (incidents.FirstOrDefault(i => i.Id == group.IncidentId) is { } incident)
        {
            md.Append("- Incident: ").Append(Text(incident.Id))
                .Append(incident.RootGroupId == group.Id ? " (root group)" : " (follows from " + incident.RootGroupId + ")").Append('\n');
        }

        md.Append(Invariant, $"- Lines {group.FirstLine}–{group.LastLine}; time span {TimeRange(group.FirstSeen, group.LastSeen)}\n");
        if (group.ExceptionTypes.Count > 0)
        {
            md.Append("- Exception chain: ").Append(Code(string.Join(" → ", group.ExceptionTypes))).Append('\n');
        }

        md.Append("- Why grouped: ").Append(Text(group.Reason)).Append("\n\n");
        Fence(md, group.Template);
        if (group.Samples.Count > 0)
        {
            var sample = group.Samples[0];
            md.Append(Invariant, $"Sample (line {sample.LineStart}):\n\n");
            Fence(md, sample.Text);
        }

        if (insight is null)
        {
            return;
        }

        md.Append(Invariant, $"**Probable cause** ({SourceName(insight.Source)}, confidence {insight.Confidence:P0}, category ")
            .Append(Code(CategoryName(insight.CauseCategory))).Append("): ")
            .Append(Text(insight.ProbableCause)).Append("\n\n");
        List(md, "Mitigation", insight.Mitigation);
        List(md, "Suggested investigation", insight.SuggestedInvestigation);
        List(md, "Missing context", [.. insight.MissingContext.Select(m => KindName(m.Kind) + ": " + m.Detail)]);
        if (insight.Evidence.Count > 0)
        {
            md.Append("**Evidence**\n\n");
            foreach (var e in insight.Evidence)
            {
                md.Append(Invariant, $"- line {e.Line}: ").Append(Code(e.Quote)).Append('\n');
            }

            md.Append('\n');
        }
    }

    private static void List(StringBuilder md, string title, IReadOnlyList<string> items)
    {
        if (items.Count == 0)
        {
            return;
        }

        md.Append("**").Append(title).Append("**\n\n");
        foreach (var item in items)
        {
            md.Append("- ").Append(Text(item)).Append('\n');
        }

        md.Append('\n');
    }

    private static string Headline(ErrorGroup group) =>
        group.ExceptionTypes.Count > 0
            ? $"{group.Label} ({group.ExceptionTypes[^1]}, {group.Count} records)"
            : $"{group.Label} ({group.Count} records)";

    private static string InsightSourceLine(LlmReport llm) => llm.Status switch
    {
        LlmStatus.Succeeded or LlmStatus.Cached => $"LLM ({llm.Model ?? "model unknown"}), checked against the evidence",
        LlmStatus.Partial => $"LLM ({llm.Model ?? "model unknown"}) for some groups, rules for the rest: {llm.FallbackReason}",
        _ => $"Rules: {llm.FallbackReason ?? "the LLM did not answer"}",
    };

    private static string SourceName(InsightSource source) => source == InsightSource.Llm ? "LLM" : "Rules";

    private static string TimeRange(DateTimeOffset? first, DateTimeOffset? last) =>
        first is null || last is null
            ? "no timestamps"
            : string.Create(Invariant, $"{first.Value.UtcDateTime:yyyy-MM-dd HH:mm:ss} → {last.Value.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC ({Duration(last.Value - first.Value)})");

    /// <summary>"3 s", "4 min 12 s", "2 h 5 min", "7 d 17 h".</summary>
    public static string Duration(TimeSpan span) =>
        span.TotalSeconds < 1 ? $"{span.TotalMilliseconds.ToString("0", Invariant)} ms"
        : span.TotalMinutes < 1 ? $"{span.TotalSeconds.ToString("0.#", Invariant)} s"
        : span.TotalHours < 1 ? $"{(int)span.TotalMinutes} min {span.Seconds} s"
        : span.TotalDays < 1 ? $"{(int)span.TotalHours} h {span.Minutes} min"
        : $"{(int)span.TotalDays} d {span.Hours} h";

    private static string Counts(IReadOnlyDictionary<string, int> counts) =>
        counts.Count == 0 ? "none" : string.Join(", ", counts.OrderByDescending(c => c.Value).Select(c => $"{c.Key} {c.Value.ToString("N0", Invariant)}"));

    private static void Row(StringBuilder md, string name, string value) =>
        md.Append("| ").Append(name).Append(" | ").Append(Text(value).Replace("|", "\\|", StringComparison.Ordinal)).Append(" |\n");

    /// <summary>Free text: one line, Markdown and HTML neutralised, so a log line cannot format the ticket.</summary>
    private static string Text(string value)
    {
        value = Defang(value);
        var sb = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            switch (c)
            {
                case '\r' or '\n' or '\t':
                    sb.Append(' ');
                    break;
                case '<':
                    sb.Append("&lt;");
                    break;
                case '>':
                    sb.Append("&gt;");
                    break;
                case '&':
                    sb.Append("&amp;");
                    break;
                case '\\' or '`' or '*' or '_' or '[' or ']' or '#' or '|':
                    sb.Append('\\').Append(c);
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }

        return sb.ToString();
    }

    /// <summary>An inline code span long enough to hold any backticks in <paramref name="value"/>.</summary>
    private static string Code(string value)
    {
        var oneLine = Defang(value).Replace('\r', ' ').Replace('\n', ' ');
        var ticks = new string('`', LongestRun(oneLine, '`') + 1);
        return $"{ticks} {oneLine} {ticks}";
    }

    private static void Fence(StringBuilder md, string value)
    {
        value = Defang(value);
        var fence = new string('`', Math.Max(3, LongestRun(value, '`') + 1));
        md.Append(fence).Append("text\n").Append(value.TrimEnd('\n', '\r')).Append('\n').Append(fence).Append("\n\n");
    }

    /// <summary>
    /// Log and LLM text pasted into a tracker must not act there: URLs are defanged (hxxp://, www[.]) so they do not
    /// auto-link, and bidi controls (which can reorder what a reader sees, "Trojan Source") are shown as {U+202E}.
    /// </summary>
    internal static string Defang(string value)
    {
        if (!value.AsSpan().ContainsAny(DefangTriggers))
        {
            return value;
        }

        var sb = new StringBuilder(value.Length + 16);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var rest = value.AsSpan(i);
            if (c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069'))
            {
                sb.Append("{U+").Append(((int)c).ToString("X4", Invariant)).Append('}');
            }
            else if (rest.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || rest.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
                     || rest.StartsWith("ftp://", StringComparison.OrdinalIgnoreCase))
            {
                sb.Append(c is 'f' or 'F' ? "fxp" : "hxxp");
                i += c is 'f' or 'F' ? 2 : 3;
            }
            else if (rest.StartsWith("www.", StringComparison.OrdinalIgnoreCase))
            {
                sb.Append(value, i, 3).Append("[.]");
                i += 3;
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private static readonly System.Buffers.SearchValues<char> DefangTriggers =
        System.Buffers.SearchValues.Create("hHfFwW\u061C\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069");

    private static int LongestRun(string value, char c)
    {
        int best = 0, run = 0;
        foreach (var ch in value)
        {
            run = ch == c ? run + 1 : 0;
            best = Math.Max(best, run);
        }

        return best;
    }
}
