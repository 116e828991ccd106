namespace LogAnalyzer.Core.Ingestion.Inference;

/// <summary>Character-level helpers shared by the known-layout parser, the layout learner and the transport peelers.</summary>
internal static class HeaderText
{
    public static bool IsDigits(ReadOnlySpan<char> t)
    {
        if (t.IsEmpty)
        {
            return false;
        }

        foreach (var c in t)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsUpper(ReadOnlySpan<char> t)
    {
        foreach (var c in t)
        {
            if (char.IsAsciiLetterLower(c))
            {
                return false;
            }
        }

        return true;
    }

    public static int SkipSpaces(ReadOnlySpan<char> s, int p)
    {
        while (p < s.Length && s[p] is ' ' or '\t')
        {
            p++;
        }

        return p;
    }

    public static bool IsSeparator(ReadOnlySpan<char> token) => token is "-" or "|" or ":" or "--" or "---" or "::" or "-->" or "->" or "—";

    /// <summary>End of the token at <paramref name="p"/>: a balanced [...] group, or up to the next blank.</summary>
    public static int TokenEnd(ReadOnlySpan<char> s, int p)
    {
        if (p < s.Length && s[p] == '[')
        {
            var close = MatchBracket(s, p, '[', ']');
            if (close >= 0)
            {
                return close + 1;
            }
        }

        var rest = s[p..];
        var i = rest.IndexOfAny(' ', '\t');
        return i < 0 ? s.Length : p + i;
    }

    /// <summary>Index of the closer matching the opener at <paramref name="p"/> (within 512 chars), or -1.</summary>
    public static int MatchBracket(ReadOnlySpan<char> s, int p, char open = '[', char close = ']')
    {
        var depth = 0;
        var limit = Math.Min(s.Length, p + 512);
        for (var i = p; i < limit; i++)
        {
            var c = s[i];
            if (c == open)
            {
                depth++;
            }
            else if (c == close && --depth == 0)
            {
                return i;
            }
        }

        return -1;
    }
}
