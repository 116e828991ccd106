using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Core.Ingestion.Inference;

/// <summary>
/// Cuts the leading fields of a line into <see cref="HeaderToken"/>s: a timestamp (which may span blanks) is one
/// token, a balanced bracket group is one token, <c>|</c> delimits even without blanks, and a trailing <c>,</c>
/// after a field is part of the field (<c>2016-09-28 04:30:30, Info</c>).
/// </summary>
internal static class HeaderTokenizer
{
    /// <summary>Fields are looked for in the first this many characters only.</summary>
    public const int MaxHeaderChars = 320;

    /// <summary>Reads up to <paramref name="tokens"/>.Length fields; returns how many were read.</summary>
    public static int Tokenize(ReadOnlySpan<char> s, int year, Span<HeaderToken> tokens)
    {
        var count = 0;
        var p = 0;
        while (count < tokens.Length && TryRead(s, p, year, out var token))
        {
            tokens[count++] = token;
            p = token.End;
        }

        return count;
    }

    /// <summary>Reads the field that starts at the first non-blank at or after <paramref name="p"/>.</summary>
    public static bool TryRead(ReadOnlySpan<char> s, int p, int year, out HeaderToken token)
    {
        token = default;
        p = HeaderText.SkipSpaces(s, p);
        if (p >= s.Length || p >= MaxHeaderChars)
        {
            return false;
        }

        var c = s[p];
        if (c == '|')
        {
            token = Finish(s, new HeaderToken(p, p + 1, ColumnKind.Separator));
            return true;
        }

        if ((char.IsAsciiDigit(c) || char.IsAsciiLetter(c) || c == '[')
            && TimestampParser.TryParse(s[p..], year, out var time, out var n) && n > 0 && EndsField(s, p + n))
        {
            var end = p + n;
            if (end < s.Length && s[end] is ',' or ';')
            {
                end++;
            }

            token = Finish(s, new HeaderToken(p, end, ColumnKind.Timestamp) { Time = time });
            return true;
        }

        var e = FieldEnd(s, p);
        var field = s[p..e];
        var core = field[^1] == ',' && field.Length > 1 ? field[..^1] : field;
        var colon = core.Length > 1 && core[^1] == ':' && core[^2] != ':';
        if (colon)
        {
            core = core[..^1];
        }
        else if (LoneColonAfter(s, e) is var after and > 0 && !HeaderText.IsSeparator(core))
        {
            e = after; // a padded name: "OkHttp  : message" (logcat pads tags)
            colon = true;
        }

        token = Finish(s, Classify(core, p, e, year) with { EndsWithColon = colon });
        return true;
    }

    private static HeaderToken Classify(ReadOnlySpan<char> core, int start, int end, int year)
    {
        if (HeaderText.IsSeparator(core))
        {
            return new HeaderToken(start, end, ColumnKind.Separator) { IsDash = core is "-" };
        }

        if (core.Length >= 2 && core[0] is '[' or '(' or '<' && core[^1] == Closer(core[0]))
        {
            var inner = core[1..^1].Trim();
            if (IsLevel(inner, out var bracketed))
            {
                return new HeaderToken(start, end, ColumnKind.Level) { Level = bracketed };
            }

            // "[10:15:30 INF]": a time and a level in one bracket (Serilog's console template)
            var blank = inner.LastIndexOf(' ');
            return blank > 0 && IsLevel(inner[(blank + 1)..], out var timedLevel)
                && TimestampParser.TryParse(inner, year, out var time, out var n) && n == blank
                ? new HeaderToken(start, end, ColumnKind.Level) { Level = timedLevel, Time = time }
                : new HeaderToken(start, end, ColumnKind.Bracket);
        }

        if (IsLevel(core, out var level))
        {
            return new HeaderToken(start, end, ColumnKind.Level) { Level = level };
        }

        return core.Length <= 12 && HeaderText.IsDigits(core)
            ? new HeaderToken(start, end, ColumnKind.Number)
            : new HeaderToken(start, end, ColumnKind.Word);
    }

    /// <summary>A level name in any case, or one upper-case level letter (logcat, glog: V D I W E F).</summary>
    private static bool IsLevel(ReadOnlySpan<char> word, out Severity level)
    {
        level = default;
        var colon = word.LastIndexOf(':');
        if (colon >= 0 && colon < word.Length - 1)
        {
            word = word[(colon + 1)..]; // "[core:error]"
        }

        if (word.Length == 1)
        {
            return char.IsAsciiLetterUpper(word[0]) && word[0] is 'V' or 'D' or 'I' or 'W' or 'E' or 'F' && LevelParser.TryParseLetter(word[0], out level);
        }

        return LevelParser.TryParseName(word, out level);
    }

    private static char Closer(char open) => open switch { '[' => ']', '(' => ')', _ => '>' };

    /// <summary>End of a field: a balanced bracket group, else up to a blank or a <c>|</c>.</summary>
    private static int FieldEnd(ReadOnlySpan<char> s, int p)
    {
        if (s[p] is '[' or '(' or '<')
        {
            var close = HeaderText.MatchBracket(s, p, s[p], Closer(s[p]));
            if (close >= 0 && (close + 1 == s.Length || s[close + 1] is ' ' or '\t' or ':' or ',' or '|'))
            {
                return close + 1 < s.Length && s[close + 1] is ':' or ',' ? close + 2 : close + 1;
            }
        }

        var rest = s[p..];
        var i = rest.IndexOfAny(' ', '\t', '|');
        if (i == 0)
        {
            return p + 1;
        }

        return i < 0 ? s.Length : p + i;
    }

    /// <summary>The end of a lone <c>:</c> after blanks at <paramref name="p"/> ("name  : …"), else 0.</summary>
    private static int LoneColonAfter(ReadOnlySpan<char> s, int p)
    {
        var q = HeaderText.SkipSpaces(s, p);
        return q > p && q < s.Length && s[q] == ':' && (q + 1 == s.Length || s[q + 1] is ' ' or '\t') ? q + 1 : 0;
    }

    private static bool EndsField(ReadOnlySpan<char> s, int end) => end >= s.Length || s[end] is ' ' or '\t' or ',' or ';' or '|';

    private static HeaderToken Finish(ReadOnlySpan<char> s, HeaderToken token)
    {
        var q = token.End;
        while (q < s.Length && s[q] is ' ' or '\t')
        {
            q++;
        }

        return token with { GapAfter = q - token.End };
    }
}
