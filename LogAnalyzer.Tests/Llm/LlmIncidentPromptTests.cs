using LogAnalyzer.Core.Llm;
using LogAnalyzer.Core.Model;
using LogAnalyzer.Core.Redaction;
using LogAnalyzer.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Tests.Llm;

/// <summary>
/// The LLM sees incidents: they lead the prompt with their root groups and root-cause candidate lines (an OOM kill
/// after the errors, at info level), no root group is dropped while symptoms are sent, and the LLM may re-group them
/// within the same id checks.
/// </summary>
public sealed class LlmIncidentPromptTests
{
    private const string OomLine = "2026-03-02 10:15:11,000 INFO  [kubelet] shop-7f9: container shop terminated, reason OOMKilled, exit code 137";

    private static (List<ErrorGroup> Groups, List<LogRecord> Records, List<Insight> Rules) WithOomKill() =>
        LlmFixtures.Grouped(LlmFixtures.Records(LlmFixtures.SpringLog + "\n" + OomLine), r =>
            r.Text.Contains("OOMKilled", StringComparison.Ordinal) ? "D"
            : r.Text.Contains("SQLTransientConnectionException", StringComparison.Ordinal) ? "A"
            : r.Text.Contains("PaymentClient", StringComparison.Ordinal) ? "B"
            : r.Level == Severity.Warning ? "C"
            : null);

    private static Incident Incident(string id, string root, params string[] groups) => new()
    {
        Id = id, Title = "Incident " + id, CauseCategory = CauseCategory.Unknown, RootGroupId = root, GroupIds = [root, .. groups],
        Summary = "The first failure and what it caused.", Confidence = 0.5, Source = InsightSource.Rules,
    };

    private static LlmPromptBuilder Builder(int maxGroups) =>
        new(new SecretRedactor(), Options.Create(new LlmOptions { MaxGroups = maxGroups }), new LlmTokenCounter());

    [Fact]
    public void Build_WithoutIncidents_AnInfoLevelCauseAfterTheErrorsIsNotSent()
    {
        var (groups, records, _) = WithOomKill();

        var prompt = Builder(2).Build(groups, records);

        Assert.DoesNotContain("OOMKilled", prompt.Messages[1].Content, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_IncidentRootAfterTheErrorsAndNotErrorLevel_LeadsThePromptWithItsLine()
    {
        var (groups, records, _) = WithOomKill();
        var oom = records.Single(r => r.Text.Contains("OOMKilled", StringComparison.Ordinal));

        var prompt = Builder(2).Build(groups, records, [Incident("I1", "D", "A", "B")]);

        var user = prompt.Messages[1].Content;
        Assert.Equal(["D", "A"], prompt.GroupIds);
        Assert.Equal(["I1"], prompt.IncidentIds);
        Assert.Contains("OOMKilled", user, StringComparison.Ordinal);
        Assert.True(user.IndexOf("\"incident\":\"I1\"", StringComparison.Ordinal) < user.IndexOf("\"id\":\"D\"", StringComparison.Ordinal));
        Assert.Contains(oom.LineStart, prompt.EvidenceLines["D"]);
        Assert.Contains("rootCauseLines", user, StringComparison.Ordinal);
        Assert.Equal(["D", "A", "B"], prompt.KnownGroupIds.Order(StringComparer.Ordinal).OrderBy(id => id != "D"));
    }

    [Theory]
    [InlineData(3000)]
    [InlineData(4000)]
    [InlineData(6000)]
    public void Build_AnyBudget_DropsSymptomsBeforeAnyRootGroup(int maxPromptTokens)
    {
        var (groups, records, _) = WithOomKill();
        var builder = new LlmPromptBuilder(new SecretRedactor(),
            Options.Create(new LlmOptions { MaxGroups = 4, MaxPromptTokens = maxPromptTokens }), new LlmTokenCounter());

        var prompt = builder.Build(groups, records, [Incident("I1", "D", "A"), Incident("I2", "C", "B")]);

        Assert.True(prompt.Fits);
        Assert.Equal(new[] { "D", "C", "A", "B" }.Take(prompt.GroupIds.Count), prompt.GroupIds);
    }

    [Fact]
    public async Task Explain_LlmRegroupsAnIncident_WithinTheIdChecks()
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.Scenario = FakeLlmScenario.RefineIncidents;
        await using var host = LlmTestHost.Create(server.BaseUrl);
        var (groups, records, rules) = WithOomKill();
        var incidents = new List<Incident> { Incident("I1", "D", "A"), Incident("I2", "C", "B") };

        var result = await host.Llm.ExplainAsync(new LlmStageInput(groups, records, rules, incidents), CancellationToken.None);

        Assert.True(result.Incidents is not null, result.Report.Status + ": " + result.Report.FallbackReason);
        var first = result.Incidents![0];
        Assert.Equal("I1", first.Id);
        Assert.Equal(CauseCategory.ResourceExhaustion, first.CauseCategory);
        Assert.Equal(InsightSource.Llm, first.Source);
        Assert.Equal("D", first.GroupIds[0]);
        var moved = first.GroupIds[^1];
        Assert.Contains(moved, first.GroupIds);
        Assert.All(result.Incidents.Skip(1), i => Assert.DoesNotContain(moved, i.GroupIds));
        Assert.Contains("re-grouped", result.Report.FallbackReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Refinement_MovesGroupsAndDropsEmptiedIncidents()
    {
        var incidents = new List<Incident> { Incident("I1", "D", "A"), Incident("I2", "C", "B"), Incident("I3", "E") };
        var answers = new List<LlmIncidentAnswer> { new("I1", "D", ["D", "A", "B", "E"], CauseCategory.CrashLoop) };

        var refined = LlmIncidentRefinement.Apply(incidents, answers);
        var groups = LlmIncidentRefinement.Regroup(
            [.. new[] { "A", "B", "C", "D", "E" }.Select(id => new ErrorGroup
            {
                Id = id, Label = id, Count = 1, Severity = Severity.Error, Template = id, FirstLine = 1, LastLine = 1, Fingerprint = id, Reason = "test",
            })],
            refined);

        Assert.Equal(["I1", "I2"], refined.Select(i => i.Id));
        Assert.Equal(["D", "A", "B", "E"], refined[0].GroupIds);
        Assert.Equal(CauseCategory.CrashLoop, refined[0].CauseCategory);
        Assert.Equal(["C"], refined[1].GroupIds);
        Assert.Equal(["I1", "I1", "I2", "I1", "I1"], groups.Select(g => g.IncidentId));
    }

    [Fact]
    public void Validate_IncidentTakingTheRootOfAnUnansweredIncident_IsDropped()
    {
        var (groups, records, _) = WithOomKill();
        var prompt = Builder(4).Build(groups, records, [Incident("I1", "D", "A"), Incident("I2", "C", "B")]);

        var check = LlmAnswerValidator.Validate(LlmAnswerValidatorTests.Answer(
            LlmAnswerValidatorTests.Group(),
            incidents: """{"incident_id":"I1","root_group_id":"D","group_ids":["D","A","C"],"cause_category":"crash-loop"}"""), prompt);

        Assert.Empty(check.Incidents);
        Assert.Contains(check.Errors, e => e.Contains("root of incident 'I2'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"incident_id":"I9","root_group_id":"D","group_ids":["D"],"cause_category":"crash-loop"}""", "not one of the incidents")]
    [InlineData("""{"incident_id":"I1","root_group_id":"D","group_ids":["D","ZZ"],"cause_category":"crash-loop"}""", "not one of the groups")]
    [InlineData("""{"incident_id":"I1","root_group_id":"A","group_ids":["D"],"cause_category":"crash-loop"}""", "root_group_id")]
    public void Validate_IncidentWithUnknownIds_IsDropped(string incident, string error)
    {
        var (groups, records, _) = WithOomKill();
        var prompt = Builder(4).Build(groups, records, [Incident("I1", "D", "A")]);

        var check = LlmAnswerValidator.Validate(LlmAnswerValidatorTests.Answer(LlmAnswerValidatorTests.Group(), incidents: incident), prompt);

        Assert.Empty(check.Incidents);
        Assert.Single(check.Insights);
        Assert.Contains(check.Errors, e => e.Contains(error, StringComparison.Ordinal));
    }

    [Fact]
    public void Schema_Bounded_EnumeratesTheSentIncidentsAndGroups()
    {
        var (groups, records, _) = WithOomKill();
        var prompt = Builder(2).Build(groups, records, [Incident("I1", "D", "A", "B")]);

        var schema = LlmAnswerSchema.ForPrompt(prompt, bounded: true);
        var plain = LlmAnswerSchema.ForPrompt(prompt, bounded: false);

        var incident = schema["properties"]!["incidents"]!["items"]!["properties"]!;
        Assert.Equal(["I1"], incident["incident_id"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(["D", "A"], schema["properties"]!["groups"]!["items"]!["properties"]!["group_id"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(2, schema["properties"]!["groups"]!["maxItems"]!.GetValue<int>());
        Assert.Equal(13, schema["properties"]!["groups"]!["items"]!["properties"]!["cause_category"]!["enum"]!.AsArray().Count);
        Assert.DoesNotContain("maxLength", plain.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("maxItems", plain.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Schema_Enums_MatchTheModelTaxonomies()
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(LlmAnswerSchema.Json)!;
        var group = node["properties"]!["groups"]!["items"]!["properties"]!;

        Assert.Equal(
            Enum.GetValues<CauseCategory>().Select(c => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(c.ToString())).Order(),
            group["cause_category"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>()).Order());
        Assert.Equal(
            Enum.GetValues<MissingContextKind>().Select(k => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(k.ToString())).Order(),
            group["missing_context"]!["items"]!["properties"]!["kind"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>()).Order());
    }
}
