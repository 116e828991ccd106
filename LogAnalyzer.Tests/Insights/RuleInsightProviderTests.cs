using LogAnalyzer.Core.Insights;
using LogAnalyzer.Core.Model;
using LogAnalyzer.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LogAnalyzer.Tests.Insights;

public sealed class RuleInsightProviderTests
{
    private static readonly RuleInsightProvider Provider = new();

    [Fact]
    public void Explain_SeveralGroups_OneInsightPerGroupInGroupOrder()
    {
        var some = MixedLog();

        var groups = some.Groups();
        var insights = Provider.Explain(groups, some.Records);

        Assert.Equal(groups.Select(g => g.Id), insights.Select(i => i.GroupId));
        Assert.All(insights, i => Assert.Equal(InsightSource.Rules, i.Source));
    }

    [Fact]
    public void Explain_TimestampMillisAndHttpThreadName_AreNotAnHttp5xx()
    {
        var some = MixedLog();

        var insights = Provider.Explain(some.Groups(), some.Records);

        // "09:00:02,500" next to "[http-nio-…]" once made the timeout group an upstream-5xx.
        Assert.Equal(["timeout", "null-dereference", InsightLimits.GenericRule], insights.Select(i => i.Rule));
    }

    [Fact]
    public void Explain_NoGroups_ReturnsNoInsights()
    {
        var some = new RulesSome().Info("service started").Info("listening on :8080");

        Assert.Empty(Provider.Explain([], some.Records));
    }

    [Theory]
    [InlineData("com.mysql.cj.jdbc.exceptions.MySQLTransactionRollbackException: Lock wait timeout exceeded; try restarting transaction", "deadlock")]
    [InlineData("java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms.", "db-pool-exhausted")]
    [InlineData("upstream returned \"HTTP/1.1 504 Gateway Timeout\" for GET /v1/quotes", "upstream-5xx")]
    [InlineData("kernel: Out of memory: Killed process 4242 (java) total-vm:8123456kB", "k8s-oomkilled")]
    [InlineData("System.UnauthorizedAccessException: Access to the path '/var/lib/orders/export.csv' is denied.", "permission-denied")]
    [InlineData("ERROR:  permission denied for table orders", "forbidden")]
    [InlineData("ERROR [pool-3-thread-7] Failed to flush batch: java.io.IOException: Disk quota exceeded", "disk-full")]
    [InlineData("Dubbo: Thread pool is EXHAUSTED! Thread Name: DubboServerHandler, Pool Size: 200 (active: 200)", "thread-pool-starvation")]
    public void Explain_SeveralRulesMatch_MostSpecificWins(string text, string expected)
    {
        var some = new RulesSome().Error("A", text);

        var insight = Assert.Single(Provider.Explain(some.Groups(), some.Records));

        Assert.Equal(expected, insight.Rule);
    }

    [Fact]
    public void Explain_TwoCustomRulesMatch_HigherPriorityWinsWhateverTheOrder()
    {
        var low = new InsightRule { Id = "low", Priority = 10, Confidence = 0.5, Text = [new(["refused"])], ProbableCause = "Low." };
        var high = new InsightRule { Id = "high", Priority = 20, Confidence = 0.5, Text = [new(["connection refused"])], ProbableCause = "High." };
        var some = new RulesSome().Error("A", "connect failed: Connection refused");

        var forward = new RuleInsightProvider(new RuleCatalogue([low, high])).Explain(some.Groups(), some.Records);
        var backward = new RuleInsightProvider(new RuleCatalogue([high, low])).Explain(some.Groups(), some.Records);

        Assert.Equal("high", Assert.Single(forward).Rule);
        Assert.Equal("high", Assert.Single(backward).Rule);
    }

    [Fact]
    public void Explain_SignatureOnlyInCauseChain_MatchesAndNamesTheCause()
    {
        var exception = RulesSome.Exception(
            "org.springframework.web.client.ResourceAccessException",
            "I/O error on GET request for the quotes service",
            "java",
            ("java.net.SocketTimeoutException", null));
        var some = new RulesSome().Error("A", "org.springframework.web.client.ResourceAccessException: I/O error on GET request for the quotes service", exception);

        var insight = Assert.Single(Provider.Explain(some.Groups(), some.Records));

        Assert.Equal("timeout", insight.Rule);
        Assert.Contains("java.net.SocketTimeoutException", insight.ProbableCause, StringComparison.Ordinal);
        Assert.Equal(0.75, insight.Confidence);
    }

    [Fact]
    public void Evidence_SignatureDeepInStackTrace_CitesThatExactLine()
    {
        const string trace =
            "ERROR [http-nio-8080-exec-4] c.a.o.QuoteClient - quote refresh failed\n"
            + "org.springframework.web.client.ResourceAccessException: I/O error on GET request\n"
            + "\tat org.springframework.web.client.RestTemplate.doExecute(RestTemplate.java:785)\n"
            + "\tat com.acme.orders.QuoteClient.refresh(QuoteClient.java:51)\n"
            + "Caused by: java.net.ConnectException: Connection refused (quotes.internal:8443)\n"
            + "\tat java.base/sun.nio.ch.Net.connect0(Native Method)";
        var some = new RulesSome().Info("refreshing quotes").Info("quote cache warm").Error("A", trace);

        var insight = Assert.Single(Provider.Explain(some.Groups(), some.Records));

        Assert.Equal("connection-refused", insight.Rule);
        var caused = Assert.Single(insight.Evidence, e => e.Line == 7);
        Assert.StartsWith("Caused by: java.net.ConnectException: Connection refused", caused.Quote, StringComparison.Ordinal);
        Assert.Contains(insight.Evidence, e => e.Line == 3 && e.Quote.StartsWith("ERROR [http-nio-8080-exec-4]", StringComparison.Ordinal));
        Assert.Contains("quotes.internal:8443", insight.ProbableCause, StringComparison.Ordinal);
    }

    [Fact]
    public void Evidence_EveryCitedLine_ExistsAndBelongsToItsGroup()
    {
        var some = MixedLog();
        var groups = some.Groups();

        var insights = Provider.Explain(groups, some.Records);

        foreach (var insight in insights)
        {
            Assert.NotEmpty(insight.Evidence);
            var members = some.Records.Where(r => r.GroupId == insight.GroupId).ToList();
            Assert.All(insight.Evidence, e =>
                Assert.Contains(members, r => e.Line >= r.LineStart && e.Line <= r.LineEnd));
            Assert.Equal(insight.Evidence.Select(e => e.Line).Distinct(), insight.Evidence.Select(e => e.Line));
        }
    }

    [Fact]
    public void Evidence_VeryLongLine_QuoteIsCutAroundTheMatch()
    {
        var line = "ERROR upstream call failed: " + new string('x', 1500) + " Connection refused by peer " + new string('y', 1500);
        var some = new RulesSome().Error("A", line);

        var insight = Assert.Single(Provider.Explain(some.Groups(), some.Records));

        Assert.Equal("connection-refused", insight.Rule);
        Assert.All(insight.Evidence, e => Assert.InRange(e.Quote.Length, 1, InsightLimits.MaxQuoteLength));
        Assert.Contains(insight.Evidence, e => e.Quote.Contains("Connection refused", StringComparison.Ordinal));
    }

    [Fact]
    public void MissingContext_NoTraceIdAnywhere_AsksForOne()
    {
        var some = new RulesSome().Error("A", "java.net.SocketTimeoutException: Read timed out");

        var insight = Assert.Single(Provider.Explain(some.Groups(), some.Records));

        Assert.Contains(insight.MissingContext, m => m.Kind == MissingContextKind.TraceId);
    }

    [Theory]
    [InlineData("traceId")]
    [InlineData("trace_id")]
    [InlineData("@tr")]
    [InlineData("RequestId")]
    [InlineData("correlation.id")]
    public void MissingContext_TraceIdField_DoesNotAskForOne(string key)
    {
        var fields = new Dictionary<string, string> { [key] = "4bf92f3577b34da6a3ce929d0e0e4736" };
        var some = new RulesSome()
            .Error("A", "java.net.SocketTimeoutException: Read timed out")
            .Error("A", "java.net.SocketTimeoutException: Read timed out", fields: fields);

        var insight = Assert.Single(Provider.Explain(some.Groups(), some.Records));

        Assert.DoesNotContain(insight.MissingContext, m => m.Kind == MissingContextKind.TraceId);
    }

    [Fact]
    public void MissingContext_TraceIdTokenInText_DoesNotAskForOne()
    {
        var some = new RulesSome().Error("A", "2024-05-14 09:00:02 ERROR request_id=7f3a9c quote fetch failed: Read timed out");

        var insight = Assert.Single(Provider.Explain(some.Groups(), some.Records));

        Assert.DoesNotContain(insight.MissingContext, m => m.Kind == MissingContextKind.TraceId);
    }

    [Fact]
    public void MissingContext_TimeoutStatesDuration_DoesNotAskForIt()
    {
        var stated = new RulesSome().Error("A", "Quote fetch from quotes.internal:8443 timed out after 30000ms");
        var unstated = new RulesSome().Error("A", "Quote fetch timed out");

        var withDuration = Assert.Single(Provider.Explain(stated.Groups(), stated.Records));
        var withoutDuration = Assert.Single(Provider.Explain(unstated.Groups(), unstated.Records));

        Assert.DoesNotContain(withDuration.MissingContext, m => m.Detail.Contains("how long the operation ran", StringComparison.Ordinal));
        Assert.DoesNotContain(withDuration.MissingContext, m => m.Kind is MissingContextKind.Host or MissingContextKind.Port);
        Assert.Contains("quotes.internal:8443", withDuration.ProbableCause, StringComparison.Ordinal);
        Assert.Contains(withoutDuration.MissingContext, m => m.Kind == MissingContextKind.Configuration && m.Detail.Contains("how long the operation ran", StringComparison.Ordinal));
        Assert.Contains(withoutDuration.MissingContext, m => m.Kind == MissingContextKind.Host);
        Assert.Contains("the remote dependency", withoutDuration.ProbableCause, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingContext_RecordsWithoutTimestamps_AskForThem()
    {
        var some = new RulesSome().Error("A", "Quote fetch timed out", timestamp: false);

        var insight = Assert.Single(Provider.Explain(some.Groups(), some.Records));

        Assert.Contains(insight.MissingContext, m => m.Kind == MissingContextKind.Timeline);
    }

    [Fact]
    public void MissingContext_InstanceAndVersionNamed_AreNotAskedFor()
    {
        var fields = new Dictionary<string, string> { ["host.name"] = "orders-7d9f8b-x2kq" };
        var named = new RulesSome().Error("A", "orders-api v2.3.1: java.lang.OutOfMemoryError: Java heap space", fields: fields);
        var unnamed = new RulesSome().Error("A", "java.lang.OutOfMemoryError: Java heap space");

        var withFacts = Assert.Single(Provider.Explain(named.Groups(), named.Records));
        var withoutFacts = Assert.Single(Provider.Explain(unnamed.Groups(), unnamed.Records));

        Assert.Equal("out-of-memory", withFacts.Rule);
        Assert.DoesNotContain(withFacts.MissingContext, m => m.Kind is MissingContextKind.Host or MissingContextKind.Version);
        Assert.Contains(withoutFacts.MissingContext, m => m.Kind == MissingContextKind.Host);
        Assert.Contains(withoutFacts.MissingContext, m => m.Kind == MissingContextKind.Version);
    }

    [Fact]
    public void MissingContext_EndpointNamed_NeitherHostNorPortClaimedMissing()
    {
        var some = new RulesSome().Error("A", "Error: connect ECONNREFUSED localhost:6379");

        var insight = Assert.Single(Provider.Explain(some.Groups(), some.Records));

        Assert.DoesNotContain(insight.MissingContext, m => m.Kind is MissingContextKind.Host or MissingContextKind.Port);
        Assert.Contains("localhost:6379", insight.ProbableCause, StringComparison.Ordinal);
    }

    [Fact]
    public void Generic_InterleavedOutOfOrderTimestamps_StillFindsTheBurst()
    {
        var some = new RulesSome().Info("node-a started");
        some.Error("A", "WARN replica lag on shard 3", after: TimeSpan.FromMinutes(10));
        for (var i = 0; i < 6; i++)
        {
            // Two sources whose clocks disagree: each record goes back or forward in time.
            some.Error("A", "WARN replica lag on shard 3", after: TimeSpan.FromSeconds(i % 2 == 0 ? -3 : 5));
        }

        var insight = Assert.Single(Provider.Explain(some.Groups(), some.Records));

        Assert.Equal(InsightLimits.GenericRule, insight.Rule);
        Assert.Contains("all 7 within", insight.ProbableCause, StringComparison.Ordinal);
    }

    [Fact]
    public void Generic_UnmatchedBurstAfterCalmRecord_SaysSoAndCitesFacts()
    {
        var some = new RulesSome()
            .Info("Reconciler started")
            .Info("batch 7780 reconciled: 12 entries")
            .Repeat("A", "ERROR OrderReconciler: ledger mismatch for batch 7781 (expected 12 entries, found 11)", 8, TimeSpan.FromSeconds(2));

        var insight = Assert.Single(Provider.Explain(some.Groups(), some.Records));

        Assert.Equal(InsightLimits.GenericRule, insight.Rule);
        Assert.InRange(insight.Confidence, 0.0, 0.3);
        Assert.StartsWith("No known signature matched this group", insight.ProbableCause, StringComparison.Ordinal);
        Assert.Contains("first at line 3", insight.ProbableCause, StringComparison.Ordinal);
        Assert.Contains("all 8 within 14 s", insight.ProbableCause, StringComparison.Ordinal);
        Assert.Contains("preceding non-error record is line 2: \"batch 7780 reconciled: 12 entries\"", insight.ProbableCause, StringComparison.Ordinal);
        Assert.Contains(insight.SuggestedInvestigation, s => s.Contains("line 2 is the last non-error record", StringComparison.Ordinal));
        Assert.Contains(insight.SuggestedInvestigation, s => s.StartsWith("Correlate the burst", StringComparison.Ordinal));
        Assert.Equal([3, 10], insight.Evidence.Select(e => e.Line));
        Assert.StartsWith("None can be recommended", insight.Mitigation[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Generic_BurstAfterSparseOccurrences_CitesTheBurstStart()
    {
        var some = new RulesSome().Info("scheduler tick");
        some.Error("A", "ERROR ledger mismatch for batch 1", after: TimeSpan.FromHours(1))
            .Error("A", "ERROR ledger mismatch for batch 2", after: TimeSpan.FromHours(1))
            .Info("scheduler tick", after: TimeSpan.FromMinutes(30))
            .Repeat("A", "ERROR ledger mismatch for batch 3", 6, TimeSpan.FromSeconds(1));

        var insight = Assert.Single(Provider.Explain(some.Groups(), some.Records));

        Assert.Equal(InsightLimits.GenericRule, insight.Rule);
        Assert.Contains("with a burst of 6 within 5 s from line 5", insight.ProbableCause, StringComparison.Ordinal);
        Assert.Contains(insight.Evidence, e => e.Line == 5);
    }

    [Fact]
    public void Generic_SpreadOccurrencesWithoutBurst_ReportsTheSpan()
    {
        var some = new RulesSome()
            .Error("A", "ERROR ledger mismatch for batch 1")
            .Error("A", "ERROR ledger mismatch for batch 2", after: TimeSpan.FromHours(1));

        var insight = Assert.Single(Provider.Explain(some.Groups(), some.Records));

        Assert.Contains("spread over 60 min", insight.ProbableCause, StringComparison.Ordinal);
        Assert.DoesNotContain("burst", insight.ProbableCause, StringComparison.Ordinal);
        Assert.Contains("No non-error record precedes it.", insight.ProbableCause, StringComparison.Ordinal);
        Assert.Equal(0.1, insight.Confidence);
    }

    [Fact]
    public void Generic_UnknownExceptionWithInAppFrame_PointsAtTheFrame()
    {
        var exception = RulesSome.Exception("com.acme.orders.LedgerMismatchException", "expected 12 entries, found 11");
        var some = new RulesSome().Error("A", "com.acme.orders.LedgerMismatchException: expected 12 entries, found 11", exception);

        var insight = Assert.Single(Provider.Explain(some.Groups(), some.Records));

        Assert.Equal(InsightLimits.GenericRule, insight.Rule);
        Assert.Contains("with com.acme.orders.LedgerMismatchException", insight.ProbableCause, StringComparison.Ordinal);
        Assert.Contains(insight.SuggestedInvestigation, s => s.Contains("com.acme.orders.OrderService.place (OrderService.java:42)", StringComparison.Ordinal));
        Assert.DoesNotContain(insight.MissingContext, m => m.Detail.StartsWith("A stack trace", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("WARN batch finished: processed 503 records in 12 s")]
    [InlineData("WARN cache miss ratio high on port 14033")]
    [InlineData("WARN unknown cause for retry of job 77")]
    [InlineData("WARN slow consumer: lag 401234 messages")]
    [InlineData("2024-05-14 09:00:02,500 WARN  [http-nio-8080-exec-1] c.a.o.QuoteClient - cache refresh skipped")]
    [InlineData("WARN [http-nio-8080-exec-9] average latency 1.503 s over 500.25 requests")]
    public void Explain_NumbersAndWordsOutOfContext_DoNotMatchARule(string text)
    {
        var some = new RulesSome().Error("A", text, level: Severity.Warning);

        var insight = Assert.Single(Provider.Explain(some.Groups(), some.Records));

        Assert.Equal(InsightLimits.GenericRule, insight.Rule);
    }

    [Fact]
    public void Confidence_SignatureInFewRecordsOfTheGroup_IsLowerAndSaysSo()
    {
        var some = new RulesSome().Error("A", "ERROR sync failed for account 1: Connection refused");
        for (var i = 2; i <= 8; i++)
        {
            some.Error("A", $"ERROR sync failed for account {i}: remote answered garbage");
        }

        var insight = Assert.Single(Provider.Explain(some.Groups(), some.Records));

        Assert.Equal("connection-refused", insight.Rule);
        Assert.Equal(0.65, insight.Confidence);
        Assert.Contains("only some of the group's records", insight.ProbableCause, StringComparison.Ordinal);
    }

    [Fact]
    public void Confidence_AllInsights_WithinBoundsAndGenericAtMostPointThree()
    {
        var some = MixedLog();

        var insights = Provider.Explain(some.Groups(), some.Records);

        Assert.All(insights, i =>
        {
            Assert.InRange(i.Confidence, 0.0, 1.0);
            if (i.Rule == InsightLimits.GenericRule)
            {
                Assert.InRange(i.Confidence, 0.0, 0.3);
            }
            else
            {
                Assert.InRange(i.Confidence, 0.35, 0.95);
            }
        });
        Assert.Contains(insights, i => i.Rule == InsightLimits.GenericRule);
    }

    [Fact]
    public void Insights_AllTexts_StayWithinTheSharedLimits()
    {
        var some = MixedLog();

        var insights = Provider.Explain(some.Groups(), some.Records);

        Assert.All(insights, i =>
        {
            Assert.InRange(i.ProbableCause.Length, 1, InsightLimits.MaxCauseLength);
            Assert.InRange(i.Evidence.Count, 1, InsightLimits.MaxEvidence);
            Assert.All(i.Evidence, e => Assert.InRange(e.Quote.Length, 1, InsightLimits.MaxQuoteLength));
            foreach (var list in new[] { [.. i.MissingContext.Select(m => m.Detail)], i.SuggestedInvestigation, i.Mitigation })
            {
                Assert.InRange(list.Count, 0, InsightLimits.MaxItems);
                Assert.All(list, item => Assert.InRange(item.Length, 1, InsightLimits.MaxItemLength));
            }
        });
    }

    [Fact]
    public void Explain_SameInputTwice_IdenticalInsights()
    {
        var first = MixedLog();
        var second = MixedLog();

        var a = AnalysisJson.Serialize(new RuleInsightProvider().Explain(first.Groups(), first.Records));
        var b = AnalysisJson.Serialize(new RuleInsightProvider().Explain(second.Groups(), second.Records));

        Assert.Equal(a, b);
    }

    [Fact]
    public void Explain_GroupsInAnotherOrder_SameInsightPerGroup()
    {
        var some = MixedLog();
        var groups = some.Groups();

        var forward = Provider.Explain(groups, some.Records).ToDictionary(i => i.GroupId, i => AnalysisJson.Serialize(i));
        var backward = Provider.Explain([.. groups.Reverse()], some.Records).ToDictionary(i => i.GroupId, i => AnalysisJson.Serialize(i));

        Assert.Equal(forward.OrderBy(kv => kv.Key), backward.OrderBy(kv => kv.Key));
    }

    [Fact]
    public void Explain_RecordsCarryNoGroupId_UsesTheGroupsSamples()
    {
        var some = new RulesSome().Info("starting").Error("A", "java.net.SocketTimeoutException: Read timed out");
        var groups = some.Groups();
        var ungrouped = some.Records.Select(r => r with { GroupId = null }).ToList();

        var insight = Assert.Single(Provider.Explain(groups, ungrouped));

        Assert.Equal("timeout", insight.Rule);
        Assert.Equal([2], insight.Evidence.Select(e => e.Line));
    }

    [Fact]
    public void Explain_GroupWithNothingButAFirstLine_GetsGenericInsightCitingIt()
    {
        var group = new ErrorGroup
        {
            Id = "A", Label = "Error Group A", Count = 1, Severity = Severity.Error, Template = "",
            FirstLine = 7, LastLine = 7, Fingerprint = "fp", Reason = "test",
        };

        var insight = Assert.Single(Provider.Explain([group], []));

        Assert.Equal(InsightLimits.GenericRule, insight.Rule);
        Assert.Equal([7], insight.Evidence.Select(e => e.Line));
    }

    [Fact]
    public void Explain_MinSeverityRule_IgnoresLowerSeverityGroups()
    {
        var rule = new InsightRule
        {
            Id = "fatal-only", Priority = 1, Confidence = 0.6, MinSeverity = Severity.Critical,
            Text = [new(["reactor meltdown"])], ProbableCause = "Meltdown.",
        };
        var provider = new RuleInsightProvider(new RuleCatalogue([rule]));
        var some = new RulesSome()
            .Error("A", "reactor meltdown imminent", level: Severity.Error)
            .Error("B", "reactor meltdown now", level: Severity.Critical);

        var insights = provider.Explain(some.Groups(), some.Records);

        Assert.Equal([InsightLimits.GenericRule, "fatal-only"], insights.Select(i => i.Rule));
    }

    [Theory]
    [InlineData("dup")]
    [InlineData("generic")]
    [InlineData("no-signature")]
    [InlineData("zero-confidence")]
    public void Catalogue_InvalidRule_IsRejected(string problem)
    {
        var ok = new InsightRule { Id = "dup", Priority = 1, Confidence = 0.5, Text = [new(["x"])], ProbableCause = "X." };
        var bad = problem switch
        {
            "dup" => ok,
            "generic" => ok with { Id = "generic" },
            "no-signature" => ok with { Id = "empty", Text = [] },
            _ => ok with { Id = "zero", Confidence = 0 },
        };

        Assert.Throws<ArgumentException>(() => new RuleCatalogue([ok, bad]));
    }

    [Fact]
    public void Insight_Json_IsCamelCaseWithRulesSource()
    {
        var some = new RulesSome().Error("A", "java.net.SocketTimeoutException: Read timed out");

        var json = AnalysisJson.Serialize(Assert.Single(Provider.Explain(some.Groups(), some.Records)));

        Assert.Contains("\"source\":\"rules\"", json, StringComparison.Ordinal);
        Assert.Contains("\"rule\":\"timeout\"", json, StringComparison.Ordinal);
        Assert.Contains("\"missingContext\":[", json, StringComparison.Ordinal);
        Assert.Contains("\"evidence\":[{\"line\":1,\"quote\":", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Insights_InADocument_ValidateAgainstThePublishedSchema()
    {
        var some = MixedLog();
        var groups = some.Groups();
        var document = new AnalysisDocument
        {
            Id = "0190f0c2a7b34c1e9d1e6c1f2a3b4c5d",
            CreatedAt = new DateTimeOffset(2024, 5, 14, 9, 30, 0, TimeSpan.Zero),
            Summary = new InputSummary { TotalLines = some.Records.Max(r => r.LineEnd), TotalRecords = some.Records.Count },
            Records = some.Records,
            Groups = groups,
            Insights = Provider.Explain(groups, some.Records),
            Llm = LlmReport.Disabled("not requested"),
        };
        var errors = SchemaCheck.Errors(AnalysisJson.Serialize(document));

        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public void AddLogAnalyzerCore_ResolvesProviderWithTheDefaultCatalogue()
    {
        using var services = new ServiceCollection().AddLogAnalyzerCore().BuildServiceProvider();

        var provider = services.GetRequiredService<RuleInsightProvider>();

        Assert.Same(RuleCatalogue.Default.Rules, provider.Rules);
    }

    /// <summary>A realistic mix: calm records, a timeout group with a trace, a null dereference, an unknown warning burst.</summary>
    private static RulesSome MixedLog()
    {
        const string npe =
            "2024-05-14 09:00:05,311 ERROR [http-nio-8080-exec-2] c.a.o.OrderController - order placement failed\n"
            + "java.lang.NullPointerException: Cannot invoke \"com.acme.Customer.getEmail()\" because \"customer\" is null\n"
            + "\tat com.acme.orders.OrderService.notify(OrderService.java:118)\n"
            + "\tat com.acme.orders.OrderController.place(OrderController.java:64)";
        var some = new RulesSome()
            .Info("2024-05-14 09:00:00,001 INFO  [main] c.a.o.Application - Started Application in 4.2 seconds")
            .Info("2024-05-14 09:00:01,120 INFO  [http-nio-8080-exec-1] c.a.o.QuoteClient - refreshing quotes")
            .Error("A", "2024-05-14 09:00:02,500 ERROR [http-nio-8080-exec-1] c.a.o.QuoteClient - quote refresh failed: Read timed out after 5000 ms (quotes.internal:8443)",
                RulesSome.Exception("java.net.SocketTimeoutException", "Read timed out"))
            .Error("B", npe, RulesSome.Exception("java.lang.NullPointerException", "Cannot invoke \"com.acme.Customer.getEmail()\" because \"customer\" is null"))
            .Info("2024-05-14 09:00:06,000 INFO  [scheduler-1] c.a.o.Reconciler - reconciling batch 7781")
            .Repeat("C", "2024-05-14 09:00:07,000 WARN  [scheduler-1] c.a.o.Reconciler - ledger mismatch for batch 7781", 6, TimeSpan.FromMilliseconds(300))
            .Error("A", "2024-05-14 09:00:09,500 ERROR [http-nio-8080-exec-3] c.a.o.QuoteClient - quote refresh failed: Read timed out after 5000 ms (quotes.internal:8443)",
                RulesSome.Exception("java.net.SocketTimeoutException", "Read timed out"))
            .Error("B", npe, RulesSome.Exception("java.lang.NullPointerException", "Cannot invoke \"com.acme.Customer.getEmail()\" because \"customer\" is null"));
        return some;
    }
}
