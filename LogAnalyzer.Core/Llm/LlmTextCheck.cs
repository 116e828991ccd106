using System.Globalization;
using System.Text;

namespace LogAnalyzer.Core.Llm;

/// <summary>
/// Rejects answer text that is not an explanation: characters that are not text, too few letters or words, an
/// alphabet that appears nowhere in the prompt, one word repeated over and over, or the instructions copied back.
/// A length check alone let a weak model's junk through as an LLM merge reason.
/// </summary>
internal static class LlmTextCheck
{
    /// <summary>Words in a row that count as copied from the instructions.</summary>
    private const int ShingleWords = 6;

    private static readonly Lazy<HashSet<string>> InstructionShingles = new(() =>
        Shingles(LlmPromptBuilder.InstructionsText()).ToHashSet(StringComparer.Ordinal));

    /// <summary>Scripts (coarse Unicode blocks) whose letters appear in <paramref name="promptText"/>; Latin is always allowed.</summary>
    public static HashSet<int> ScriptsOf(string promptText)
    {
        ArgumentNullException.ThrowIfNull(promptText);
        var scripts = new HashSet<int> { Script('a') };
        foreach (var rune in promptText.EnumerateRunes())
        {
            if (Rune.IsLetter(rune))
            {
                scripts.Add(Script(rune.Value));
            }
        }

        return scripts;
    }

    /// <summary>Null when <paramref name="text"/> reads as an explanation; otherwise what is wrong with it.</summary>
    public static string? Problem(string text, IReadOnlySet<int> allowedScripts)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(allowedScripts);
        if (text.Equals("unknown", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        int visible = 0, letters = 0, foreign = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (rune.Value == 0xFFFD || category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.PrivateUse
                or UnicodeCategory.Surrogate or UnicodeCategory.OtherNotAssigned)
            {
                return "contains characters that are not text";
            }

            if (Rune.IsWhiteSpace(rune))
            {
                continue;
            }

            visible++;
            if (Rune.IsLetter(rune))
            {
                letters++;
                if (!allowedScripts.Contains(Script(rune.Value)))
                {
                    foreign++;
                }
            }
        }

        if (letters * 2 < visible)
        {
            return "is not language (fewer letters than symbols and digits)";
        }

        if (foreign * 10 > letters)
        {
            return "uses an alphabet that appears nowhere in the log or the instructions";
        }

        var words = Words(text);
        if (words.Count(w => w.Length >= 2) < 2)
        {
            return "is not a sentence (fewer than two words)";
        }

        if (words.Count >= 6 && words.GroupBy(w => w, StringComparer.Ordinal).Max(g => g.Count()) * 2 > words.Count)
        {
            return "repeats one word over and over";
        }

        return Shingles(text).Any(InstructionShingles.Value.Contains)
            ? "copies the instructions instead of answering"
            : null;
    }

    private static List<string> Words(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                current.Append(char.ToLowerInvariant(c));
            }
            else if (current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
        }

        if (current.Length > 0)
        {
            words.Add(current.ToString());
        }

        return words;
    }

    private static IEnumerable<string> Shingles(string text)
    {
        var words = Words(text);
        for (var i = 0; i + ShingleWords <= words.Count; i++)
        {
            yield return string.Join(' ', words.Skip(i).Take(ShingleWords));
        }
    }

    /// <summary>A coarse script id: Latin, Greek, Cyrillic, Kana, CJK and Hangul each one; any other letter its 128-code-point block.</summary>
    private static int Script(int codePoint) => codePoint switch
    {
        < 0x0250 => 0,
        >= 0x1E00 and < 0x1F00 => 0,
        >= 0x2C60 and < 0x2C80 => 0,
        >= 0xA720 and < 0xA800 => 0,
        >= 0xFF00 and < 0xFF70 => 0,
        >= 0x0370 and < 0x0400 or >= 0x1F00 and < 0x2000 => 1, // Greek
        >= 0x0400 and < 0x0530 => 2, // Cyrillic
        >= 0x3040 and < 0x3100 => 3, // Kana
        >= 0x3400 and < 0xA000 or >= 0xF900 and < 0xFB00 => 4, // CJK ideographs
        >= 0xAC00 and < 0xD7B0 or >= 0x1100 and < 0x1200 or >= 0x3130 and < 0x3190 => 5, // Hangul
        _ => 16 + (codePoint >> 7),
    };
}
