using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Core.Llm;

/// <summary>
/// Parse → schema (NJsonSchema, embedded <see cref="LlmAnswerSchema"/>) → semantics. The only clean-up is a trim,
/// one leading <c>&lt;think&gt;…&lt;/think&gt;</c> block and one surrounding code fence. Failing items are dropped and
/// counted, never repaired by guessing.
/// </summary>
internal static partial class LlmAnswerValidator
{
    internal const int MaxTextLength = 600;
    internal const int MaxListItems = 8;

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

            var errors = new List<string>();
            var badItems = new HashSet<(string List, int Index)>();
            foreach (var error in LlmAnswerSchema.Schema.Validate(json))
            {
                var path = error.Path ?? "#";
                var message = $"{path}: {error.Kind}";
                if (ItemPath().Match(path) is { Success: true } item)
                {
                    badItems.Add((item.Groups[1].Value, int.Parse(item.Groups[2].Value, CultureInfo.InvariantCulture)));
                    errors.Add("schema " + message);
                }
                else
                {
                    errors.Add("schema " + message);
                    return new LlmAnswerCheck { Parsed = false, Errors = errors };
                }
            }

            return Semantics(document.RootElement, prompt, badItems, errors);
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

    private static LlmAnswerCheck Semantics(
        JsonElement root, LlmPrompt prompt, HashSet<(string List, int Index)> badItems, List<string> errors)
    {
        var sent = prompt.GroupIds.ToHashSet(StringComparer.Ordinal);
        var insights = new List<Insight>();
        var merges = new List<MergeProposal>();
        var dropped = badItems.Count;
        var answered = new HashSet<string>(StringComparer.Ordinal);

        var groups = root.GetProperty("groups");
        for (var i = 0; i < groups.GetArrayLength(); i++)
        {
            if (badItems.Contains(("groups", i)))
            {
                continue;
            }

            var problem = CheckGroup(groups[i], prompt, sent, answered, out var insight);
            if (problem is null)
            {
                insights.Add(insight!);
            }
            else
            {
                dropped++;
                errors.Add($"groups[{i}]: {problem}");
            }
        }

        var mergeItems = root.GetProperty("merges");
        var seenMerges = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < mergeItems.GetArrayLength(); i++)
        {
            if (badItems.Contains(("merges", i)))
            {
                continue;
            }

            var problem = CheckMerge(mergeItems[i], sent, seenMerges, out var merge);
            if (problem is null)
            {
                merges.Add(merge!);
            }
            else
            {
                dropped++;
                errors.Add($"merges[{i}]: {problem}");
            }
        }

        return new LlmAnswerCheck { Parsed = true, Insights = insights, Merges = merges, Dropped = dropped, Errors = errors };
    }

    private static string? CheckGroup(JsonElement item, LlmPrompt prompt, HashSet<string> sent, HashSet<string> answered, out Insight? insight)
    {
        insight = null;
        var id = item.GetProperty("group_id").GetString() ?? "";
        if (!sent.Contains(id))
        {
            return $"group_id '{Short(id)}' is not one of the groups given ({string.Join(", ", prompt.GroupIds)})";
        }

        if (!answered.Add(id))
        {
            return $"group '{id}' is answered twice";
        }

        var cause = (item.GetProperty("probable_cause").GetString() ?? "").Trim();
        if (cause.Length == 0 || cause.Length > MaxTextLength)
        {
            answered.Remove(id);
            return $"probable_cause must be 1..{MaxTextLength} characters (use \"unknown\" when unsure)";
        }

        var confidence = item.GetProperty("confidence").GetDouble();
        if (!double.IsFinite(confidence) || confidence < 0 || confidence > 1)
        {
            answered.Remove(id);
            return "confidence must be a number from 0 to 1";
        }

        var lists = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var name in new[] { "missing_context", "suggested_investigation", "mitigation" })
        {
            var values = item.GetProperty(name).EnumerateArray().Select(v => (v.GetString() ?? "").Trim()).ToList();
            if (values.Count > MaxListItems || values.Any(v => v.Length == 0 || v.Length > MaxTextLength))
            {
                answered.Remove(id);
                return $"{name} must have at most {MaxListItems} non-empty items of at most {MaxTextLength} characters";
            }

            // Accepted up to the validator's limit, kept within the bounds every insight source respects.
            lists[name] = [.. values.Select(v => Insights.Phrases.Bound(v, InsightLimits.MaxItemLength))];
        }

        var allowed = prompt.EvidenceLines.TryGetValue(id, out var set) ? set : new HashSet<int>();
        var lines = new List<int>();
        foreach (var value in item.GetProperty("evidence_lines").EnumerateArray())
        {
            if (!value.TryGetInt32(out var line) || !allowed.Contains(line))
            {
                answered.Remove(id);
                return $"evidence line {Short(value.GetRawText())} is not one of the lines shown for group '{id}'";
            }

            lines.Add(line);
        }

        insight = new Insight
        {
            GroupId = id,
            ProbableCause = cause,
            Evidence = [.. lines.Distinct().Order().Select(l => new Evidence(l, Quote(prompt, l)))],
            MissingContext = [.. lists["missing_context"].Select(v => new MissingContextItem(MissingContextKind.Other, v))],
            SuggestedInvestigation = lists["suggested_investigation"],
            Mitigation = lists["mitigation"],
            Confidence = confidence,
            Source = InsightSource.Llm,
        };
        return null;
    }

    private static string? CheckMerge(JsonElement item, HashSet<string> sent, HashSet<string> seen, out MergeProposal? merge)
    {
        merge = null;
        var ids = item.GetProperty("group_ids").EnumerateArray().Select(v => v.GetString() ?? "").ToList();
        if (ids.Count < 2)
        {
            return "a merge needs at least two group ids";
        }

        if (ids.FirstOrDefault(id => !sent.Contains(id)) is { } unknown)
        {
            return $"group id '{Short(unknown)}' is not one of the groups given";
        }

        if (ids.Distinct(StringComparer.Ordinal).Count() != ids.Count)
        {
            return "a merge must name distinct groups (a group cannot merge with itself)";
        }

        var reason = (item.GetProperty("reason").GetString() ?? "").Trim();
        if (reason.Length == 0 || reason.Length > MaxTextLength)
        {
            return $"reason must be 1..{MaxTextLength} characters";
        }

        var ordered = ids.Order(StringComparer.Ordinal).ToList();
        if (!seen.Add(string.Join('\u001f', ordered)))
        {
            return "the same merge is proposed twice";
        }

        merge = new MergeProposal(ordered, reason, InsightSource.Llm);
        return null;
    }

    private static string Quote(LlmPrompt prompt, int line)
    {
        var text = prompt.LineText.TryGetValue(line, out var t) ? t.Trim() : "";
        return Insights.Phrases.Bound(text, InsightLimits.MaxQuoteLength);
    }

    private static string Short(string value) => value.Length <= 40 ? value : string.Concat(value.AsSpan(0, 40), "…");

    private static LlmAnswerCheck Unusable(string error) => new() { Parsed = false, Errors = [error] };

    [GeneratedRegex(@"^#/(groups|merges)\[(\d+)\]", RegexOptions.CultureInvariant)]
    private static partial Regex ItemPath();
}
