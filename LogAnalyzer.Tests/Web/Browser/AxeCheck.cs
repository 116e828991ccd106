using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace LogAnalyzer.Tests.Web.Browser;

/// <summary>axe-core on the page as it is: no serious or critical violations.</summary>
internal static class AxeCheck
{
    public static async Task AssertNoSeriousViolationsAsync(IPage page, string state, ITestOutputHelper output)
    {
        var result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        foreach (var v in serious)
        {
            output.WriteLine($"[axe:{state}] {v.Impact} {v.Id}: {v.Help} — {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}");
        }

        Assert.True(serious.Count == 0, $"axe found {serious.Count} serious/critical violations in state '{state}': "
            + string.Join("; ", serious.Select(v => $"{v.Id} ({v.Nodes.Length}): {string.Join(" | ", v.Nodes.Take(2).Select(n => n.Html))}")));
    }
}
