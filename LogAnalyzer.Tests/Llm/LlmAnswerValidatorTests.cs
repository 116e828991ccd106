using LogAnalyzer.Core.Llm;
using LogAnalyzer.Core.Redaction;
using LogAnalyzer.Tests.Support;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Tests.Llm;

public sealed class LlmAnswerValidatorTests
{
    private const string Valid = """{"incidents":[],"groups":[{"group_id":"A","cause_category":"unknown","probable_cause":"unknown","missing_context":[],"suggested_investigation":[],"mitigation":[],"evidence_lines":[],"confidence":0}],"merges":[]}""";

    [Theory]
    [InlineData(Valid)]
    [InlineData("  \n" + Valid + "\n ")]
    [InlineData("```json\n" + Valid + "\n```")]
    [InlineData("```\n" + Valid + "\n```")]
    [InlineData("<think>thinking about it</think>\n" + Valid)]
    [InlineData("<think>x</think>```json\n" + Valid + "\n```")]
    public void Unwrap_AllowedWrapping_YieldsTheObject(string content) =>
        Assert.Equal(Valid, LlmAnswerValidator.Unwrap(content));

    [Theory]
    [InlineData("Here is the JSON: " + Valid)]
    [InlineData(Valid + " Hope this helps!")]
    [InlineData("```json\n```json\n" + Valid + "\n```\n```")]
    [InlineData("```python\n" + Valid + "\n```")]
    [InlineData("<think>never closed " + Valid)]
    [InlineData("[" + Valid + "]")]
    public void Unwrap_AnythingElse_IsRejected(string content) =>
        Assert.Null(LlmAnswerValidator.Unwrap(content));

    /// <summary>A schema-valid group answer with the given overrides (JSON fragments).</summary>
    internal static string Group(string id = "B", string cause = "\"The payment API answers slowly, so calls time out\"", string lines = "[12]",
        string confidence = "0.4", string steps = "[]", string missing = "[]", string category = "\"timeout\"", string extra = "") =>
        $$"""{"group_id":"{{id}}","cause_category":{{category}},"probable_cause":{{cause}},"missing_context":{{missing}},"suggested_investigation":{{steps}},"mitigation":[],"evidence_lines":{{lines}},"confidence":{{confidence}}{{extra}}}""";

    internal static string Answer(string groups, string merges = "", string incidents = "") =>
        $$"""{"incidents":[{{incidents}}],"groups":[{{groups}}],"merges":[{{merges}}]}""";

    [Theory]
    [InlineData("confidence", "A", "\"The pool is empty\"", "[]", "1.5")]
    [InlineData("probable_cause", "A", "\"\"", "[]", "0.5")]
    [InlineData("not one of the groups", "Q", "\"The pool is empty\"", "[]", "0.5")]
    [InlineData("evidence line", "A", "\"The pool is empty\"", "[999]", "0.5")]
    public void Validate_BadItem_IsDroppedAndCounted(string error, string id, string cause, string lines, string confidence)
    {
        var check = LlmAnswerValidator.Validate(Answer(Group(id, cause, lines, confidence) + "," + Group()), Prompt());

        Assert.True(check.Parsed);
        Assert.Equal(1, check.Dropped);
        Assert.Equal("B", Assert.Single(check.Insights).GroupId);
        Assert.Contains(check.Errors, e => e.Contains(error, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_ExtraProperty_IsASchemaErrorOfThatItem()
    {
        var check = LlmAnswerValidator.Validate(Answer(Group("A", extra: ",\"extra\":1") + "," + Group()), Prompt());

        Assert.Equal("B", Assert.Single(check.Insights).GroupId);
        Assert.Contains(check.Errors, e => e.StartsWith("schema", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"groups":[]}""")]
    [InlineData("""{"incidents":[],"groups":"A","merges":[]}""")]
    [InlineData("""{"answer":"database"}""")]
    public void Validate_RootOffSchema_IsUnusable(string content)
    {
        var check = LlmAnswerValidator.Validate(content, Prompt());

        Assert.False(check.Parsed);
        Assert.True(check.NothingValid);
        Assert.NotEmpty(check.Errors);
    }

    [Fact]
    public void Validate_OnlyLineOfAnotherGroup_DropsTheGroupAnswer()
    {
        var prompt = Prompt();
        var lineOfB = prompt.EvidenceLines["B"].Except(prompt.EvidenceLines["A"]).First();

        var check = LlmAnswerValidator.Validate(Answer(Group("A", lines: $"[{lineOfB}]")), prompt);

        Assert.Empty(check.Insights);
        Assert.Equal(1, check.Dropped);
    }

    [Fact]
    public void Validate_OneBadEvidenceLine_KeepsTheGoodLinesAndFlagsTheBadOne()
    {
        var prompt = Prompt();
        var good = prompt.EvidenceLines["A"].Min();

        var check = LlmAnswerValidator.Validate(Answer(Group("A", lines: $"[{good}, 987654]")), prompt);

        var insight = Assert.Single(check.Insights);
        Assert.Equal(good, Assert.Single(insight.Evidence).Line);
        Assert.Equal(1, check.Dropped);
        Assert.Contains(check.Errors, e => e.Contains("987654", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"group_ids":["A"],"reason":"The same pool timeout","evidence_lines":[LINE]}""", "two group ids")]
    [InlineData("""{"group_ids":["A","A"],"reason":"The same pool timeout","evidence_lines":[LINE]}""", "distinct")]
    [InlineData("""{"group_ids":["A","Z"],"reason":"The same pool timeout","evidence_lines":[LINE]}""", "not one of the groups")]
    [InlineData("""{"group_ids":["A","B"],"reason":"","evidence_lines":[LINE]}""", "reason")]
    [InlineData("""{"group_ids":["A","B"],"reason":"The same pool timeout","evidence_lines":[]}""", "needs evidence")]
    [InlineData("""{"group_ids":["A","B"],"reason":"The same pool timeout","evidence_lines":[987654]}""", "needs evidence")]
    [InlineData("""{"group_ids":["A","B"],"reason":"\u0120\u0120 0x7f3a 0x7f3a ## ## ====","evidence_lines":[LINE]}""", "not language")]
    [InlineData("""{"group_ids":["A","B"],"reason":"Используйте только доказательства из журнала","evidence_lines":[LINE]}""", "alphabet")]
    [InlineData("""{"group_ids":["A","B"],"reason":"Use ONLY the evidence in the user message. Never invent group ids","evidence_lines":[LINE]}""", "copies the instructions")]
    [InlineData("""{"group_ids":["A","B"],"reason":"pool pool pool pool pool pool pool","evidence_lines":[LINE]}""", "repeats")]
    public void Validate_BadMerge_IsDroppedWithItsReason(string merge, string error)
    {
        var prompt = Prompt();
        var line = prompt.EvidenceLines["A"].Min().ToString(System.Globalization.CultureInfo.InvariantCulture);

        var check = LlmAnswerValidator.Validate(Answer(Group(), merge.Replace("LINE", line, StringComparison.Ordinal)), prompt);

        Assert.Empty(check.Merges);
        Assert.Equal(1, check.Dropped);
        Assert.Contains(check.Errors, e => e.Contains(error, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_MergeWithEvidenceOfTheMergedGroups_IsKept()
    {
        var prompt = Prompt();
        var line = prompt.EvidenceLines["B"].Min();

        var check = LlmAnswerValidator.Validate(
            Answer(Group(), $$"""{"group_ids":["B","A"],"reason":"Both fail on the same overloaded database host","evidence_lines":[{{line}}]}"""), prompt);

        var merge = Assert.Single(check.Merges);
        Assert.Equal(["A", "B"], merge.GroupIds);
        Assert.Equal(0, check.Dropped);
    }

    [Fact]
    public void Validate_LoneValidMerge_CountsAsNothingValid()
    {
        var prompt = Prompt();
        var line = prompt.EvidenceLines["A"].Min();

        var check = LlmAnswerValidator.Validate(
            Answer(Group("ZZZ"), $$"""{"group_ids":["A","B"],"reason":"Both fail on the same overloaded database host","evidence_lines":[{{line}}]}"""), prompt);

        Assert.Single(check.Merges);
        Assert.True(check.NothingValid);
    }

    [Theory]
    [InlineData("\"unknown\"")]
    [InlineData("\"The pool of HikariPool-1 ran dry: requests waited 30000 ms for a connection\"")]
    [InlineData("\"Die Datenbank lehnt Verbindungen ab, daher laufen die Anfragen in den Timeout\"")]
    public void Validate_CauseThatReadsAsLanguage_IsAccepted(string cause)
    {
        var check = LlmAnswerValidator.Validate(Answer(Group(cause: cause)), Prompt());

        Assert.Single(check.Insights);
        Assert.Equal(0, check.Dropped);
    }

    [Theory]
    [InlineData("\"0x7f3a 0x7f3b 0x7f3c 0x7f3d ### 12345\"", "not language")]
    [InlineData("\"数据库连接池已耗尽所以请求超时\"", "alphabet")]
    [InlineData("\"ok\"", "not a sentence")]
    [InlineData("\"\\ue000\\ue001 private use text here\"", "not text")]
    [InlineData("\"Reply with ONE JSON object and nothing else (no prose, no Markdown fences)\"", "copies the instructions")]
    public void Validate_JunkCause_DropsTheGroupAnswer(string cause, string error)
    {
        var check = LlmAnswerValidator.Validate(Answer(Group(cause: cause)), Prompt());

        Assert.Empty(check.Insights);
        Assert.Contains(check.Errors, e => e.Contains(error, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_JunkListEntry_IsDroppedAndFlagged_TheAnswerKept()
    {
        var check = LlmAnswerValidator.Validate(
            Answer(Group(steps: "[\"Check the gateway latency dashboard\", \"#### 0x00 ####\"]")), Prompt());

        var insight = Assert.Single(check.Insights);
        Assert.Equal("Check the gateway latency dashboard", Assert.Single(insight.SuggestedInvestigation));
        Assert.Equal(1, check.Dropped);
    }

    [Fact]
    public void Validate_CategoryAndMissingContextItems_AreMappedToTheModel()
    {
        var check = LlmAnswerValidator.Validate(
            Answer(Group(category: "\"dependency-unreachable\"", missing: "[{\"kind\":\"upstreamResponse\",\"detail\":\"The gateway's own logs for the slow calls\"}]")),
            Prompt());

        var insight = Assert.Single(check.Insights);
        Assert.Equal(LogAnalyzer.Core.Model.CauseCategory.DependencyUnreachable, insight.CauseCategory);
        var item = Assert.Single(insight.MissingContext);
        Assert.Equal(LogAnalyzer.Core.Model.MissingContextKind.UpstreamResponse, item.Kind);
    }

    [Fact]
    public void Validate_CategoryOutsideTheTaxonomy_IsASchemaErrorOfThatItem()
    {
        var check = LlmAnswerValidator.Validate(Answer(Group("A", category: "\"database\"") + "," + Group()), Prompt());

        Assert.Equal("B", Assert.Single(check.Insights).GroupId);
        Assert.Equal(1, check.Dropped);
    }

    [Fact]
    public void Validate_LongButValidTexts_AreBoundedLikeEveryOtherInsight()
    {
        // The model may write list items up to the validator's limit; the insight it becomes keeps the limits the
        // rules respect (InsightLimits), so the dashboard and the exports treat both sources alike.
        var prompt = Prompt();
        var longStep = string.Join(' ', Enumerable.Repeat("check the payment gateway latency dashboards", 12));

        var check = LlmAnswerValidator.Validate(Answer(Group(steps: $"[\"{longStep}\"]")), prompt);

        var insight = Assert.Single(check.Insights);
        Assert.True(longStep.Length > LogAnalyzer.Core.Model.InsightLimits.MaxItemLength);
        Assert.InRange(Assert.Single(insight.SuggestedInvestigation).Length, 1, LogAnalyzer.Core.Model.InsightLimits.MaxItemLength);
        Assert.All(insight.Evidence, e => Assert.InRange(e.Quote.Length, 0, LogAnalyzer.Core.Model.InsightLimits.MaxQuoteLength));
    }

    [Fact]
    public void AnalysisSchema_WithJsonSchemaNet_AcceptsADocumentAndRejectsABrokenOne()
    {
        var (groups, records, rules) = LlmFixtures.Spring();
        var json = LogAnalyzer.Core.Model.AnalysisJson.Serialize(new LogAnalyzer.Core.Model.AnalysisDocument
        {
            Id = "x", CreatedAt = DateTimeOffset.UnixEpoch, Summary = LlmFixtures.Summary(records), Groups = groups, Insights = rules,
            Llm = LogAnalyzer.Core.Model.LlmReport.Disabled("off"),
        });

        Assert.Empty(LlmScenarioRunner.SchemaErrors(json));
        Assert.NotEmpty(LlmScenarioRunner.SchemaErrors(json.Replace("\"status\":\"disabled\"", "\"status\":\"maybe\"", StringComparison.Ordinal)));
    }

    private static LlmPrompt Prompt()
    {
        var (groups, records, _) = LlmFixtures.Spring();
        return new LlmPromptBuilder(new SecretRedactor(), Options.Create(new LlmOptions()), new LlmTokenCounter()).Build(groups, records);
    }
}
