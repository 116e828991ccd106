using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Tests.Web.Components;

/// <summary>Small, realistic analysis documents for the component tests.</summary>
internal static class Samples
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 2, 10, 15, 31, TimeSpan.Zero);

    public static ErrorGroup GroupA => new()
    {
        Id = "A", Label = "Error Group A", Count = 3, Severity = Severity.Error,
        ExceptionTypes = ["org.springframework.dao.DataAccessResourceFailureException", "java.sql.SQLTransientConnectionException"],
        Template = "Failed to load order <num>", FirstLine = 4, LastLine = 42, FirstSeen = T0, LastSeen = T0.AddSeconds(9),
        Samples = [new GroupSample(4, 12, "2026-03-02 10:15:31,915 ERROR [exec-4] OrderController - Failed to load order 88213\norg.springframework.dao.DataAccessResourceFailureException: Unable to acquire JDBC Connection")],
        Fingerprint = "f1", Reason = "Same exception chain and the same top application frames (OrderRepository.findById).",
    };

    public static ErrorGroup GroupB => new()
    {
        Id = "B", Label = "Error Group B", Count = 1, Severity = Severity.Warning,
        Template = "Rejected query q=<*> from <ip>", FirstLine = 40, LastLine = 40,
        Samples = [new GroupSample(40, 40, "WARN Rejected query q=<script>alert('x')</script> from 203.0.113.42")],
        Fingerprint = "f2", Reason = "Same message template.",
    };

    public static Insight RulesInsight => new()
    {
        GroupId = "A", ProbableCause = "The database connection pool is exhausted.",
        Evidence = [new Evidence(4, "Failed to load order 88213"), new Evidence(11, "Connection is not available")],
        MissingContext = [new MissingContextItem(MissingContextKind.ResourceMetrics, "Pool size and database load at the time")],
        SuggestedInvestigation = ["Check active connections and slow queries"],
        Mitigation = ["Raise maximumPoolSize or fix connection leaks"],
        Confidence = 0.6, Source = InsightSource.Rules, Rule = "connection-pool",
    };

    public static Insight LlmInsight => new()
    {
        GroupId = "B", ProbableCause = "A scanner probes the search endpoint with script payloads.",
        Evidence = [new Evidence(40, "q=<script>alert('x')</script>")],
        Mitigation = ["Rate-limit the client"], Confidence = 0.8, Source = InsightSource.Llm,
    };

    public static IReadOnlyList<LogRecord> Records()
    {
        var records = new List<LogRecord>();
        for (var i = 0; i < 50; i++)
        {
            var line = i + 1;
            records.Add(new LogRecord
            {
                Index = i, LineStart = line, LineEnd = line, Timestamp = T0.AddSeconds(i), Format = LogFormat.TextLayout,
                Level = i % 10 == 3 ? Severity.Error : Severity.Info, Message = $"message {line}", Text = $"line {line} text",
                GroupId = i % 10 == 3 ? "A" : null,
            });
        }

        return records;
    }

    public static AnalysisDocument Document(LlmReport? llm = null) => new()
    {
        Id = "0195f0aa", CreatedAt = T0.AddMinutes(5),
        Summary = new InputSummary
        {
            TotalLines = 50, TotalRecords = 50, TotalBytes = 4096, FirstTimestamp = T0, LastTimestamp = T0.AddSeconds(49),
            Levels = new Dictionary<string, int> { ["Info"] = 45, ["Error"] = 5 },
            Formats = new Dictionary<string, int> { ["textLayout"] = 50 },
            Redactions = new Dictionary<string, int> { ["password"] = 1 },
        },
        Records = Records(),
        Patterns = [new LogPattern { Id = "P1", Template = "message <num>", Count = 50, FirstLine = 1, LastLine = 50, Level = Severity.Info }],
        Groups = [GroupA, GroupB],
        Insights = [RulesInsight, LlmInsight],
        Merges = [new MergeProposal(["A", "B"], "Both follow the pool exhaustion at 10:15:31.", InsightSource.Llm)],
        Llm = llm ?? new LlmReport { Status = LlmStatus.Partial, Model = "meta-llama/Llama-3.1-8B-Instruct", Calls = 1, FallbackReason = "The LLM answered 1 of 2 groups." },
    };
}
