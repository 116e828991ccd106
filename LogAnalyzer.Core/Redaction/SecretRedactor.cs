namespace LogAnalyzer.Core.Redaction;

/// <summary>
/// Replaces secrets and personal data with typed placeholders such as <c>[REDACTED:jwt]</c>, in one pass.
/// Line breaks are never added or removed (a private-key block keeps its line count), and text without
/// anything to redact comes back as the same string instance, without allocation.
/// <para>
/// The counts are the secrets this redactor masked, nothing else. On raw input (<see cref="RedactOrNull"/>,
/// <see cref="RedactInput"/>) a placeholder look-alike already in the text (<c>[REDACTED:password]</c> written by the
/// application or pasted by a user) becomes <c>[REDACTED-in-log:password]</c> and is not counted, so nothing that counts
/// placeholders later (the prompt preview) mistakes it for a mask. <see cref="Redact"/> is the defensive second pass
/// over text that already carries placeholders: it leaves them alone.
/// </para>
/// </summary>
public sealed class SecretRedactor
{
    /// <summary>
    /// Returns already-redacted text with any remaining secret replaced (a second pass: existing placeholders are kept
    /// as they are); counts each placeholder type it writes in <paramref name="tally"/>.
    /// </summary>
    public string Redact(string text, RedactionTally tally)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(tally);
        return text.Length == 0 ? text : new RedactionScanner(text, tally).Run() ?? text;
    }

    /// <summary>Redacts raw input (the first pass, look-alikes marked): the text with every secret replaced.</summary>
    public string RedactInput(string text, RedactionTally tally)
    {
        ArgumentNullException.ThrowIfNull(text);
        return RedactOrNull(text, tally) ?? text;
    }

    /// <summary>
    /// Redacts raw input without copying it first (the first pass, look-alikes marked): returns the redacted string, or
    /// null when there was nothing to change (the caller keeps its span).
    /// </summary>
    public string? RedactOrNull(ReadOnlySpan<char> text, RedactionTally tally)
    {
        ArgumentNullException.ThrowIfNull(tally);
        return text.IsEmpty ? null : new RedactionScanner(text, tally, markLookAlikes: true).Run();
    }
}
