using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LogAnalyzer.Core.Model;
using LogAnalyzer.Core.Redaction;

namespace LogAnalyzer.Core.Grouping;

/// <summary>
/// Forms error groups from Warning+ records and records with exceptions (sets <see cref="LogRecord.GroupId"/>).
/// With a stack trace the fingerprint is the exception type chain plus the top in-app frames (normalized);
/// without one it is the message template, templates that differ only in a masked variable merged.
/// Linear in the records (templates are compared only among the distinct error templates).
/// </summary>
public sealed class ErrorGrouper(SecretRedactor redactor)
{
    /// <summary>How many top frames make a stack fingerprint.</summary>
    internal const int TopFrames = 3;

    /// <summary>Longest sample text kept (characters).</summary>
    internal const int MaxSampleLength = 2000;

    public IReadOnlyList<ErrorGroup> Group(IReadOnlyList<LogRecord> records, IReadOnlyList<LogPattern> patterns)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(patterns);

        var templates = new Dictionary<string, string>(patterns.Count, StringComparer.Ordinal);
        foreach (var pattern in patterns)
        {
            templates.TryAdd(pattern.Id, pattern.Template);
        }

        // Pass 1: the distinct templates of error records without a stack trace, to merge them.
        var errorTemplates = new Dictionary<string, int>(StringComparer.Ordinal);
        var isError = new bool[records.Count]; // read once: the failure-signal scan of a record's text is not free
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            record.GroupId = null;
            isError[i] = IsError(record);
            if (isError[i] && !HasTrace(record.Exception))
            {
                errorTemplates.TryAdd(TemplateOf(record, templates), errorTemplates.Count);
            }
        }

        var merged = TemplateMerger.Merge([.. errorTemplates.Keys]);
        var templateKeys = Array.ConvertAll(merged, m => "template\n" + m.Canonical);

        // Pass 2: assign each error record to its group.
        var groups = new List<GroupAccumulator>();
        var byKey = new Dictionary<string, int>(StringComparer.Ordinal);
        var frameCache = new Dictionary<string, string>(StringComparer.Ordinal);
        var byChain = new Dictionary<string, List<(string[] Frames, int Group)>>(StringComparer.Ordinal);
        var membership = new int[records.Count];
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            membership[i] = -1;
            if (!isError[i])
            {
                continue;
            }

            int g;
            if (HasTrace(record.Exception))
            {
                var (chain, frames, inApp) = StackKey(record.Exception!, frameCache);
                var key = "trace\n" + string.Join('\n', chain) + "\n--\n" + string.Join('\n', frames);
                if (!byKey.TryGetValue(key, out g))
                {
                    // The same chain whose kept frames are a subsequence of a known group's (a truncated stack,
                    // "... N more", async frames dropped) is the same failure.
                    // Outermost and innermost types: a wrapper dropped in between does not make another failure.
                    var chainKey = chain[0] + "\n" + chain[^1];
                    if (!byChain.TryGetValue(chainKey, out var known))
                    {
                        byChain[chainKey] = known = [];
                    }

                    g = known.FindIndex(k => SameStack(k.Frames, frames)) is var at and >= 0 ? known[at].Group : -1;
                    if (g < 0)
                    {
                        g = groups.Count;
                        groups.Add(new GroupAccumulator(key, TraceReason(chain, frames, inApp), TemplateOf(record, templates), chain));
                        known.Add((frames, g));
                    }

                    byKey[key] = g;
                }
            }
            else
            {
                var index = errorTemplates[TemplateOf(record, templates)];
                var key = templateKeys[index];
                if (!byKey.TryGetValue(key, out g))
                {
                    var (canonical, size) = merged[index];
                    g = groups.Count;
                    byKey[key] = g;
                    groups.Add(new GroupAccumulator(key, TemplateReason(canonical, size), canonical, []));
                }
            }

            groups[g].Add(i, record, SeverityOf(record));
            membership[i] = g;
        }

        // Order by severity, count, first line; label A, B, … Z, AA, AB, …
        var order = Enumerable.Range(0, groups.Count)
            .OrderByDescending(g => groups[g].Severity)
            .ThenByDescending(g => groups[g].Count)
            .ThenBy(g => groups[g].FirstLine)
            .ToArray();
        var ids = new string[groups.Count];
        var result = new ErrorGroup[groups.Count];
        for (var rank = 0; rank < order.Length; rank++)
        {
            var acc = groups[order[rank]];
            var id = Label(rank);
            ids[order[rank]] = id;
            result[rank] = new ErrorGroup
            {
                Id = id,
                Label = "Error Group " + id,
                Count = acc.Count,
                Severity = acc.Severity,
                ExceptionTypes = acc.ExceptionTypes,
                Template = acc.Template,
                PatternIds = acc.PatternIds,
                FirstLine = acc.FirstLine,
                LastLine = acc.LastLine,
                FirstSeen = acc.FirstSeen,
                LastSeen = acc.LastSeen,
                Samples = [.. acc.SampleIndices().Select(i => Sample(records[i]))],
                Fingerprint = Fingerprint(acc.Key),
                Reason = acc.Reason,
            };
        }

        for (var i = 0; i < membership.Length; i++)
        {
            if (membership[i] >= 0)
            {
                records[i].GroupId = ids[membership[i]];
            }
        }

        return result;
    }

    /// <summary>True when the shorter frame list is a non-empty subsequence of the longer one.</summary>
    internal static bool SameStack(string[] a, string[] b)
    {
        var (shorter, longer) = a.Length <= b.Length ? (a, b) : (b, a);
        if (shorter.Length == 0)
        {
            return longer.Length == 0;
        }

        var i = 0;
        foreach (var frame in longer)
        {
            if (i < shorter.Length && string.Equals(shorter[i], frame, StringComparison.Ordinal))
            {
                i++;
            }
        }

        return i == shorter.Length;
    }

    /// <summary>0 → "A", 25 → "Z", 26 → "AA", 27 → "AB", …</summary>
    internal static string Label(int rank)
    {
        var chars = new StringBuilder();
        var n = rank + 1;
        while (n > 0)
        {
            n--;
            chars.Insert(0, (char)('A' + (n % 26)));
            n /= 26;
        }

        return chars.ToString();
    }

    internal static bool IsError(LogRecord record) =>
        record.Exception is not null || record.Level >= Severity.Warning || FailureSignals.In(record);

    /// <summary>The record's level; Error for an exception or a failure signal in a record below Warning.</summary>
    private static Severity SeverityOf(LogRecord record) =>
        record.Level is { } level && level >= Severity.Warning ? level : Severity.Error;

    private static bool HasTrace(ExceptionInfo? exception) =>
        exception is not null && (exception.Frames.Count > 0 || exception.Causes.Any(c => c.Frames.Count > 0));

    private static string TemplateOf(LogRecord record, Dictionary<string, string> templates) =>
        record.PatternId is not null && templates.TryGetValue(record.PatternId, out var template) ? template : record.Message;

    /// <summary>The type chain (outermost first) and the top in-app frames of the first exception in the chain that has frames.</summary>
    private static (string[] Chain, string[] Frames, bool InApp) StackKey(ExceptionInfo exception, Dictionary<string, string> cache)
    {
        var chain = new string[exception.Causes.Count + 1];
        chain[0] = exception.Type.Trim();
        for (var c = 0; c < exception.Causes.Count; c++)
        {
            chain[c + 1] = exception.Causes[c].Type.Trim();
        }

        var frames = exception.Frames.Count > 0
            ? exception.Frames
            : exception.Causes.First(c => c.Frames.Count > 0).Frames;
        var inApp = frames.Any(f => f.InApp);
        var top = new List<string>(TopFrames);
        foreach (var frame in frames)
        {
            if (inApp && !frame.InApp)
            {
                continue;
            }

            var name = NormalizeFrame(frame, cache);
            if (name.Length > 0 && (top.Count == 0 || top[^1] != name))
            {
                top.Add(name);
                if (top.Count == TopFrames)
                {
                    break;
                }
            }
        }

        return (chain, [.. top], inApp);
    }

    private static string NormalizeFrame(StackFrameInfo frame, Dictionary<string, string> cache)
    {
        var cacheKey = frame.File is null ? frame.Function : frame.Function + "\0" + frame.File;
        if (cache.TryGetValue(cacheKey, out var name))
        {
            return name;
        }

        name = FrameNormalizer.Normalize(frame.Function);

        // A bare function name (Python, Ruby, PHP, JS functions) is qualified by its file's name, not its path or line.
        if (name.Length > 0 && name.IndexOfAny(['.', ':', '/', '\\']) < 0 && !string.IsNullOrWhiteSpace(frame.File))
        {
            var file = frame.File.Replace('\\', '/');
            file = file[(file.LastIndexOf('/') + 1)..];
            var colon = file.IndexOf(':', StringComparison.Ordinal);
            file = colon > 0 ? file[..colon] : file;
            name = file.Length > 0 ? file + ":" + name : name;
        }

        cache[cacheKey] = name;
        return name;
    }

    private static string TraceReason(string[] chain, string[] frames, bool inApp)
    {
        var types = string.Join(" → ", chain);
        if (frames.Length == 0)
        {
            return $"Same exception chain ({types}).";
        }

        var names = string.Join(", ", frames.Select(FrameNormalizer.Short));
        return inApp
            ? $"Same exception chain ({types}) and top in-app frames ({names})."
            : $"Same exception chain ({types}) and top frames ({names}); no application frame was recognized.";
    }

    private static string TemplateReason(string template, int mergedTemplates) =>
        mergedTemplates > 1
            ? string.Create(CultureInfo.InvariantCulture, $"Same message template: {Clip(template, 200)} ({mergedTemplates} templates that differ only in masked values merged).")
            : $"Same message template: {Clip(template, 200)}";

    private GroupSample Sample(LogRecord record)
    {
        // Records are redacted at ingestion; redacting again costs nothing when clean and guards any other source.
        var text = Clip(redactor.Redact(record.Text, new RedactionTally()), MaxSampleLength);
        return new GroupSample(record.LineStart, record.LineEnd, text);
    }

    private static string Clip(string text, int max) =>
        text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");

    /// <summary>First 16 hex digits of the SHA-256 of the normalized key: stable across runs and machines.</summary>
    internal static string Fingerprint(string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16];
}
