using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Core.Incidents;

/// <summary>What incident building knows of one error group: its cause, when it started and the names it mentions.</summary>
internal sealed class GroupProfile(int index, ErrorGroup group, Insight? insight)
{
    public int Index { get; } = index;

    public ErrorGroup Group { get; } = group;

    public Insight? Insight { get; } = insight;

    public CauseCategory Category => Insight?.CauseCategory ?? CauseCategory.Unknown;

    /// <summary>True when the insight's rule names a cause rather than a symptom (see <see cref="CausalShapes"/>).</summary>
    public bool IsCause { get; set; }

    /// <summary>The rule id of the insight, or null.</summary>
    public string? Rule => Insight?.Rule;

    public DateTimeOffset? First => Group.FirstSeen;

    public DateTimeOffset? Last => Group.LastSeen;

    public HashSet<string> Entities { get; } = new(StringComparer.Ordinal);

    /// <summary>Member records read (bounded), for entities and context.</summary>
    public List<LogRecord> Members { get; } = [];

    /// <summary>Lower-cased text of the template and members' first lines, for shape checks ("write", "i/o").</summary>
    public string Words { get; set; } = string.Empty;
}
