using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Json.Schema;
using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Core.Llm;

/// <summary>
/// Parse → schema (embedded <see cref="LlmAnswerSchema"/>, JsonSchema.Net) → semantics. The only clean-up is a trim, one leading
/// <c>&lt;think&gt;…&lt;/think&gt;</c> block and one surrounding code fence. Failing items are dropped and counted,
/// never repaired by guessing; inside an otherwise good group answer a single bad evidence line or list entry is
/// dropped (and counted) rather than the whole answer. Every text must read as an explanation (<see cref="LlmTextCheck"/>).
/// </summary>
internal static partial class LlmAnswerValidator
{
    internal const int MaxTextLength = LlmAnswerSchema.MaxTextLength;
    internal const int MaxListItems = LlmAnswerSchema.MaxListItems;

    private static readonly Dictionary<string, CauseCategory> Categories = Enum.GetValues<CauseCategory>()
        .ToDictionary(c => JsonNamingPolicy.KebabCaseLower.ConvertName(c.ToString()), StringComparer.Ordinal);

    private static readonly Dictionary<string, MissingContextKind> Kinds = Enum.GetValues<MissingContextKind>()
        .ToDictionary(k => JsonNamingPolicy.CamelCase.ConvertName(k.ToString()), StringComparer.Ordinal);

    public static LlmAnswerCheck Validate(string? content, LlmPrompt prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        if (string.IsNullOrWhiteSpace(content))
        {
            return Unusable("the reply was empty");
        }

        if (Unwrap(content) is not { } json)
        {
            return Unusable("the reply is not one JSON object (prose, or text around the JSON)");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException ex)
        {
            return Unusable($"the reply is not valid JSON (line {(ex.LineNumber ?? 0) + 1}): it may be truncated or contain prose");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Unusable("the reply is JSON but not an object");
            }

            var findings = new Findings();
            var results = LlmAnswerSchema.Schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            var failures = results.IsValid
                ? []
                : (results.Details ?? []).Where(d => d.Errors is { Count: > 0 }).ToList();
            if (!results.IsValid && failures.Count == 0)
            {
                return Unusable("schema: the reply does not match the answer schema");
            }

            foreach (var failure in failures)
            {
                var path = failure.InstanceLocation.ToString();
                findings.Errors.Add($"schema {(path.Length == 0 ? "/" : path)}: {string.Join("; ", failure.Errors!.Values)}");
                if (ItemPath().Match(path) is { Success: true } item)
                {
                    findings.BadItems.Add((item.Groups[1].Value, int.Parse(item.Groups[2].Value, CultureInfo.InvariantCulture)));
                }
                else
                {
                    return new LlmAnswerCheck { Parsed = false, Errors = findings.Errors };
                }
            }

            return Semantics(document.RootElement, prompt, findings);
        }
    }

    /// <summary>Trim; drop one leading think block; strip one surrounding fence. Null when not a lone object.</summary>
    internal static string? Unwrap(string content)
    {
        var text = content.Trim();
        if (text.StartsWith("<think>", StringComparison.OrdinalIgnoreCase))
        {
            var end = text.IndexOf("</think>", StringComparison.OrdinalIgnoreCase);
            if (end < 0)
            {
                return null;
            }

            text = text[(end + "</think>".Length)..].Trim();
        }

        if (text.StartsWith("```", StringComparison.Ordinal))
        {
            var firstNewLine = text.IndexOf('\n', StringComparison.Ordinal);
            if (firstNewLine < 0 || !text.EndsWith("```", StringComparison.Ordinal) || text.Length < firstNewLine + 4)
            {
                return null;
            }

            var tag = text[3..firstNewLine].Trim();
            if (tag.Length > 0 && !tag.Equals("json", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            text = text[(firstNewLine + 1)..^3].Trim();
        }

        return text.StartsWith('{') && text.EndsWith('}') ? text : null;
    }

    private static LlmAnswerCheck Semantics(JsonElement root, LlmPrompt prompt, Findings findings)
    {
        var context = new Context(prompt, LlmTextCheck.ScriptsOf(string.Join('\n', prompt.Messages.Select(m => m.Content))), findings);
        var insights = new List<Insight>();
        var answered = new HashSet<string>(StringComparer.Ordinal);
        var groups = root.GetProperty("groups");
        for (var i = 0; i < groups.GetArrayLength(); i++)
        {
            if (!findings.BadItems.Contains(("groups", i)) && context.Item($"groups[{i}]", CheckGroup(groups[i], $"groups[{i}]", context, answered)) is { } insight)
            {
                insights.Add(insight);
            }
        }

        var merges = new List<MergeProposal>();
        var seenMerges = new HashSet<string>(StringComparer.Ordinal);
        var mergeItems = root.GetProperty("merges");
        for (var i = 0; i < mergeItems.GetArrayLength(); i++)
        {
            if (!findings.BadItems.Contains(("merges", i)) && context.Item($"merges[{i}]", CheckMerge(mergeItems[i], $"merges[{i}]", context, seenMerges)) is { } merge)
            {
                merges.Add(merge);
            }
        }

        var incidents = CheckIncidents(root.GetProperty("incidents"), context);
        return new LlmAnswerCheck
        {
            Parsed = true, Insights = insights, Merges = merges, Incidents = incidents,
            Dropped = findings.BadItems.Count + findings.Dropped, Errors = findings.Errors,
        };
    }

    private static Checked<Insight> CheckGroup(JsonElement item, string path, Context context, HashSet<string> answered)
    {
        var prompt = context.Prompt;
        var id = item.GetProperty("group_id").GetString() ?? "";
        if (!prompt.GroupIds.Contains(id, StringComparer.Ordinal))
        {
            return Checked<Insight>.No($"group_id '{Short(id)}' is not one of the groups given ({string.Join(", ", prompt.GroupIds)})");
        }

        if (answered.Contains(id))
        {
            return Checked<Insight>.No($"group '{id}' is answered twice");
        }

        var cause = (item.GetProperty("probable_cause").GetString() ?? "").Trim();
        if (TextProblem(cause, context) is { } causeProblem)
        {
            return Checked<Insight>.No($"probable_cause {causeProblem} (use \"unknown\" when unsure)");
        }

        if (!Categories.TryGetValue(item.GetProperty("cause_category").GetString() ?? "", out var category))
        {
            return Checked<Insight>.No("cause_category is not one of the taxonomy");
        }

        var confidence = item.GetProperty("confidence").GetDouble();
        if (!double.IsFinite(confidence) || confidence < 0 || confidence > 1)
        {
            return Checked<Insight>.No("confidence must be a number from 0 to 1");
        }

        var missing = new List<MissingContextItem>();
        foreach (var (entry, index) in Bounded(item.GetProperty("missing_context"), $"{path}.missing_context", context))
        {
            var detail = (entry.GetProperty("detail").GetString() ?? "").Trim();
            if (TextProblem(detail, context) is { } problem)
            {
                context.Flag($"{path}.missing_context[{index}]: detail {problem}");
            }
            else
            {
                missing.Add(new MissingContextItem(Kinds.GetValueOrDefault(entry.GetProperty("kind").GetString() ?? "", MissingContextKind.Other),
                    Insights.Phrases.Bound(detail, InsightLimits.MaxItemLength)));
            }
        }

        var steps = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var name in new[] { "suggested_investigation", "mitigation" })
        {
            steps[name] = [];
            foreach (var (entry, index) in Bounded(item.GetProperty(name), $"{path}.{name}", context))
            {
                var text = (entry.GetString() ?? "").Trim();
                if (TextProblem(text, context) is { } problem)
                {
                    context.Flag($"{path}.{name}[{index}] {problem}");
                }
                else
                {
                    // Accepted up to the validator's limit, kept within the bounds every insight source respects.
                    steps[name].Add(Insights.Phrases.Bound(text, InsightLimits.MaxItemLength));
                }
            }
        }

        var allowed = prompt.EvidenceLines.TryGetValue(id, out var set) ? set : new HashSet<int>();
        var (lines, bad) = Lines(item.GetProperty("evidence_lines"), allowed, $"{path}.evidence_lines", $"group '{id}'");
        if (bad.Count > 0 && lines.Count == 0)
        {
            return Checked<Insight>.No($"none of its evidence lines were shown for group '{id}'");
        }

        bad.ForEach(context.Flag);

        answered.Add(id);
        return Checked<Insight>.Yes(new Insight
        {
            GroupId = id,
            ProbableCause = cause,
            CauseCategory = category,
            Evidence = [.. lines.Select(l => new Evidence(l, Quote(prompt, l)))],
            MissingContext = missing,
            SuggestedInvestigation = steps["suggested_investigation"],
            Mitigation = steps["mitigation"],
            Confidence = confidence,
            Source = InsightSource.Llm,
        });
    }

    private static Checked<MergeProposal> CheckMerge(JsonElement item, string path, Context context, HashSet<string> seen)
    {
        var prompt = context.Prompt;
        var ids = item.GetProperty("group_ids").EnumerateArray().Select(v => v.GetString() ?? "").ToList();
        if (ids.Count < 2)
        {
            return Checked<MergeProposal>.No("a merge needs at least two group ids");
        }

        if (ids.FirstOrDefault(id => !prompt.GroupIds.Contains(id, StringComparer.Ordinal)) is { } unknown)
        {
            return Checked<MergeProposal>.No($"group id '{Short(unknown)}' is not one of the groups given");
        }

        if (ids.Distinct(StringComparer.Ordinal).Count() != ids.Count)
        {
            return Checked<MergeProposal>.No("a merge must name distinct groups (a group cannot merge with itself)");
        }

        var reason = (item.GetProperty("reason").GetString() ?? "").Trim();
        if (TextProblem(reason, context) is { } problem)
        {
            return Checked<MergeProposal>.No($"reason {problem}");
        }

        var allowed = ids.SelectMany(id => prompt.EvidenceLines.TryGetValue(id, out var set) ? set : (IEnumerable<int>)[]).ToHashSet();
        var (lines, bad) = Lines(item.GetProperty("evidence_lines"), allowed, $"{path}.evidence_lines", "the merged groups");
        if (lines.Count == 0)
        {
            return Checked<MergeProposal>.No("a merge needs evidence: cite at least one line shown for the merged groups");
        }

        bad.ForEach(context.Flag);

        var ordered = ids.Order(StringComparer.Ordinal).ToList();
        return seen.Add(string.Join('\u001f', ordered))
            ? Checked<MergeProposal>.Yes(new MergeProposal(ordered, reason, InsightSource.Llm))
            : Checked<MergeProposal>.No("the same merge is proposed twice");
    }

    /// <summary>
    /// Incident re-groupings: a sent incident, answered once, with existing group ids, its root among them, no group in
    /// two incidents, and no group taken that is the root of an incident left unanswered (it would orphan it).
    /// </summary>
    private static List<LlmIncidentAnswer> CheckIncidents(JsonElement items, Context context)
    {
        var prompt = context.Prompt;
        var known = prompt.KnownGroupIds.ToHashSet(StringComparer.Ordinal);
        var accepted = new List<LlmIncidentAnswer>();
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < items.GetArrayLength(); i++)
        {
            if (context.Findings.BadItems.Contains(("incidents", i)))
            {
                continue;
            }

            var item = items[i];
            var id = item.GetProperty("incident_id").GetString() ?? "";
            var root = item.GetProperty("root_group_id").GetString() ?? "";
            var ids = item.GetProperty("group_ids").EnumerateArray().Select(v => v.GetString() ?? "").Distinct(StringComparer.Ordinal).ToList();
            string? problem = null;
            if (!prompt.IncidentIds.Contains(id, StringComparer.Ordinal))
            {
                problem = $"incident_id '{Short(id)}' is not one of the incidents given";
            }
            else if (accepted.Any(a => a.IncidentId == id))
            {
                problem = $"incident '{id}' is answered twice";
            }
            else if (ids.FirstOrDefault(g => !known.Contains(g)) is { } unknown)
            {
                problem = $"group id '{Short(unknown)}' is not one of the groups given";
            }
            else if (!ids.Contains(root, StringComparer.Ordinal))
            {
                problem = $"root_group_id '{Short(root)}' is not one of the incident's group_ids";
            }
            else if (ids.FirstOrDefault(claimed.Contains) is { } twice)
            {
                problem = $"group '{twice}' is placed in two incidents";
            }
            else if (!Categories.TryGetValue(item.GetProperty("cause_category").GetString() ?? "", out _))
            {
                problem = "cause_category is not one of the taxonomy";
            }

            if (problem is not null)
            {
                context.Item<LlmIncidentAnswer>($"incidents[{i}]", Checked<LlmIncidentAnswer>.No(problem));
                continue;
            }

            claimed.UnionWith(ids);
            accepted.Add(new LlmIncidentAnswer(id, root, [root, .. ids.Where(g => g != root)], Categories[item.GetProperty("cause_category").GetString()!]));
        }

        // A group taken from an incident that was not answered must not be that incident's root.
        var answeredIds = accepted.Select(a => a.IncidentId).ToHashSet(StringComparer.Ordinal);
        foreach (var (incident, members) in prompt.IncidentGroups)
        {
            if (!answeredIds.Contains(incident) && members.Count > 0 && accepted.FirstOrDefault(a => a.GroupIds.Contains(members[0], StringComparer.Ordinal)) is { } taker)
            {
                accepted.Remove(taker);
                context.Item<LlmIncidentAnswer>($"incident '{taker.IncidentId}'", Checked<LlmIncidentAnswer>.No(
                    $"takes group '{members[0]}', the root of incident '{incident}', which was not answered"));
            }
        }

        return accepted;
    }

    /// <summary>The list's entries up to <see cref="MaxListItems"/>; the rest are dropped and flagged.</summary>
    private static IEnumerable<(JsonElement Entry, int Index)> Bounded(JsonElement list, string path, Context context)
    {
        var count = list.GetArrayLength();
        if (count > MaxListItems)
        {
            context.Flag($"{path}: only the first {MaxListItems} of {count} entries are kept");
        }

        return list.EnumerateArray().Take(MaxListItems).Select((e, i) => (e, i));
    }

    /// <summary>The cited lines that were shown (distinct, ordered), and why each other cited line is to be dropped.</summary>
    private static (List<int> Lines, List<string> Bad) Lines(JsonElement list, IEnumerable<int> allowed, string path, string owner)
    {
        var shown = allowed as IReadOnlySet<int> ?? allowed.ToHashSet();
        var lines = new SortedSet<int>();
        var bad = new List<string>();
        foreach (var value in list.EnumerateArray())
        {
            if (value.TryGetInt32(out var line) && shown.Contains(line))
            {
                lines.Add(line);
            }
            else
            {
                bad.Add($"{path}: evidence line {Short(value.GetRawText())} is not one of the lines shown for {owner}; dropped");
            }
        }

        return ([.. lines.Take(MaxListItems)], bad);
    }

    private static string? TextProblem(string text, Context context) =>
        text.Length == 0 ? "is empty"
        : text.Length > MaxTextLength ? $"is longer than {MaxTextLength} characters"
        : LlmTextCheck.Problem(text, context.Scripts);

    private static string Quote(LlmPrompt prompt, int line)
    {
        var text = prompt.LineText.TryGetValue(line, out var t) ? t.Trim() : "";
        return Insights.Phrases.Bound(text, InsightLimits.MaxQuoteLength);
    }

    private static string Short(string value) => value.Length <= 40 ? value : string.Concat(value.AsSpan(0, 40), "…");

    private static LlmAnswerCheck Unusable(string error) => new() { Parsed = false, Errors = [error] };

    [GeneratedRegex(@"^/(groups|merges|incidents)/(\d+)(/|$)", RegexOptions.CultureInvariant)]
    private static partial Regex ItemPath();

    private readonly record struct Checked<T>(T? Value, string? Problem)
        where T : class
    {
        public static Checked<T> Yes(T value) => new(value, null);

        public static Checked<T> No(string problem) => new(default, problem);
    }

    private sealed class Findings
    {
        public HashSet<(string List, int Index)> BadItems { get; } = [];

        public List<string> Errors { get; } = [];

        public int Dropped { get; set; }
    }

    private sealed record Context(LlmPrompt Prompt, IReadOnlySet<int> Scripts, Findings Findings)
    {
        /// <summary>A part of a kept item was dropped: counted and explained.</summary>
        public void Flag(string error)
        {
            Findings.Dropped++;
            Findings.Errors.Add(error);
        }

        public T? Item<T>(string path, Checked<T> result)
            where T : class
        {
            if (result.Problem is not null)
            {
                Flag($"{path}: {result.Problem}");
            }

            return result.Value;
        }
    }
}
