using LogAnalyzer.Web.Components;

namespace LogAnalyzer.Tests.Web.Components;

public sealed class PluralTests
{
    [Theory]
    [InlineData(0, "0 records")]
    [InlineData(1, "1 record")]
    [InlineData(2, "2 records")]
    [InlineData(12345, "12,345 records")]
    public void Of_CountAndNoun(long count, string expected) => Assert.Equal(expected, Plural.Of(count, "record"));

    [Fact]
    public void Of_IrregularPlural() => Assert.Equal("3 ANSI sequences", Plural.Of(3, "ANSI sequence", "ANSI sequences"));

    [Fact]
    public void Noun_Alone() => Assert.Equal(("Line", "Lines"), (Plural.Noun(1, "Line"), Plural.Noun(2, "Line")));
}
