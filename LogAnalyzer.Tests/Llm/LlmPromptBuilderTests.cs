using LogAnalyzer.Core.Llm;
using LogAnalyzer.Core.Model;
using LogAnalyzer.Core.Redaction;
using LogAnalyzer.Tests.Support;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Tests.Llm;

public sealed class LlmPromptBuilderTests
{
    [Fact]
    public void Build_SameInput_SameMessages()
    {
        var (groups, records, _) = LlmFixtures.Spring();

        var first = Builder().Build(groups, records);
        var second = Builder().Build(groups, records);

        Assert.Equal(first.Messages, second.Messages);
    }

    [Fact]
    public void Build_FullDetail_ShowsChainFramesSamplesAndPrecedingLines()
    {
        var (groups, records, _) = LlmFixtures.Spring();

        var prompt = Builder().Build(groups, records);

        Assert.True(prompt.Fits);
        Assert.Equal(0, prompt.DetailLevel);
        Assert.Equal(["A", "B", "C"], prompt.GroupIds);
        var user = prompt.Messages[1].Content;
        Assert.Contains("java.sql.SQLTransientConnectionException: HikariPool-1", user, StringComparison.Ordinal);
        Assert.Contains("java.net.ConnectException: Connection refused", user, StringComparison.Ordinal);
        Assert.Contains("com.shop.db.OrderRepository.save (OrderRepository.java)", user, StringComparison.Ordinal);
        Assert.Contains("\"4| 2026-03-02 10:14:37,500 ERROR", user, StringComparison.Ordinal);
        Assert.Contains(3, prompt.EvidenceLines["A"]); // the warning that preceded the first error
    }

    [Fact]
    public void Build_TightBudget_ReducesDetailBeforeDroppingGroups()
    {
        var (groups, records, _) = LlmFixtures.Spring();
        var full = Builder().Build(groups, records);

        var tight = Builder(new LlmOptions { MaxPromptTokens = full.EstimatedTokens + LlmPromptBuilder.RepairReserveTokens - 150 }).Build(groups, records);

        Assert.True(tight.Fits);
        Assert.True(tight.DetailLevel > 0);
        Assert.Equal(3, tight.GroupIds.Count);
        Assert.True(tight.EstimatedTokens <= tight.BudgetTokens);
    }

    [Fact]
    public void Build_MaxGroups_KeepsTheMostSevereAndFrequent()
    {
        var (groups, records, _) = LlmFixtures.Spring();

        var prompt = Builder(new LlmOptions { MaxGroups = 1 }).Build(groups, records);

        Assert.Equal(["A"], prompt.GroupIds);
        Assert.Equal(3, prompt.GroupsTotal);
    }

    [Fact]
    public void Build_SecretsInEvidence_AreCountedByType()
    {
        var log = """
            2026-03-02 10:14:06,001 ERROR [main] com.shop.Db - connect failed password=hunter2-S3cret!
            2026-03-02 10:14:07,001 ERROR [main] com.shop.Db - connect failed password=hunter3-S3cret!
            """;
        var (groups, records, _) = LlmFixtures.Grouped(LlmFixtures.Records(log), r => r.Level == Severity.Error ? "A" : null);

        var prompt = Builder().Build(groups, records);

        Assert.DoesNotContain("hunter2", prompt.Messages[1].Content, StringComparison.Ordinal);
        Assert.True(prompt.Redactions.Values.Sum() >= 2, string.Join(", ", prompt.Redactions));
    }

    private static LlmPromptBuilder Builder(LlmOptions? options = null) =>
        new(new SecretRedactor(), Options.Create(options ?? new LlmOptions()), new LlmTokenCounter());
}
