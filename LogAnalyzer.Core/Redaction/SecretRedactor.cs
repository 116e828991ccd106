namespace LogAnalyzer.Core.Redaction;

/// <summary>
/// Replaces secrets and personal data with typed placeholders such as <c>[REDACTED:jwt]</c>, in one pass.
/// Line breaks are never added or removed (a private-key block keeps its line count), and text without
/// anything to redact comes back as the same string instance, without allocation.
/// </summary>
public sealed class SecretRedactor
{
    /// <summary>Returns the text with every secret replaced; counts each placeholder type in <paramref name="tally"/>.</summary>
    public string Redact(string text, RedactionTally tally)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(tally);
        return text.Length == 0 ? text : new RedactionScanner(text, tally).Run() ?? text;
    }

    /// <summary>
    /// Redacts <paramref name="text"/> without copying it first: returns the redacted string, or null when there was
    /// nothing to redact (the caller keeps its span).
    /// </summary>
    public string? RedactOrNull(ReadOnlySpan<char> text, RedactionTally tally)
    {
        ArgumentNullException.ThrowIfNull(tally);
        return text.IsEmpty ? null : new RedactionScanner(text, tally).Run();
    }
}
