using LogAnalyzer.Core.Grouping;

namespace LogAnalyzer.Tests.Grouping;

/// <summary>
/// The failure-signal scan finds each phrase through a rarer fragment of it, then verifies the phrase whole: it must
/// answer exactly what a plain "contains any phrase, ignoring case" would, wherever and however the phrase is written.
/// </summary>
public sealed class FailureSignalsTests
{
    private static bool Reference(string text) =>
        FailureSignals.Phrases.Any(p => text.Contains(p, StringComparison.OrdinalIgnoreCase));

    [Fact]
    public void EveryPhrase_IsFound_AtStartMiddleAndEnd_InAnyCase()
    {
        foreach (var phrase in FailureSignals.Phrases)
        {
            foreach (var text in new[] { phrase, "x " + phrase.ToUpperInvariant() + " y", "pod web-1: " + Mixed(phrase) })
            {
                Assert.True(FailureSignals.NamesFailure(text), text);
            }
        }
    }

    [Theory]
    [InlineData("connection established to db-1:5432")]
    [InlineData("exit code 0 after 137 ms")]
    [InlineData("exit code 1")]
    [InlineData("node is ready")]
    [InlineData("readiness probe passed")]
    [InlineData("disk 80% full")]
    [InlineData("request refused by policy")]
    [InlineData("space left: 20 GB")]
    [InlineData("\"level\":\"info\",\"msg\":\"ok\"")]
    [InlineData("level=warn msg=slow")]
    [InlineData("")]
    [InlineData("no \u017Fpace left on device")]
    [InlineData("exit code \u0131137")]
    public void NearMisses_AreNotSignals(string text) =>
        Assert.Equal(Reference(text), FailureSignals.NamesFailure(text));

    [Fact]
    public void AgreesWithThePlainSearch_OnGeneratedText()
    {
        var random = new Random(20261207);
        var words = FailureSignals.Phrases.SelectMany(p => p.Split(' ', ':', '=', '_', '-'))
            .Concat(["the", "con", "fail", "read", "memory", "137", "level", "ready", "code", "exit", "not", "k", "ry:", "\"", ":"])
            .Where(w => w.Length > 0).ToArray();
        var separators = new[] { " ", "", ": ", "=", "_", "-", "\":\"" };
        for (var n = 0; n < 20_000; n++)
        {
            var parts = Enumerable.Range(0, random.Next(1, 12)).Select(_ => words[random.Next(words.Length)] + separators[random.Next(separators.Length)]);
            var text = string.Concat(parts);
            text = random.Next(3) == 0 ? text.ToUpperInvariant() : text;
            Assert.True(Reference(text) == FailureSignals.NamesFailure(text), text);
        }
    }

    private static string Mixed(string phrase) =>
        string.Concat(phrase.Select((c, i) => i % 2 == 0 ? char.ToUpperInvariant(c) : c));
}
