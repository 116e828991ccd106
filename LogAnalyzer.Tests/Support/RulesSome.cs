using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Tests.Support;

/// <summary>
/// Builds <see cref="LogRecord"/>s and <see cref="ErrorGroup"/>s directly (no ingestion or grouping), for the
/// insights tests: records get consecutive input lines, a clock that advances, and the group id they are added to.
/// </summary>
internal sealed class RulesSome
{
    private readonly List<LogRecord> records = [];
    private readonly List<(string Id, List<LogRecord> Members)> groups = [];
    private int nextLine = 1;
    private DateTimeOffset clock = new(2024, 5, 14, 9, 0, 0, TimeSpan.Zero);

    public IReadOnlyList<LogRecord> Records => records;

    /// <summary>A non-error record (Info unless told).</summary>
    public RulesSome Info(string text, Severity level = Severity.Info, TimeSpan? after = null) =>
        Add(null, text, level, null, null, after ?? TimeSpan.FromSeconds(1), timestamp: true);

    /// <summary>A member of group <paramref name="groupId"/>; multi-line text spans several input lines.</summary>
    public RulesSome Error(
        string groupId,
        string text,
        ExceptionInfo? exception = null,
        Severity level = Severity.Error,
        IReadOnlyDictionary<string, string>? fields = null,
        TimeSpan? after = null,
        bool timestamp = true) =>
        Add(groupId, text, level, exception, fields, after ?? TimeSpan.FromSeconds(1), timestamp);

    /// <summary>The same member <paramref name="times"/> times, <paramref name="every"/> apart.</summary>
    public RulesSome Repeat(string groupId, string text, int times, TimeSpan every, ExceptionInfo? exception = null)
    {
        for (var i = 0; i < times; i++)
        {
            Error(groupId, text, exception, after: every);
        }

        return this;
    }

    /// <summary>The groups, each from its members (template = first member's message).</summary>
    public IReadOnlyList<ErrorGroup> Groups() =>
        [.. groups.Select(g => Group(g.Id, g.Members))];

    /// <summary>The one group with this id.</summary>
    public ErrorGroup GroupOf(string id) => Groups().Single(g => g.Id == id);

    /// <summary>An exception with an optional cause chain, parsed the way ingestion would.</summary>
    public static ExceptionInfo Exception(string type, string? message, string language = "java", params (string Type, string? Message)[] causes) =>
        new()
        {
            Language = language,
            Type = type,
            Message = message,
            Frames = [new StackFrameInfo { Function = "com.acme.orders.OrderService.place", File = "OrderService.java", Line = 42, InApp = true }],
            Causes = [.. causes.Select(c => new ExceptionCause { Type = c.Type, Message = c.Message })],
        };

    private RulesSome Add(string? groupId, string text, Severity level, ExceptionInfo? exception, IReadOnlyDictionary<string, string>? fields, TimeSpan after, bool timestamp)
    {
        clock += after;
        var lines = text.Split('\n').Length;
        var firstLine = text.Split('\n')[0];
        var record = new LogRecord
        {
            Index = records.Count,
            LineStart = nextLine,
            LineEnd = nextLine + lines - 1,
            Timestamp = timestamp ? clock : null,
            Level = level,
            Format = LogFormat.TextLayout,
            Message = firstLine,
            Exception = exception,
            Fields = fields,
            Text = text,
            GroupId = groupId,
        };
        nextLine += lines;
        records.Add(record);
        if (groupId is not null)
        {
            var index = groups.FindIndex(g => g.Id == groupId);
            if (index < 0)
            {
                groups.Add((groupId, []));
                index = groups.Count - 1;
            }

            groups[index].Members.Add(record);
        }

        return this;
    }

    private static ErrorGroup Group(string id, List<LogRecord> members)
    {
        var first = members[0];
        var exception = members.Select(m => m.Exception).FirstOrDefault(e => e is not null);
        var times = members.Where(m => m.Timestamp is not null).Select(m => m.Timestamp!.Value).ToList();
        return new ErrorGroup
        {
            Id = id,
            Label = "Error Group " + id,
            Count = members.Count,
            Severity = members.Max(m => m.Level ?? Severity.Error),
            ExceptionTypes = exception is null ? [] : [exception.Type, .. exception.Causes.Select(c => c.Type)],
            Template = first.Message,
            PatternIds = ["P1"],
            FirstLine = first.LineStart,
            LastLine = members[^1].LineStart,
            FirstSeen = times.Count > 0 ? times.Min() : null,
            LastSeen = times.Count > 0 ? times.Max() : null,
            Samples = [.. members.Take(3).Select(m => new GroupSample(m.LineStart, m.LineEnd, m.Text))],
            Fingerprint = "fp-" + id,
            Reason = "Built by the test.",
        };
    }
}
