using LogAnalyzer.Web.Components.Analysis;

namespace LogAnalyzer.Tests.Web.Components;

/// <summary>The selected group in the URL ("#group-C"): what selects a group and what does not.</summary>
public sealed class GroupFragmentTests
{
    [Theory]
    [InlineData("#group-C", "C")]
    [InlineData("group-AB", "AB")]
    [InlineData("#group-G12", "G12")]
    [InlineData("#group-", null)]
    [InlineData("#groups", null)]
    [InlineData("#h-results", null)]
    [InlineData("#group-C<script>", null)]
    [InlineData("#group-C%20D", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Parse_AcceptsOnlyGroupIds(string? fragment, string? expected) =>
        Assert.Equal(expected, GroupFragment.Parse(fragment));

    [Fact]
    public void Fragment_AndElementIds_RoundTrip()
    {
        Assert.Equal("#group-C", GroupFragment.Fragment("C"));
        Assert.Equal("group-C", GroupFragment.ElementId("C"));
        Assert.Equal("insight-C", GroupFragment.InsightElementId("C"));
        Assert.Equal("C", GroupFragment.Parse(GroupFragment.Fragment("C")));
    }
}
