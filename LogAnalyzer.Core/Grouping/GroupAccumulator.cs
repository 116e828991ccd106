using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Core.Grouping;

/// <summary>Running facts of one error group while records are assigned (members are tracked by index only).</summary>
internal sealed class GroupAccumulator(string key, string reason, string template, IReadOnlyList<string> exceptionTypes)
{
    private const int MaxPatternIds = 50;
    private const int MaxVariedSamples = 3;
    private const int MaxExceptionTypes = 5;

    private readonly List<string> _patternIds = [];
    private readonly List<string> _exceptionTypes = [.. exceptionTypes];
    private readonly List<int> _varied = [];

    public string Key { get; } = key;

    public string Reason { get; } = reason;

    public string Template { get; } = template;

    public int Count { get; private set; }

    public Severity Severity { get; private set; }

    public int FirstLine { get; private set; } = int.MaxValue;

    public int LastLine { get; private set; }

    public DateTimeOffset? FirstSeen { get; private set; }

    public DateTimeOffset? LastSeen { get; private set; }

    public int FirstIndex { get; private set; } = -1;

    public int LastIndex { get; private set; } = -1;

    public IReadOnlyList<string> PatternIds => _patternIds;

    public IReadOnlyList<string> ExceptionTypes => _exceptionTypes;

    /// <summary>Record indices to sample: first, last and a few with a different pattern, in line order.</summary>
    public IEnumerable<int> SampleIndices() =>
        new[] { FirstIndex, LastIndex }.Concat(_varied).Distinct().Order();

    public void Add(int index, LogRecord record, Severity severity)
    {
        Count++;
        if (severity > Severity || Count == 1)
        {
            Severity = severity;
        }

        if (FirstIndex < 0)
        {
            FirstIndex = index;
        }

        LastIndex = index;
        FirstLine = Math.Min(FirstLine, record.LineStart);
        LastLine = Math.Max(LastLine, record.LineEnd);
        if (record.Timestamp is { } ts)
        {
            if (FirstSeen is null || ts < FirstSeen)
            {
                FirstSeen = ts;
            }

            if (LastSeen is null || ts > LastSeen)
            {
                LastSeen = ts;
            }
        }

        var patternId = record.PatternId;
        if (patternId is not null && _patternIds.Count < MaxPatternIds && !_patternIds.Contains(patternId))
        {
            _patternIds.Add(patternId);
            if (_patternIds.Count > 1 && _varied.Count < MaxVariedSamples)
            {
                _varied.Add(index);
            }
        }

        if (record.Exception is { } exception && _exceptionTypes.Count < MaxExceptionTypes && !_exceptionTypes.Contains(exception.Type))
        {
            _exceptionTypes.Add(exception.Type);
        }
    }
}
