using System.Buffers;

namespace LogAnalyzer.Core.Patterns;

/// <summary>
/// Masks the variable parts of a log message in one left-to-right pass over its characters (no regular
/// expressions): numbers, hex, GUIDs, IPv4/IPv6 (with ports), URLs, paths, e-mail addresses, dates and times,
/// durations, sizes, versions, hashes and any other token fragment that carries digits. Whitespace runs collapse to
/// one space, so the result is a space-separated token sequence ready for clustering.
/// </summary>
/// <remarks>
/// A token is cut into segments at punctuation that separates keys from values (<c>= : , ; ( ) [ ] { } &lt; &gt; " ' | @</c>).
/// At every segment start the scanner first tries the shapes that contain such punctuation themselves (URL, e-mail,
/// IPv4/IPv6 with port, UUID, date/time, path); otherwise it classifies the segment: a segment without a digit is a
/// word and is kept, a segment with a digit becomes a typed placeholder (<c>&lt;num&gt;</c>, <c>&lt;hex&gt;</c>, …) or
/// <c>&lt;*&gt;</c>.
/// </remarks>
public static class TemplateMasker
{
    public const string Any = "<*>";
    public const string Number = "<num>";
    public const string Hex = "<hex>";
    public const string Ip = "<ip>";
    public const string Uuid = "<uuid>";
    public const string Url = "<url>";
    public const string Path = "<path>";
    public const string Email = "<email>";
    public const string Timestamp = "<ts>";
    public const string Duration = "<duration>";
    public const string Size = "<size>";
    public const string Version = "<ver>";
    public const string Hash = "<hash>";
    public const string Bool = "<bool>";

    /// <summary>The largest output for an input of <paramref name="length"/> chars (a 1-char number becomes 5 chars).</summary>
    internal static int MaxOutputLength(int length) => (length * 5) + 16;

    /// <summary>Masks <paramref name="message"/> and returns the template text.</summary>
    public static string Mask(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var buffer = ArrayPool<char>.Shared.Rent(MaxOutputLength(message.Length));
        try
        {
            var written = Mask(message, buffer);
            return new string(buffer, 0, written);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Masks <paramref name="input"/> into <paramref name="output"/>, which must hold at least
    /// <see cref="MaxOutputLength"/> chars. Returns the number of chars written.
    /// </summary>
    internal static int Mask(ReadOnlySpan<char> input, Span<char> output)
    {
        var w = 0;
        var i = 0;
        var n = input.Length;
        var previousStart = -1;
        while (i < n)
        {
            while (i < n && IsSpace(input[i]))
            {
                i++;
            }

            if (i >= n)
            {
                break;
            }

            var start = i;
            while (i < n && !IsSpace(input[i]))
            {
                i++;
            }

            var token = input[start..i];

            // "5.2 KB", "120 ms", "took=303 ms", "(1,234 KB)": a unit word after a number (bare, or the value of a key or
            // a bracket) makes the number a size or duration, so renderings with and without a space mask alike.
            if (previousStart >= 0 && EndsWithValueNumber(output[previousStart..w]))
            {
                var unitLength = token.Length;
                while (unitLength > 1 && token[unitLength - 1] is ',' or ';' or '.' or ')' or ']')
                {
                    unitLength--;
                }

                var kind = SpacedUnitKind(token[..unitLength]);
                if (kind is not null)
                {
                    w = Put(output, w - Number.Length, kind);
                    token[unitLength..].CopyTo(output[w..]);
                    w += token.Length - unitLength;
                    continue;
                }
            }

            var separator = w;
            if (w > 0)
            {
                output[w++] = ' ';
            }

            var tokenStart = w;
            w = MaskToken(token, output, w);

            // A run of the same placeholder ("<*> <*> <*>", a list of ids) is one variable of varying length.
            if (previousStart >= 0 && IsWholePlaceholder(output[tokenStart..w]) && output[tokenStart..w].SequenceEqual(output[previousStart..separator]))
            {
                w = separator;
                continue;
            }

            previousStart = tokenStart;
        }

        return w;
    }

    /// <summary>"&lt;num&gt;" alone, or after a key/bracket delimiter ("took=&lt;num&gt;", "(&lt;num&gt;").</summary>
    private static bool EndsWithValueNumber(ReadOnlySpan<char> token) =>
        token.EndsWith(Number) && (token.Length == Number.Length || IsDelimiter(token[^(Number.Length + 1)]));

    private static bool IsWholePlaceholder(ReadOnlySpan<char> token) =>
        token.Length >= 3 && token[0] == '<' && token[^1] == '>' && token[1..].IndexOf('<') < 0;

    private static string? SpacedUnitKind(ReadOnlySpan<char> word)
    {
        if (word.Length is 0 or > 12)
        {
            return null;
        }

        Span<char> lower = stackalloc char[12];
        for (var k = 0; k < word.Length; k++)
        {
            if (!IsLetter(word[k]))
            {
                return null;
            }

            lower[k] = (char)(word[k] | 0x20);
        }

        var u = lower[..word.Length];
        if (u is "b" or "kb" or "mb" or "gb" or "tb" or "kib" or "mib" or "gib" or "tib" or "bytes")
        {
            return Size;
        }

        return u is "ms" or "us" or "ns" or "sec" or "secs" or "seconds" or "milliseconds" or "microseconds" or "mins" or "minutes"
            ? Duration
            : null;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static bool IsSpace(char c) => c is ' ' or '\t' or '\r' or '\n' or '\f' or '\v';

    private static readonly bool[] Delimiters = CreateDelimiters();

    private static bool[] CreateDelimiters()
    {
        var table = new bool[128];
        foreach (var c in "=:,;()[]{}<>\"'|@`")
        {
            table[c] = true;
        }

        return table;
    }

    private static bool IsDelimiter(char c) => c < 128 && Delimiters[c];

    private static bool IsDigit(char c) => (uint)(c - '0') <= 9;

    private static bool IsHexDigit(char c) => IsDigit(c) || (uint)((c | 0x20) - 'a') <= 5;

    private static bool IsLetter(char c) => (uint)((c | 0x20) - 'a') <= 25;

    private static bool IsWordChar(char c) => IsLetter(c) || IsDigit(c) || c == '_' || c == '-' || c > 127;

    private static int Put(Span<char> output, int w, string text)
    {
        text.AsSpan().CopyTo(output[w..]);
        return w + text.Length;
    }

    private static int MaskToken(ReadOnlySpan<char> token, Span<char> output, int w)
    {
        var i = 0;
        var n = token.Length;
        while (i < n)
        {
            var c = token[i];
            if (c == ':' && i + 1 < n && token[i + 1] == ':' && MatchIpv6(token[i..]) is var v6 and > 0)
            {
                w = Put(output, w, Ip);
                i += v6;
                continue;
            }

            if (IsDelimiter(c))
            {
                output[w++] = c;
                i++;
                continue;
            }

            var rest = token[i..];
            var matched = MatchCompound(rest, out var placeholder);
            if (matched > 0)
            {
                w = Put(output, w, placeholder!);
                i += matched;
                continue;
            }

            // A run of dots is filler between words ("illegal instruction......0"), not part of a value.
            if (c == '.' && i + 1 < n && token[i + 1] == '.')
            {
                while (i < n && token[i] == '.')
                {
                    output[w++] = '.';
                    i++;
                }

                continue;
            }

            var end = i;
            while (end < n && (!IsDelimiter(token[end]) || IsThousandsSeparator(token, end)) && !(token[end] == '.' && end + 1 < n && token[end + 1] == '.'))
            {
                end++;
            }

            w = MaskSegment(token[i..end], output, w);
            i = end;
        }

        return w;
    }

    /// <summary>The ',' of "1,234" (a digit before, exactly three after): part of one number, not a list separator.</summary>
    private static bool IsThousandsSeparator(ReadOnlySpan<char> token, int i) =>
        token[i] == ',' && i > 0 && IsDigit(token[i - 1]) && CountDigits(token, i + 1, 4) == 3;

    /// <summary>Shapes that may contain delimiters or must win over the segment rules. Returns the chars consumed.</summary>
    private static int MatchCompound(ReadOnlySpan<char> s, out string? placeholder)
    {
        placeholder = null;
        var c = s[0];
        int len;

        // What ends the leading run of word characters decides which shapes are possible at all: most segments are
        // plain words or numbers and leave after this one scan.
        var run = 0;
        while (run < s.Length && IsRunChar(s[run]))
        {
            run++;
        }

        var stop = run < s.Length ? s[run] : '\0';
        if (run >= 36 && s[8] == '-' && IsHexDigit(c) && (len = MatchUuid(s)) > 0)
        {
            placeholder = Uuid;
            return len;
        }

        if (IsDigit(c))
        {
            if ((len = MatchDateTime(s)) > 0)
            {
                placeholder = Timestamp;
                return len;
            }

            if ((len = MatchIpv4(s)) > 0)
            {
                placeholder = Ip;
                return len;
            }
        }

        if (stop == ':')
        {
            if (IsHexDigit(c) && (len = MatchIpv6(s)) > 0)
            {
                placeholder = Ip;
                return len;
            }

            if (IsLetter(c) && (len = MatchUrl(s)) > 0)
            {
                placeholder = Url;
                return len;
            }

            if (IsLetter(c) && run == 1 && (len = MatchPath(s)) > 0)
            {
                placeholder = Path;
                return len;
            }

            return 0;
        }

        if (stop == '@')
        {
            if ((len = MatchEmail(s)) > 0)
            {
                placeholder = Email;
                return len;
            }

            return 0;
        }

        if (run > 0 && c != '.')
        {
            return 0;
        }

        if (c == ':' && (len = MatchIpv6(s)) > 0)
        {
            placeholder = Ip;
            return len;
        }

        if ((c == '/' || c == '~' || c == '.' || c == '\\') && (len = MatchPath(s)) > 0)
        {
            placeholder = Path;
            return len;
        }

        return 0;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static bool IsRunChar(char c) => IsLetter(c) || IsDigit(c) || c is '_' or '-' or '.' or '+' || c > 127;

    private static int CountDigits(ReadOnlySpan<char> s, int i, int max)
    {
        var k = 0;
        while (i + k < s.Length && k < max && IsDigit(s[i + k]))
        {
            k++;
        }

        return k;
    }

    /// <summary>Dates (2015-07-29, 2005.06.03, 17/06/09) optionally with a time, or a time alone (17:41:44,747).</summary>
    private static int MatchDateTime(ReadOnlySpan<char> s)
    {
        var i = 0;
        var d1 = CountDigits(s, 0, 5);
        if (d1 == 0 || d1 == 5 || d1 >= s.Length)
        {
            return 0;
        }

        var sep = s[d1];
        if ((sep == '-' || sep == '/' || sep == '.') && (d1 == 4 || d1 <= 2))
        {
            var d2 = CountDigits(s, d1 + 1, 3);
            if (d2 is 1 or 2 && d1 + 1 + d2 < s.Length && s[d1 + 1 + d2] == sep)
            {
                var p = d1 + 1 + d2 + 1;
                var d3 = CountDigits(s, p, 5);
                var isDate = d1 == 4 ? d3 is 1 or 2 : d3 is 2 or 4;
                if (isDate && (p + d3 >= s.Length || !IsDigit(s[p + d3])))
                {
                    i = p + d3;

                    // A date with dots could also be a version or an IPv4 address: never when a fourth group follows.
                    if (sep == '.' && i < s.Length && s[i] == '.' && i + 1 < s.Length && IsDigit(s[i + 1]) && d1 != 4)
                    {
                        return 0;
                    }

                    if (i < s.Length && (s[i] is 'T' or '-' or '_' or ':') && i + 1 < s.Length && IsDigit(s[i + 1]))
                    {
                        var t = MatchTime(s[(i + 1)..], allowDots: true);
                        if (t > 0)
                        {
                            i += 1 + t;
                        }
                    }

                    return i + MatchZone(s[i..]);
                }
            }
        }

        var time = MatchTime(s, allowDots: false);
        return time > 0 ? time + MatchZone(s[time..]) : 0;
    }

    private static int MatchTime(ReadOnlySpan<char> s, bool allowDots)
    {
        var h = CountDigits(s, 0, 3);
        if (h is 0 or 3 || h >= s.Length)
        {
            return 0;
        }

        var sep = s[h];
        if (sep != ':' && !(allowDots && sep == '.'))
        {
            return 0;
        }

        var m = CountDigits(s, h + 1, 3);
        if (m != 2)
        {
            return 0;
        }

        var i = h + 3;
        if (i < s.Length && s[i] == sep && CountDigits(s, i + 1, 3) == 2)
        {
            i += 3;
            if (i + 1 < s.Length && (s[i] is '.' or ',') && IsDigit(s[i + 1]))
            {
                i++;
                while (i < s.Length && IsDigit(s[i]))
                {
                    i++;
                }
            }
        }
        else if (sep == '.')
        {
            return 0; // "12.30" is a number, not a time
        }

        return i < s.Length && ((IsLetter(s[i]) && s[i] != 'Z') || IsDigit(s[i])) ? 0 : i;
    }

    private static int MatchZone(ReadOnlySpan<char> s)
    {
        if (s.Length == 0)
        {
            return 0;
        }

        if (s[0] == 'Z' && (s.Length == 1 || !IsWordChar(s[1])))
        {
            return 1;
        }

        if ((s[0] == '+' || s[0] == '-') && CountDigits(s, 1, 5) is 2 or 4)
        {
            var k = 1 + CountDigits(s, 1, 5);
            if (k == 3 && s.Length > 5 && s[3] == ':' && CountDigits(s, 4, 3) == 2)
            {
                k = 6;
            }

            return k;
        }

        return 0;
    }

    private static int MatchUuid(ReadOnlySpan<char> s)
    {
        if (s.Length < 36)
        {
            return 0;
        }

        for (var i = 0; i < 36; i++)
        {
            var dash = i is 8 or 13 or 18 or 23;
            if (dash ? s[i] != '-' : !IsHexDigit(s[i]))
            {
                return 0;
            }
        }

        return s.Length == 36 || !IsHexDigit(s[36]) ? 36 : 0;
    }

    /// <summary>a.b.c.d with octets ≤ 255, optionally :port or /prefix.</summary>
    private static int MatchIpv4(ReadOnlySpan<char> s)
    {
        var i = 0;
        for (var octet = 0; octet < 4; octet++)
        {
            var d = CountDigits(s, i, 4);
            if (d is 0 or 4)
            {
                return 0;
            }

            var value = 0;
            for (var k = 0; k < d; k++)
            {
                value = (value * 10) + (s[i + k] - '0');
            }

            if (value > 255)
            {
                return 0;
            }

            i += d;
            if (octet < 3)
            {
                if (i >= s.Length || s[i] != '.')
                {
                    return 0;
                }

                i++;
            }
        }

        if (i < s.Length && (IsLetter(s[i]) || s[i] == '_' || (s[i] == '.' && i + 1 < s.Length && IsDigit(s[i + 1]))))
        {
            return 0;
        }

        return i + MatchPortOrPrefix(s[i..]);
    }

    private static int MatchPortOrPrefix(ReadOnlySpan<char> s)
    {
        if (s.Length >= 2 && (s[0] == ':' || s[0] == '/'))
        {
            var d = CountDigits(s, 1, 6);
            if (d is > 0 and < 6 && (s.Length == 1 + d || !IsWordChar(s[1 + d])))
            {
                return 1 + d;
            }
        }

        return 0;
    }

    /// <summary>IPv6 in full or compressed form (fe80::1, ::1, 2001:db8::8a2e:370:7334), optionally in brackets with a port.</summary>
    private static int MatchIpv6(ReadOnlySpan<char> s)
    {
        var i = 0;
        var colons = 0;
        var doubleColon = false;
        var groups = 0;
        var sawLetter = false;
        while (i < s.Length)
        {
            var g = 0;
            while (i + g < s.Length && g < 5 && IsHexDigit(s[i + g]))
            {
                sawLetter |= !IsDigit(s[i + g]);
                g++;
            }

            if (g == 5)
            {
                return 0;
            }

            if (g > 0)
            {
                groups++;
                i += g;
            }

            if (i < s.Length && s[i] == ':')
            {
                if (i + 1 < s.Length && s[i + 1] == ':')
                {
                    if (doubleColon)
                    {
                        return 0;
                    }

                    doubleColon = true;
                    colons += 2;
                    i += 2;
                    continue;
                }

                if (g == 0 && i > 0)
                {
                    return 0;
                }

                colons++;
                i++;
                continue;
            }

            break;
        }

        // Trailing ':' belongs to the sentence ("from ::1: closed"), not to the address.
        if (i > 0 && s[i - 1] == ':' && !(i >= 2 && s[i - 2] == ':'))
        {
            i--;
            colons--;
        }

        if (i < s.Length && (IsLetter(s[i]) || s[i] == '_' || s[i] == '.'))
        {
            return 0;
        }

        var full = colons == 7 && groups == 8;
        var compressed = doubleColon && groups <= 7 && colons >= 2;
        if (!full && !compressed)
        {
            return 0;
        }

        // "12:30:00" style runs are times; "::" alone is not an address.
        return groups == 0 ? 0 : (sawLetter || doubleColon || full) ? i : 0;
    }

    private static int MatchUrl(ReadOnlySpan<char> s)
    {
        var i = 0;
        while (i < s.Length && i < 16 && (IsLetter(s[i]) || IsDigit(s[i]) || s[i] is '+' or '.' or '-'))
        {
            i++;
        }

        if (i == 0 || i + 3 > s.Length || s[i] != ':' || s[i + 1] != '/' || s[i + 2] != '/')
        {
            return 0;
        }

        i += 3;
        while (i < s.Length && !(s[i] is '"' or '\'' or '<' or '>' or '`'))
        {
            i++;
        }

        return TrimTrailingPunctuation(s, i);
    }

    private static int TrimTrailingPunctuation(ReadOnlySpan<char> s, int end)
    {
        while (end > 0 && s[end - 1] is '.' or ',' or ';' or ')' or ']' or '}' or ':')
        {
            end--;
        }

        return end;
    }

    /// <summary>/abs/path, ./rel, ~/home, C:\win\path, or a relative path of two or more '/' separated parts with a digit or extension.</summary>
    private static int MatchPath(ReadOnlySpan<char> s)
    {
        var c = s[0];
        int i;
        if (c == '/')
        {
            if (s.Length < 2 || !(IsWordChar(s[1]) || s[1] is '.' or '~' or '$'))
            {
                return 0;
            }

            i = 1;
        }
        else if ((c == '.' || c == '~') && s.Length > 2 && (s[1] == '/' || (c == '.' && s[1] == '.' && s[2] == '/')))
        {
            i = 2;
        }
        else if (IsLetter(c) && s.Length > 3 && s[1] == ':' && s[2] == '\\')
        {
            i = 3;
        }
        else if (c == '\\' && s.Length > 2 && s[1] == '\\')
        {
            i = 2;
        }
        else
        {
            return 0;
        }

        while (i < s.Length && IsPathChar(s[i]))
        {
            i++;
        }

        return TrimTrailingPunctuation(s, i);
    }

    private static bool IsPathChar(char c) =>
        IsWordChar(c) || c is '/' or '\\' or '.' or '~' or '$' or '+' or '%' or '#' or ':' or '@' or '=' or '&' or '?' or '!' or '*';

    private static int MatchEmail(ReadOnlySpan<char> s)
    {
        var at = 0;
        while (at < s.Length && (IsWordChar(s[at]) || s[at] is '.' or '+'))
        {
            at++;
        }

        if (at == 0 || at >= s.Length - 3 || s[at] != '@')
        {
            return 0;
        }

        var i = at + 1;
        var dots = 0;
        var lastDot = -1;
        while (i < s.Length && (IsWordChar(s[i]) || s[i] == '.'))
        {
            if (s[i] == '.')
            {
                dots++;
                lastDot = i;
            }

            i++;
        }

        i = TrimTrailingPunctuation(s, i);
        if (dots == 0 || lastDot >= i - 2 || lastDot == at + 1)
        {
            return 0;
        }

        for (var k = lastDot + 1; k < i; k++)
        {
            if (!IsLetter(s[k]))
            {
                return 0;
            }
        }

        return i;
    }

    /// <summary>A run between delimiters: words stay, anything with a digit becomes a placeholder.</summary>
    private static int MaskSegment(ReadOnlySpan<char> seg, Span<char> output, int w)
    {
        var digits = 0;
        var hexOnly = true;
        for (var k = 0; k < seg.Length; k++)
        {
            var c = seg[k];
            if (IsDigit(c))
            {
                digits++;
            }
            else if (!IsHexDigit(c))
            {
                hexOnly = false;
            }
        }

        if (digits == 0)
        {
            if (seg.Equals("true", StringComparison.OrdinalIgnoreCase) || seg.Equals("false", StringComparison.OrdinalIgnoreCase))
            {
                return Put(output, w, Bool);
            }

            if (seg.Length == 3 && IsDayOrMonth(seg))
            {
                return Put(output, w, Timestamp);
            }

            seg.CopyTo(output[w..]);
            return w + seg.Length;
        }

        // Keep a trailing sentence period out of the placeholder ("size 5." → "size <num>.").
        var core = seg;
        var tail = 0;
        while (core.Length > 1 && core[^1] is '.' or '-' or '_' or '/')
        {
            core = core[..^1];
            tail++;
        }

        var lead = 0;
        while (lead < core.Length - 1 && core[lead] is '#' or '$' or '/')
        {
            output[w++] = core[lead];
            lead++;
        }

        core = core[lead..];
        w = Put(output, w, Classify(core, hexOnly && tail == 0 && lead == 0));
        seg[(seg.Length - tail)..].CopyTo(output[w..]);
        return w + tail;
    }

    private static string Classify(ReadOnlySpan<char> s, bool hexOnly)
    {
        var i = 0;
        if (s[0] is '-' or '+' && s.Length > 1)
        {
            i = 1;
        }

        // 0x1f, 0XDEAD
        if (s.Length - i > 2 && s[i] == '0' && (s[i + 1] | 0x20) == 'x')
        {
            var k = i + 2;
            while (k < s.Length && IsHexDigit(s[k]))
            {
                k++;
            }

            if (k == s.Length && k > i + 2)
            {
                return Hex;
            }
        }

        var intDigits = CountDigits(s, i, int.MaxValue);
        if (intDigits > 0)
        {
            var k = i + intDigits;
            var groups = 1;
            while (k + 1 < s.Length && (s[k] == '.' || s[k] == ',') && IsDigit(s[k + 1]))
            {
                k++;
                k += CountDigits(s, k, int.MaxValue);
                groups++;
            }

            if (k < s.Length && (s[k] | 0x20) == 'e' && k + 1 < s.Length && (IsDigit(s[k + 1]) || (s[k + 1] is '-' or '+' && k + 2 < s.Length && IsDigit(s[k + 2]))))
            {
                var e = k + 1 + (IsDigit(s[k + 1]) ? 0 : 1);
                var ed = CountDigits(s, e, int.MaxValue);
                if (e + ed == s.Length)
                {
                    return Number;
                }
            }

            if (k == s.Length)
            {
                return groups >= 3 && s.Contains('.') && !s.Contains(',') ? Version : Number;
            }

            var unit = s[k..];
            if (unit.Length == 1 && unit[0] == '%')
            {
                return Number;
            }

            var kind = UnitKind(unit);
            if (kind is not null)
            {
                return kind;
            }
        }

        if ((s[0] | 0x20) == 'v' && s.Length > 1 && IsDigit(s[1]) && IsVersion(s[1..]))
        {
            return Version;
        }

        if (hexOnly)
        {
            return s.Length >= 32 ? Hash : Hex;
        }

        return Any;
    }

    /// <summary>Abbreviated weekday or month names, as dates print them ("Thu Aug 04"); "May" stays a word.</summary>
    private static bool IsDayOrMonth(ReadOnlySpan<char> s) =>
        s is "Mon" or "Tue" or "Wed" or "Thu" or "Fri" or "Sat" or "Sun"
            or "Jan" or "Feb" or "Mar" or "Apr" or "Jun" or "Jul" or "Aug" or "Sep" or "Oct" or "Nov" or "Dec";

    private static bool IsVersion(ReadOnlySpan<char> s)
    {
        var dots = 0;
        for (var k = 0; k < s.Length; k++)
        {
            if (s[k] == '.')
            {
                if (k == 0 || !IsDigit(s[k - 1]))
                {
                    return false;
                }

                dots++;
            }
            else if (!IsDigit(s[k]))
            {
                return dots > 0 && s[k] is '-' or '+';
            }
        }

        return dots > 0 && s[^1] != '.';
    }

    /// <summary>Duration (ns, us, µs, ms, s, sec, m, min, h, hr, d) or size (B, KB, MiB, …) suffixes; compound "1h30m" too.</summary>
    private static string? UnitKind(ReadOnlySpan<char> unit)
    {
        Span<char> lower = stackalloc char[8];
        if (unit.Length > lower.Length)
        {
            return null;
        }

        for (var k = 0; k < unit.Length; k++)
        {
            lower[k] = unit[k] is >= 'A' and <= 'Z' ? (char)(unit[k] | 0x20) : unit[k];
        }

        var u = lower[..unit.Length];
        if (u is "ns" or "us" or "µs" or "ms" or "s" or "sec" or "secs" or "m" or "min" or "mins" or "h" or "hr" or "hrs" or "d")
        {
            return Duration;
        }

        if (u is "b" or "k" or "kb" or "mb" or "gb" or "tb" or "pb" or "kib" or "mib" or "gib" or "tib" or "bytes" or "kbps" or "mbps")
        {
            return Size;
        }

        // Compound durations: 1h30m, 2m30s, 1m30.5s
        var i = 0;
        var parts = 0;
        while (i < u.Length)
        {
            if (IsDigit(u[i]))
            {
                while (i < u.Length && (IsDigit(u[i]) || u[i] == '.'))
                {
                    i++;
                }
            }
            else if (parts > 0)
            {
                return null;
            }

            var us = i;
            while (i < u.Length && IsLetter(u[i]))
            {
                i++;
            }

            var part = u[us..i];
            if (!(part is "h" or "m" or "s" or "ms" or "d" or "us" or "ns"))
            {
                return null;
            }

            parts++;
        }

        return parts > 0 ? Duration : null;
    }
}
