namespace LogAnalyzer.Core.Insights;

/// <summary>
/// A case-insensitive literal of a rule signature. A whole-word term ("403") only matches when neither
/// neighbour is a letter or digit; other terms match anywhere ("timeout" in "ReadTimeoutException").
/// </summary>
public sealed record MatchTerm
{
    public MatchTerm(string text, bool wholeWord = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        Text = text;
        WholeWord = wholeWord;
    }

    public string Text { get; }

    public bool WholeWord { get; }

    /// <summary>A term that matches anywhere.</summary>
    public static MatchTerm FromString(string text) => new(text);

    /// <summary>A term that matches only as a whole word.</summary>
    public static MatchTerm Word(string text) => new(text, wholeWord: true);

    public static implicit operator MatchTerm(string text) => FromString(text);

    public override string ToString() => WholeWord ? $"\\b{Text}\\b" : Text;
}
