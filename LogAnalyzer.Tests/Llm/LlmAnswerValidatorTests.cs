using LogAnalyzer.Core.Llm;
using LogAnalyzer.Core.Redaction;
using LogAnalyzer.Tests.Support;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Tests.Llm;

public sealed class LlmAnswerValidatorTests
{
    private const string Valid = """{"groups":[{"group_id":"A","probable_cause":"unknown","missing_context":[],"suggested_investigation":[],"mitigation":[],"evidence_lines":[],"confidence":0}],"merges":[]}""";

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

    [Theory]
    [InlineData("""{"group_id":"A","probable_cause":"x","missing_context":[],"suggested_investigation":[],"mitigation":[],"evidence_lines":[],"confidence":1.5}""", "confidence")]
    [InlineData("""{"group_id":"A","probable_cause":"","missing_context":[],"suggested_investigation":[],"mitigation":[],"evidence_lines":[],"confidence":0.5}""", "probable_cause")]
    [InlineData("""{"group_id":"Q","probable_cause":"x","missing_context":[],"suggested_investigation":[],"mitigation":[],"evidence_lines":[],"confidence":0.5}""", "not one of the groups")]
    [InlineData("""{"group_id":"A","probable_cause":"x","missing_context":[],"suggested_investigation":[],"mitigation":[],"evidence_lines":[999],"confidence":0.5}""", "evidence line")]
    [InlineData("""{"group_id":"A","probable_cause":"x","missing_context":[],"suggested_investigation":[],"mitigation":[],"evidence_lines":[],"confidence":0.5,"extra":1}""", "schema")]
    public void Validate_BadItem_IsDroppedAndCounted(string badItem, string error)
    {
        var prompt = Prompt();
        var good = """{"group_id":"B","probable_cause":"Payment API slow","missing_context":[],"suggested_investigation":[],"mitigation":[],"evidence_lines":[12],"confidence":0.4}""";

        var check = LlmAnswerValidator.Validate($$"""{"groups":[{{badItem}},{{good}}],"merges":[]}""", prompt);

        Assert.True(check.Parsed);
        Assert.Equal(1, check.Dropped);
        Assert.Equal("B", Assert.Single(check.Insights).GroupId);
        Assert.Contains(check.Errors, e => e.Contains(error, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"groups":[]}""")]
    [InlineData("""{"groups":"A","merges":[]}""")]
    [InlineData("""{"answer":"database"}""")]
    public void Validate_RootOffSchema_IsUnusable(string content)
    {
        var check = LlmAnswerValidator.Validate(content, Prompt());

        Assert.False(check.Parsed);
        Assert.True(check.NothingValid);
        Assert.NotEmpty(check.Errors);
    }

    [Fact]
    public void Validate_LineOfAnotherGroup_IsRejectedForThisGroup()
    {
        var prompt = Prompt();
        var lineOfB = prompt.EvidenceLines["B"].Except(prompt.EvidenceLines["A"]).First();

        var check = LlmAnswerValidator.Validate(
            $$"""{"groups":[{"group_id":"A","probable_cause":"x","missing_context":[],"suggested_investigation":[],"mitigation":[],"evidence_lines":[{{lineOfB}}],"confidence":0.5}],"merges":[]}""",
            prompt);

        Assert.Empty(check.Insights);
        Assert.Equal(1, check.Dropped);
    }

    [Theory]
    [InlineData("""{"group_ids":["A"],"reason":"same"}""")]
    [InlineData("""{"group_ids":["A","A"],"reason":"same"}""")]
    [InlineData("""{"group_ids":["A","Z"],"reason":"same"}""")]
    [InlineData("""{"group_ids":["A","B"],"reason":""}""")]
    public void Validate_BadMerge_IsDropped(string merge)
    {
        var check = LlmAnswerValidator.Validate($$"""{"groups":[],"merges":[{{merge}}]}""", Prompt());

        Assert.Empty(check.Merges);
        Assert.Equal(1, check.Dropped);
    }

    [Fact]
    public void Validate_LongButValidTexts_AreBoundedLikeEveryOtherInsight()
    {
        // The model may write list items up to the validator's limit; the insight it becomes keeps the limits the
        // rules respect (InsightLimits), so the dashboard and the exports treat both sources alike.
        var prompt = Prompt();
        var longStep = string.Join(' ', Enumerable.Repeat("check the payment gateway latency dashboards", 12));
        var item = $$"""{"group_id":"B","probable_cause":"Payment API slow","missing_context":[],"suggested_investigation":["{{longStep}}"],"mitigation":[],"evidence_lines":[12],"confidence":0.4}""";

        var check = LlmAnswerValidator.Validate($$"""{"groups":[{{item}}],"merges":[]}""", prompt);

        var insight = Assert.Single(check.Insights);
        Assert.True(longStep.Length > LogAnalyzer.Core.Model.InsightLimits.MaxItemLength);
        Assert.InRange(Assert.Single(insight.SuggestedInvestigation).Length, 1, LogAnalyzer.Core.Model.InsightLimits.MaxItemLength);
        Assert.All(insight.Evidence, e => Assert.InRange(e.Quote.Length, 0, LogAnalyzer.Core.Model.InsightLimits.MaxQuoteLength));
    }

    private static LlmPrompt Prompt()
    {
        var (groups, records, _) = LlmFixtures.Spring();
        return new LlmPromptBuilder(new SecretRedactor(), Options.Create(new LlmOptions())).Build(groups, records);
    }
}
