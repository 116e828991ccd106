using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Core.Insights;

/// <summary>
/// Evaluates the compiled rules over a group's hits. The deepest cause of an exception chain decides first (the
/// highest-priority rule matching it); otherwise the highest-priority rule, except that a symptom signature (a timeout,
/// an exhausted pool, a 5xx) defers to a cause signature found as widely in the same group.
/// </summary>
internal static class RuleMatcher
{
    public static RuleMatch? Match(GroupScan scan, RuleCatalogue catalogue, ErrorGroup group)
    {
        RuleMatch? first = null;
        RuleMatch? cause = null;
        foreach (var compiled in catalogue.Compiled)
        {
            if (TryMatch(compiled, scan, group) is not { } match)
            {
                continue;
            }

            if (match.Innermost)
            {
                return match;
            }

            first ??= match;
            if (cause is null && !match.Rule.Symptom)
            {
                cause = match;
            }
        }

        return first is { Rule.Symptom: true } && cause is not null && cause.Coverage >= first.Coverage * 0.5 ? cause : first;
    }

    private static RuleMatch? TryMatch(CompiledRule compiled, GroupScan scan, ErrorGroup group)
    {
        if (!GroupScan.SeverityAllows(compiled.Rule, group) || AnyPresent(compiled.ExcludeTerms, scan.Present))
        {
            return null;
        }

        var anyTerm = AnyPresent(compiled.TypeTerms, scan.Present);
        foreach (var signature in compiled.Signatures)
        {
            anyTerm = anyTerm || AnyPresent(signature.AnyOf, scan.Present);
        }

        if (!anyTerm)
        {
            return null;
        }

        var strength = MatchStrength.None;
        string? exceptionType = null;
        var evidence = new List<TermHit>();
        var causeHits = new List<TermHit>();
        var innermost = false;
        var slots = new HashSet<int>();
        foreach (var hit in scan.Hits)
        {
            var segment = scan.Segments[hit.Segment];
            MatchStrength found;
            if (Array.IndexOf(compiled.TypeTerms, hit.Term) >= 0)
            {
                found = segment.Kind switch
                {
                    SegmentKind.ExceptionType or SegmentKind.ExceptionMessage => MatchStrength.Exception,
                    SegmentKind.RecordText => MatchStrength.Text,
                    _ => MatchStrength.Template,
                };
            }
            else if (segment.Kind != SegmentKind.ExceptionType && SignatureMatches(compiled.Signatures, hit, scan))
            {
                found = segment.Kind switch
                {
                    SegmentKind.ExceptionMessage => MatchStrength.Exception,
                    SegmentKind.RecordText => MatchStrength.Text,
                    _ => MatchStrength.Template,
                };
            }
            else
            {
                continue;
            }

            if (found > strength)
            {
                strength = found;
            }

            if (exceptionType is null && segment.Kind is SegmentKind.ExceptionType or SegmentKind.ExceptionMessage)
            {
                exceptionType = segment.ExceptionType;
            }

            if (segment.Kind == SegmentKind.RecordText)
            {
                evidence.Add(hit);
                if (scan.OnCauseLine(hit, out var deepest))
                {
                    causeHits.Add(hit);
                    innermost |= deepest;
                }
            }
            else if (segment.Innermost)
            {
                innermost = true;
            }

            if (segment.Slot >= 0)
            {
                slots.Add(segment.Slot);
            }
        }

        if (strength == MatchStrength.None)
        {
            return null;
        }

        var coverage = scan.ExaminedCount == 0 ? 1.0 : Math.Min(1.0, (double)slots.Count / scan.ExaminedCount);
        return new RuleMatch(compiled.Rule, strength, evidence, exceptionType, coverage) { Innermost = innermost, CauseHits = causeHits };
    }

    private static bool SignatureMatches(CompiledSignature[] signatures, TermHit hit, GroupScan scan)
    {
        foreach (var signature in signatures)
        {
            if (Array.IndexOf(signature.AnyOf, hit.Term) < 0)
            {
                continue;
            }

            if (signature.With.Length == 0 || HasCompanion(signature, hit, scan))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A term of <see cref="CompiledSignature.With"/> on the same line (and within the window, if any).</summary>
    private static bool HasCompanion(CompiledSignature signature, TermHit hit, GroupScan scan)
    {
        if (!AnyPresent(signature.With, scan.Present))
        {
            return false;
        }

        var text = scan.Segments[hit.Segment].Text.AsSpan();
        foreach (var other in scan.Hits)
        {
            if (other.Segment != hit.Segment || Array.IndexOf(signature.With, other.Term) < 0)
            {
                continue;
            }

            var from = Math.Min(other.Position, hit.Position);
            var to = Math.Max(other.Position, hit.Position);
            if (signature.Window > 0 && to - from > signature.Window)
            {
                continue;
            }

            if (text[from..to].IndexOf('\n') < 0)
            {
                return true;
            }
        }

        return false;
    }

    private static bool AnyPresent(int[] terms, bool[] present)
    {
        foreach (var t in terms)
        {
            if (present[t])
            {
                return true;
            }
        }

        return false;
    }
}
