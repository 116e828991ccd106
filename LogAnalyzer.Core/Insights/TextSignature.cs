namespace LogAnalyzer.Core.Insights;

/// <summary>
/// One text signature of a rule: any of <see cref="AnyOf"/> found in a group's messages, template or samples.
/// When <see cref="With"/> is not empty, one of its terms must also appear on the same line, and within
/// <see cref="Window"/> characters of the match when that is positive (so "503" counts only next to "status",
/// "HTTP", "returned", …).
/// </summary>
public sealed record TextSignature(IReadOnlyList<MatchTerm> AnyOf, IReadOnlyList<MatchTerm> With, int Window = 0)
{
    /// <summary>A signature matched by any of the terms alone.</summary>
    public TextSignature(IReadOnlyList<MatchTerm> anyOf)
        : this(anyOf, [])
    {
    }
}
