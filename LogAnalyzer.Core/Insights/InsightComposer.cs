using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Core.Insights;

/// <summary>Turns a group's facts and its matched rule (or none) into an <see cref="Insight"/> within <see cref="InsightLimits"/>.</summary>
internal static class InsightComposer
{
    private const int MaxMatchedEvidence = 3;

    private static readonly HashSet<string> UninformativeTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "Error", "Exception", "System.Exception", "java.lang.Exception", "RuntimeException", "java.lang.RuntimeException",
        "Throwable", "java.lang.Throwable", "panic", "StandardError", "BaseException",
    };

    public static Insight FromRule(GroupFacts facts, GroupScan scan, RuleMatch match)
    {
        var rule = match.Rule;
        var group = facts.Group;
        var ordered = OrderHits(scan, match.Hits);

        // The "Caused by" lines first, deepest first: they show the cause, the outer lines only its consequence.
        List<TermHit> causeFirst = match.CauseHits.Count > 0 ? [.. OrderHits(scan, match.CauseHits).AsEnumerable().Reverse(), .. ordered] : ordered;
        var endpoint = FindEndpoint(scan, causeFirst, facts);
        var durationStated = ordered.Exists(h => TextFacts.HasDuration(LineSpan(scan, h)))
            || facts.Examined.Exists(r => r.Exception?.Message is { } m && TextFacts.HasDuration(m));

        var exceptionType = Informative(match.ExceptionType)
            ?? Informative(group.ExceptionTypes.Count > 0 ? group.ExceptionTypes[0] : null)
            ?? Informative(facts.First?.Exception?.Type);
        var serverSide = rule.Category == CauseCategory.UpstreamError && AccessLogAdvice.IsServerLog(facts);
        var cause = serverSide
            ? AccessLogAdvice.Cause.Replace("{upstream}", endpoint is null ? string.Empty : " (upstream " + endpoint + ")", StringComparison.Ordinal)
            : rule.ProbableCause
                .Replace("{exception}", exceptionType is null ? string.Empty : " (" + exceptionType + ")", StringComparison.Ordinal)
                .Replace("{target}", endpoint ?? rule.TargetNoun, StringComparison.Ordinal);
        if (match.Coverage < 0.5)
        {
            cause += " The signature appears in only some of the group's records, so it may be incidental.";
        }

        var confidence = rule.Confidence - match.Strength switch
        {
            MatchStrength.Exception => 0.0,
            MatchStrength.Text => 0.05,
            _ => 0.1,
        };
        if (match.Coverage < 0.5)
        {
            confidence -= 0.15;
        }

        // The lines that show the signature (quoted around the match), then the first occurrence if not among them.
        var evidence = new List<Evidence>();
        foreach (var hit in causeFirst)
        {
            if (evidence.Count >= MaxMatchedEvidence)
            {
                break;
            }

            var line = scan.LineOf(hit);
            if (line > 0 && !evidence.Exists(e => e.Line == line))
            {
                evidence.Add(new Evidence(line, TextFacts.QuoteAt(scan.Segments[hit.Segment].Text, hit.Position)));
            }
        }

        var cited = new List<Evidence>();
        AddFirstOccurrence(cited, facts);
        evidence.AddRange(cited.Where(c => !evidence.Exists(e => e.Line == c.Line)));

        var investigation = new List<string> { StartingPoint(facts) };
        investigation.AddRange(serverSide ? AccessLogAdvice.Investigation : rule.SuggestedInvestigation);

        return new Insight
        {
            GroupId = group.Id,
            ProbableCause = Phrases.Bound(cause, InsightLimits.MaxCauseLength),
            Evidence = Finish(evidence),
            MissingContext = MissingContextBuilder.Build(rule.Needs, rule, facts, endpoint, durationStated),
            SuggestedInvestigation = BoundItems(investigation),
            Mitigation = BoundItems(serverSide ? AccessLogAdvice.Mitigation : rule.Mitigation),
            Confidence = Math.Round(Math.Clamp(confidence, 0.35, 0.95), 2),
            Source = InsightSource.Rules,
            Rule = rule.Id,
            CauseCategory = rule.Category,
        };
    }

    public static Insight Generic(GroupFacts facts)
    {
        var group = facts.Group;
        var burst = Burst.Find(facts.Times);
        var exceptionType = (group.ExceptionTypes.Count > 0 ? group.ExceptionTypes[0] : null) ?? facts.First?.Exception?.Type;
        var firstLine = facts.First?.LineStart ?? group.FirstLine;
        var firstSeen = facts.First?.Timestamp ?? group.FirstSeen;

        var cause = "No known signature matched this group, so the rules cannot name a probable cause; these are the facts. "
            + Phrases.Plural(group.Count, group.Severity + " record", group.Severity + " records")
            + (string.IsNullOrEmpty(exceptionType) ? string.Empty : " with " + exceptionType)
            + ", first at line " + Phrases.N(firstLine)
            + (firstSeen is null ? string.Empty : " (" + Phrases.Time(firstSeen) + ")")
            + SpreadClause(group, burst) + "."
            + (facts.Preceding is { } before
                ? " The nearest preceding non-error record is line " + Phrases.N(before.LineStart) + ": \"" + Phrases.Bound(TextFacts.QuoteFirstLine(before.Text ?? before.Message), 120) + "\"."
                : " No non-error record precedes it.");

        var evidence = new List<Evidence>();
        AddFirstOccurrence(evidence, facts);
        if (burst is not null && burst.Start.LineStart != firstLine)
        {
            evidence.Add(new Evidence(burst.Start.LineStart, TextFacts.QuoteFirstLine(burst.Start.Text ?? burst.Start.Message)));
        }

        if (facts.Last is { } last && !evidence.Exists(e => e.Line == last.LineStart))
        {
            evidence.Add(new Evidence(last.LineStart, TextFacts.QuoteFirstLine(last.Text ?? last.Message)));
        }

        var investigation = new List<string> { StartingPoint(facts) };
        if (TopFrame(facts) is { } frame)
        {
            investigation.Add("Start in the code at the top application frame " + frame + " and find which condition raises " + (exceptionType ?? "the error") + ".");
        }

        if (burst is not null)
        {
            investigation.Add("Correlate the burst at " + Phrases.Time(burst.Start.Timestamp) + " (" + Phrases.N(burst.Count) + " occurrences within "
                + Phrases.Seconds(burst.Span) + ") with deployments, restarts, traffic peaks or dependency incidents at that moment.");
        }
        else if (group.Count > 1)
        {
            investigation.Add("Check whether the occurrences follow traffic, a schedule (jobs, timers) or one particular input.");
        }

        investigation.Add("Search other components' logs for the same template around the first occurrence to tell whether this is a cause or a symptom.");

        var mitigation = new List<string> { "None can be recommended with confidence until the cause is known." };
        if (burst is not null)
        {
            mitigation.Add("If the burst coincides with a deployment or configuration change, reverting it is the quickest test.");
        }

        mitigation.Add("Add context to this log statement (operation, identifiers, inputs, the exception with its stack trace) so the next occurrence can be explained.");

        var confidence = 0.1
            + (string.IsNullOrEmpty(exceptionType) ? 0 : 0.05)
            + (facts.Preceding is null ? 0 : 0.05)
            + (burst is null ? 0 : 0.05);

        return new Insight
        {
            GroupId = group.Id,
            ProbableCause = Phrases.Bound(cause, InsightLimits.MaxCauseLength),
            Evidence = Finish(evidence),
            MissingContext = MissingContextBuilder.Build(
                ContextNeed.TraceId | ContextNeed.StackTrace | ContextNeed.Versions | ContextNeed.Instance | ContextNeed.RecentChanges,
                rule: null, facts, endpoint: null, durationStated: false),
            SuggestedInvestigation = BoundItems(investigation),
            Mitigation = BoundItems(mitigation),
            Confidence = Math.Round(Math.Min(confidence, 0.3), 2),
            Source = InsightSource.Rules,
            Rule = InsightLimits.GenericRule,
        };
    }

    /// <summary>An exception type worth naming: not a bare base type such as "Error" or "Exception".</summary>
    private static string? Informative(string? type) =>
        string.IsNullOrWhiteSpace(type) || UninformativeTypes.Contains(type) ? null : type;

    private static string SpreadClause(ErrorGroup group, Burst? burst)
    {
        if (burst is not null)
        {
            return burst.Count >= group.Count
                ? ", all " + Phrases.N(burst.Count) + " within " + Phrases.Seconds(burst.Span) + " (a burst)"
                : ", with a burst of " + Phrases.N(burst.Count) + " within " + Phrases.Seconds(burst.Span) + " from line " + Phrases.N(burst.Start.LineStart);
        }

        return group is { Count: > 1, FirstSeen: { } from, LastSeen: { } to } && to > from
            ? ", spread over " + Phrases.Duration(to - from)
            : string.Empty;
    }

    /// <summary>The first investigation step, from facts: where to start reading and what preceded it.</summary>
    private static string StartingPoint(GroupFacts facts)
    {
        var group = facts.Group;
        var first = facts.First?.LineStart ?? group.FirstLine;
        var time = facts.First?.Timestamp ?? group.FirstSeen;
        var text = "Start from the first occurrence at line " + Phrases.N(first)
            + (time is null ? string.Empty : " (" + Phrases.Time(time) + ")")
            + (group.Count > 1 ? ", the first of " + Phrases.N(group.Count) : string.Empty);
        if (facts.Preceding is { } before)
        {
            text += "; line " + Phrases.N(before.LineStart) + " is the last non-error record before it and may show what was happening";
        }

        return text + ".";
    }

    private static string? TopFrame(GroupFacts facts)
    {
        var exception = facts.First?.Exception;
        if (exception is null)
        {
            return null;
        }

        var frame = exception.Frames.FirstOrDefault(f => f.InApp)
            ?? exception.Causes.SelectMany(c => c.Frames).FirstOrDefault(f => f.InApp);
        if (frame is null || string.IsNullOrWhiteSpace(frame.Function))
        {
            return null;
        }

        var location = frame.File is null ? string.Empty
            : " (" + frame.File + (frame.Line is { } line ? ":" + Phrases.N(line) : string.Empty) + ")";
        return Phrases.Bound(frame.Function + location, 160);
    }

    private static void AddFirstOccurrence(List<Evidence> evidence, GroupFacts facts)
    {
        if (facts.First is { } first)
        {
            evidence.Add(new Evidence(first.LineStart, TextFacts.QuoteFirstLine(first.Text ?? first.Message)));
            return;
        }

        // No record carries the group's id: cite the group's own samples, else its first line with the template.
        var group = facts.Group;
        var sample = group.Samples.Where(s => s is not null && s.LineStart > 0).OrderBy(s => s.LineStart).FirstOrDefault();
        if (sample is not null)
        {
            evidence.Add(new Evidence(sample.LineStart, TextFacts.QuoteFirstLine(sample.Text ?? string.Empty)));
        }
        else if (group.FirstLine > 0)
        {
            evidence.Add(new Evidence(group.FirstLine, TextFacts.QuoteFirstLine(group.Template ?? string.Empty)));
        }
    }

    /// <summary>Hits on message lines by line number; stack-frame lines only when no message line matched.</summary>
    private static List<TermHit> OrderHits(GroupScan scan, IReadOnlyList<TermHit> hits)
    {
        var ranked = hits
            .Select(h => (Hit: h, Frame: TextFacts.IsFrameLine(scan.Segments[h.Segment].Text, h.Position), Line: scan.LineOf(h)))
            .ToList();
        var anyMessage = ranked.Exists(x => !x.Frame);
        return [.. ranked
            .Where(x => !anyMessage || !x.Frame)
            .OrderBy(x => x.Line)
            .ThenBy(x => x.Hit.Position)
            .Select(x => x.Hit)];
    }

    private static string? FindEndpoint(GroupScan scan, List<TermHit> hits, GroupFacts facts)
    {
        foreach (var hit in hits)
        {
            if (TextFacts.FindEndpoint(LineSpan(scan, hit)) is { } endpoint)
            {
                return endpoint;
            }
        }

        foreach (var record in facts.Examined)
        {
            if (record.Exception?.Message is { } message && TextFacts.FindEndpoint(message) is { } endpoint)
            {
                return endpoint;
            }
        }

        return null;
    }

    private static ReadOnlySpan<char> LineSpan(GroupScan scan, TermHit hit)
    {
        var text = scan.Segments[hit.Segment].Text;
        var start = hit.Position == 0 ? 0 : text.LastIndexOf('\n', hit.Position - 1) + 1;
        var end = text.IndexOf('\n', hit.Position);
        return text.AsSpan(start, (end < 0 ? text.Length : end) - start);
    }

    private static Evidence[] Finish(List<Evidence> evidence) =>
        [.. evidence.Where(e => e.Line > 0).OrderBy(e => e.Line).Take(InsightLimits.MaxEvidence)];

    private static string[] BoundItems(IEnumerable<string> items) =>
        [.. items.Take(InsightLimits.MaxItems).Select(i => Phrases.Bound(i, InsightLimits.MaxItemLength))];
}
