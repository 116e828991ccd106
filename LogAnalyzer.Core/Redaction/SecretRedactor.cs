namespace LogAnalyzer.Core.Redaction;

/// <summary>Replaces secrets and personal data with typed placeholders such as <c>[REDACTED:jwt]</c>.</summary>
public sealed class SecretRedactor
{
    /// <summary>Returns the text with every secret replaced; counts each placeholder type in <paramref name="tally"/>.</summary>
    public string Redact(string text, RedactionTally tally)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(tally);
        return text; // replaced by the real scanner (issue #2)
    }
}
