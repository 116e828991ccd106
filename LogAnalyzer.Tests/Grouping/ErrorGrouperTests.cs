using LogAnalyzer.Core.Grouping;
using LogAnalyzer.Core.Model;
using LogAnalyzer.Core.Redaction;
using static LogAnalyzer.Tests.Support.GroupingSome;

namespace LogAnalyzer.Tests.Grouping;

public sealed class ErrorGrouperTests
{
    private readonly ErrorGrouper _grouper = new(new SecretRedactor());

    private static ExceptionInfo Timeout(int line, string requestId, string lambda = "lambda$fetch$0", string asyncFrame = "<LoadAsync>d__5") =>
        Exception(
            "java.io.UncheckedIOException",
            $"request {requestId} failed",
            [
                Frame("java.base/java.net.SocketInputStream.socketRead0", inApp: false),
                Frame($"com.acme.orders.OrderClient.{lambda}(OrderClient.java:{line})", file: "OrderClient.java", line: line),
                Frame($"com.acme.orders.OrderService.{asyncFrame}.MoveNext()", line: line + 10),
                Frame("com.acme.orders.OrderController.get(OrderController.java:18)", line: 18),
                Frame("org.springframework.web.servlet.FrameworkServlet.service", inApp: false),
            ],
            Cause("java.net.SocketTimeoutException", "Read timed out"));

    [Fact]
    public void Group_SameFailureDifferentLinesIdsLambdasAsyncFrames_OneGroup()
    {
        var records = Indexed(
        [
            Record(1, Severity.Error, "Request 7f3a failed", Timeout(42, "7f3a"), "P1"),
            Record(10, Severity.Error, "Request 99b1 failed", Timeout(57, "99b1", "lambda$fetch$3", "<LoadAsync>d__12"), "P1"),
            Record(20, Severity.Critical, "Request 0c2d failed hard", Timeout(61, "0c2d", "lambda$fetch$1"), "P2"),
        ]);

        var groups = _grouper.Group(records, [Pattern("P1", "Request <hex> failed"), Pattern("P2", "Request <hex> failed hard")]);

        var group = Assert.Single(groups);
        Assert.Equal(3, group.Count);
        Assert.Equal(Severity.Critical, group.Severity);
        Assert.Equal(["java.io.UncheckedIOException", "java.net.SocketTimeoutException"], group.ExceptionTypes);
        Assert.Equal(["P1", "P2"], group.PatternIds);
        Assert.All(records, r => Assert.Equal("A", r.GroupId));
        Assert.Equal(
            "Same exception chain (java.io.UncheckedIOException → java.net.SocketTimeoutException) and top in-app frames (OrderClient.fetch, OrderService.LoadAsync, OrderController.get).",
            group.Reason);
    }

    [Fact]
    public void Group_DifferentExceptionType_DifferentGroup()
    {
        var other = Timeout(42, "1") with { Type = "java.lang.IllegalStateException" };
        var records = Indexed([Record(1, Severity.Error, "x", Timeout(42, "1")), Record(2, Severity.Error, "x", other)]);

        var groups = _grouper.Group(records, []);

        Assert.Equal(2, groups.Count);
        Assert.NotEqual(groups[0].Fingerprint, groups[1].Fingerprint);
        Assert.NotEqual(records[0].GroupId, records[1].GroupId);
    }

    [Fact]
    public void Group_DifferentTopInAppFrame_DifferentGroup()
    {
        var elsewhere = Exception("java.lang.NullPointerException", "npe", [Frame("com.acme.billing.Invoice.total(Invoice.java:9)")]);
        var here = Exception("java.lang.NullPointerException", "npe", [Frame("com.acme.orders.Order.total(Order.java:9)")]);

        var groups = _grouper.Group(Indexed([Record(1, Severity.Error, "npe", elsewhere), Record(2, Severity.Error, "npe", here)]), []);

        Assert.Equal(2, groups.Count);
    }

    [Fact]
    public void Group_Fingerprint_StableAcrossRunsAndInputs()
    {
        var first = _grouper.Group(Indexed([Record(5, Severity.Error, "a", Timeout(42, "a"))]), []);
        var second = _grouper.Group(Indexed([Record(1, Severity.Info, "hello"), Record(300, Severity.Error, "b", Timeout(99, "b", "lambda$fetch$7"))]), []);

        Assert.Equal(first[0].Fingerprint, second[0].Fingerprint);
        Assert.Matches("^[0-9a-f]{16}$", first[0].Fingerprint);
    }

    [Fact]
    public void Group_TemplatesDifferingOnlyInVariable_Merged()
    {
        var patterns = new[]
        {
            Pattern("P1", "Connection refused to <ip>:<num> after <duration>"),
            Pattern("P2", "Connection refused to db-primary:<num> after <duration>"),
            Pattern("P3", "Connection reset by <ip>:<num> after <duration>"),
        };
        var records = Indexed(
        [
            Record(1, Severity.Error, "Connection refused to 10.0.0.1:5432 after 3s", patternId: "P1"),
            Record(2, Severity.Error, "Connection refused to db-primary:5432 after 2s", patternId: "P2"),
            Record(3, Severity.Error, "Connection reset by 10.0.0.2:5432 after 1s", patternId: "P3"),
        ]);

        var groups = _grouper.Group(records, patterns);

        Assert.Equal(2, groups.Count);
        var merged = groups.Single(g => g.Count == 2);
        Assert.Equal(["P1", "P2"], merged.PatternIds);
        Assert.Equal("Connection refused to <ip>:<num> after <duration>", merged.Template);
        Assert.StartsWith("Same message template: Connection refused to", merged.Reason, StringComparison.Ordinal);
        Assert.Equal(records[0].GroupId, records[1].GroupId);
        Assert.NotEqual(records[0].GroupId, records[2].GroupId);
    }

    [Fact]
    public void Group_AllVariableTemplates_NotMergedWithEachOther()
    {
        var patterns = new[] { Pattern("P1", "<*> <num>"), Pattern("P2", "<ip> <*>") };
        var records = Indexed([Record(1, Severity.Warning, "a 1", patternId: "P1"), Record(2, Severity.Warning, "1.2.3.4 b", patternId: "P2")]);

        Assert.Equal(2, _grouper.Group(records, patterns).Count);
    }

    [Fact]
    public void Group_Ordering_SeverityThenCountThenFirstLine_LabelsInOrder()
    {
        var records = new List<LogRecord>();
        var line = 1;
        void Add(string pattern, Severity level, int times)
        {
            for (var i = 0; i < times; i++)
            {
                records.Add(Record(line++, level, pattern, patternId: pattern));
            }
        }

        Add("warn-many", Severity.Warning, 5);
        Add("error-few", Severity.Error, 1);
        Add("error-many", Severity.Error, 3);
        Add("critical", Severity.Critical, 1);
        Add("error-few-later", Severity.Error, 1);
        Add("info", Severity.Info, 4);
        var patterns = records.Select(r => r.PatternId!).Distinct().Select(p => Pattern(p, p + " happened")).ToArray();

        var groups = _grouper.Group(records, patterns);

        Assert.Equal(["critical", "error-many", "error-few", "error-few-later", "warn-many"], groups.Select(g => g.PatternIds.Single()));
        Assert.Equal(["A", "B", "C", "D", "E"], groups.Select(g => g.Id));
        Assert.Equal(["Error Group A", "Error Group B", "Error Group C", "Error Group D", "Error Group E"], groups.Select(g => g.Label));
    }

    [Theory]
    [InlineData(0, "A")]
    [InlineData(25, "Z")]
    [InlineData(26, "AA")]
    [InlineData(27, "AB")]
    [InlineData(51, "AZ")]
    [InlineData(52, "BA")]
    [InlineData(701, "ZZ")]
    [InlineData(702, "AAA")]
    public void Label_Rank_SpreadsheetStyle(int rank, string expected)
    {
        Assert.Equal(expected, ErrorGrouper.Label(rank));
    }

    [Fact]
    public void Group_ManyRecords_CountsAddUpAndOnlyErrorsGrouped()
    {
        var records = new List<LogRecord>();
        var levels = new Severity?[] { Severity.Info, Severity.Warning, Severity.Error, null, Severity.Debug, Severity.Critical };
        for (var i = 0; i < 600; i++)
        {
            var level = levels[i % levels.Length];
            var exception = i % 7 == 0 ? Timeout(i, i.ToString(System.Globalization.CultureInfo.InvariantCulture)) : null;
            records.Add(Record(i + 1, level, $"event {i % 4}", exception, "P" + (i % 4)));
        }

        var patterns = Enumerable.Range(0, 4).Select(p => Pattern("P" + p, $"event {p} with <num>")).ToArray();

        var groups = _grouper.Group(records, patterns);

        var grouped = records.Count(r => r.GroupId is not null);
        Assert.Equal(grouped, groups.Sum(g => g.Count));
        Assert.Equal(records.Count(r => r.Level >= Severity.Warning || r.Exception is not null), grouped);
        Assert.All(records.Where(r => r.GroupId is null), r => Assert.True(r.Level < Severity.Warning || r.Level is null));
        foreach (var group in groups)
        {
            var members = records.Where(r => r.GroupId == group.Id).ToList();
            Assert.Equal(group.Count, members.Count);
            Assert.Equal(members.Min(m => m.LineStart), group.FirstLine);
            Assert.Equal(members.Max(m => m.LineEnd), group.LastLine);
        }

        Assert.Equal(groups.Count, groups.Select(g => g.Id).Distinct().Count());
    }

    [Fact]
    public void Group_Samples_FirstLastAndVariedRedactedAndCapped()
    {
        var longText = "ERROR upload failed password=hunter2 " + new string('x', 5000);
        var records = Indexed(
        [
            Record(1, Severity.Error, "upload failed", patternId: "P1", text: longText),
            Record(2, Severity.Error, "upload failed for jane@example.com", patternId: "P2", text: "ERROR upload failed for jane@example.com"),
            Record(3, Severity.Error, "upload failed", patternId: "P1"),
            Record(4, Severity.Error, "upload failed", patternId: "P1", text: "ERROR upload failed\n  at Uploader.send()", lines: 2),
        ]);
        var patterns = new[] { Pattern("P1", "upload failed <*>"), Pattern("P2", "upload failed for <email>") };

        var group = Assert.Single(_grouper.Group(records, [Pattern("P1", "upload failed for <*>"), Pattern("P2", "upload failed for <email>")]));

        Assert.Equal([1, 2, 4], group.Samples.Select(s => s.LineStart));
        Assert.Equal(5, group.Samples[^1].LineEnd);
        Assert.All(group.Samples, s => Assert.True(s.Text.Length <= ErrorGrouper.MaxSampleLength));
        Assert.DoesNotContain(group.Samples, s => s.Text.Contains("hunter2", StringComparison.Ordinal));
        Assert.DoesNotContain(group.Samples, s => s.Text.Contains("jane@example.com", StringComparison.Ordinal));
        Assert.Contains("[REDACTED:email]", group.Samples[1].Text, StringComparison.Ordinal);
        Assert.Equal(patterns.Length, group.PatternIds.Count);
    }

    [Fact]
    public void Group_ExceptionWithoutLevel_GroupedAsError_AndTimesTracked()
    {
        var t0 = new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
        var records = Indexed(
        [
            Record(1, null, "boom", Timeout(1, "a"), timestamp: t0.AddMinutes(5)),
            Record(2, Severity.Info, "boom", Timeout(2, "b"), timestamp: t0),
        ]);

        var group = Assert.Single(_grouper.Group(records, []));

        Assert.Equal(Severity.Error, group.Severity);
        Assert.Equal(t0, group.FirstSeen);
        Assert.Equal(t0.AddMinutes(5), group.LastSeen);
    }

    [Fact]
    public void Group_NoErrors_NoGroupsAndGroupIdsCleared()
    {
        var record = Record(1, Severity.Info, "fine");
        record.GroupId = "Z";

        Assert.Empty(_grouper.Group([record], []));
        Assert.Null(record.GroupId);
    }
}
