namespace LogAnalyzer.Core.Ingestion;

/// <summary>
/// Recognises the timestamp shapes log headers use, at the start of a span, without allocating:
/// ISO-8601 (with 'T' or space, fraction with '.' or ',', offset or 'Z'), <c>yyyy/MM/dd</c>, <c>yyyy.MM.dd</c>,
/// <c>yy/MM/dd</c>, <c>MM/dd/yyyy</c>, <c>dd.MM.yyyy</c>, <c>dd-Mon-yyyy</c>, <c>dd/Mon/yyyy:HH:mm:ss zone</c> (access logs),
/// <c>yyMMdd HHmmss</c>, <c>yyyyMMdd-HH:mm:ss:SSS</c>, <c>MM-dd HH:mm:ss.fff</c> (logcat), <c>[MM.dd HH:mm:ss]</c>, <c>Mon dd HH:mm:ss</c> (syslog), ctime
/// (<c>Sun Dec 04 04:47:44 2005</c>), <c>yyyy-MM-dd-HH.mm.ss.ffffff</c>, bracketed forms, epoch seconds/millis, and
/// bare times. Timestamps without an offset are taken as UTC; without a year, the year comes from the reference date (see <see cref="YearFor"/>).
/// </summary>
internal static class TimestampParser
{
    private const long MinEpochSeconds = 631_152_000; // 1990-01-01
    private const long MaxEpochSeconds = 4_102_444_800; // 2100-01-01

    /// <summary>
    /// Tries to read a timestamp at the start of <paramref name="s"/>. <paramref name="consumed"/> is the length read;
    /// <paramref name="value"/> is null when only a time of day was present.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> s, int defaultYear, out DateTimeOffset? value, out int consumed)
    {
        value = null;
        consumed = 0;
        if (s.IsEmpty)
        {
            return false;
        }

        var c = s[0];
        if (c == '[')
        {
            var close = s.IndexOf(']');
            if (close < 2 || close > 48 || !TryParse(s[1..close], defaultYear, out value, out var inner) || inner < close - 1 - 12
                || LevelParser.TryParseName(s[(1 + inner)..close].Trim(), out _))
            {
                return false; // "[10:15:30 INF]" is a level field that carries a time
            }

            // Allow trailing fragments like " #1234" only when the timestamp took most of the bracket.
            consumed = close + 1;
            return true;
        }

        if (char.IsAsciiDigit(c))
        {
            return TryNumeric(s, defaultYear, out value, out consumed);
        }

        if (char.IsAsciiLetterUpper(c) || char.IsAsciiLetterLower(c))
        {
            return TryNamed(s, defaultYear, out value, out consumed);
        }

        return false;
    }

    /// <summary>Parses a whole string as a timestamp (JSON "time" values, epoch numbers).</summary>
    public static DateTimeOffset? ParseValue(ReadOnlySpan<char> s, int defaultYear)
    {
        s = s.Trim();
        if (TryParse(s, defaultYear, out var value, out var consumed) && consumed >= s.Length - 1 && value is not null)
        {
            return value;
        }

        return DateTimeOffset.TryParse(s, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : null;
    }

    /// <summary>Epoch seconds (10 digits) or milliseconds (13 digits), when plausible.</summary>
    public static DateTimeOffset? FromEpoch(double number)
    {
        if (number >= MinEpochSeconds * 1000d && number < MaxEpochSeconds * 1000d)
        {
            return DateTimeOffset.FromUnixTimeMilliseconds((long)number);
        }

        if (number >= MinEpochSeconds && number < MaxEpochSeconds)
        {
            return DateTimeOffset.FromUnixTimeMilliseconds((long)(number * 1000));
        }

        return null;
    }

    private static bool TryNumeric(ReadOnlySpan<char> s, int defaultYear, out DateTimeOffset? value, out int consumed)
    {
        value = null;
        consumed = 0;
        var n1 = Digits(s, 0, out var v1);
        var c1 = n1 < s.Length ? s[n1] : '\0';
        int year, month, day, p;
        switch (n1)
        {
            case 4 when c1 is '-' or '/' or '.':
                {
                    year = (int)v1;
                    var n2 = Digits(s, 5, out var v2);
                    if (n2 is < 1 or > 2 || 5 + n2 >= s.Length || s[5 + n2] != c1)
                    {
                        return false;
                    }

                    var n3 = Digits(s, 6 + n2, out var v3);
                    if (n3 is < 1 or > 2)
                    {
                        return false;
                    }

                    month = (int)v2;
                    day = (int)v3;
                    p = 6 + n2 + n3;
                    break;
                }

            case 8 when c1 == 'T':
                year = (int)(v1 / 10000);
                month = (int)(v1 / 100 % 100);
                day = (int)(v1 % 100);
                p = 8;
                break;

            case 8 when c1 is '-' or ' ' or '_':
                // Compact yyyyMMdd-HH:mm:ss[:SSS] / yyyyMMdd HH:mm:ss: a time must follow.
                return Finish(s, (int)(v1 / 10000), (int)(v1 / 100 % 100), (int)(v1 % 100), 8, requireTime: true, out value, out consumed);

            case 2 or 1 when c1 is '/' or '-' or '.':
                {
                    if (2 < s.Length && n1 + 1 < s.Length && char.IsAsciiLetter(s[n1 + 1]))
                    {
                        // dd/Mon/yyyy[:HH:mm:ss] or dd-Mon-yyyy
                        var mon = Month(s[(n1 + 1)..]);
                        if (mon == 0 || n1 + 4 >= s.Length || s[n1 + 4] != c1)
                        {
                            return false;
                        }

                        var ny = Digits(s, n1 + 5, out var vy);
                        if (ny is not (4 or 2))
                        {
                            return false;
                        }

                        year = ny == 2 ? 2000 + (int)vy : (int)vy;
                        month = mon;
                        day = (int)v1;
                        p = n1 + 5 + ny;
                        if (p < s.Length && s[p] == ':' && p + 1 < s.Length && char.IsAsciiDigit(s[p + 1]))
                        {
                            p++;
                            return Finish(s, year, month, day, p, requireTime: true, out value, out consumed);
                        }

                        break;
                    }

                    var n2 = Digits(s, n1 + 1, out var v2);
                    if (n2 is < 1 or > 2)
                    {
                        return false;
                    }

                    var q = n1 + 1 + n2;
                    if (q < s.Length && s[q] == c1)
                    {
                        var n3 = Digits(s, q + 1, out var v3);
                        if (n3 == 4)
                        {
                            year = (int)v3;
                            if (c1 == '.' || v1 > 12)
                            {
                                day = (int)v1;
                                month = (int)v2;
                            }
                            else
                            {
                                month = (int)v1;
                                day = (int)v2;
                            }
                        }
                        else if (n3 == 2 && n1 == 2)
                        {
                            year = 2000 + (int)v1;
                            month = (int)v2;
                            day = (int)v3;
                        }
                        else
                        {
                            return false;
                        }

                        p = q + 1 + n3;
                        break;
                    }

                    // Year-less MM-dd / MM.dd / MM/dd HH:mm:ss (logcat, bracketed desktop logs): a time must follow.
                    if (n1 != 2 || n2 != 2 || q >= s.Length || s[q] != ' ')
                    {
                        return false;
                    }

                    var (mm, dd) = c1 != '-' && v1 > 12 ? ((int)v2, (int)v1) : ((int)v1, (int)v2);
                    return Assumed(Finish(s, YearFor(defaultYear, mm, dd), mm, dd, q + 1, requireTime: true, out value, out consumed), value);
                }

            case 6 when c1 == ' ':
                {
                    // yyMMdd HHmmss (HDFS) or yyMMdd HH:mm:ss (MySQL)
                    year = 2000 + (int)(v1 / 10000);
                    month = (int)(v1 / 100 % 100);
                    day = (int)(v1 % 100);
                    var n2 = Digits(s, 7, out var v2);
                    if (n2 == 6 && (7 + n2 == s.Length || s[7 + n2] is ' ' or '\t'))
                    {
                        return Build(year, month, day, (int)(v2 / 10000), (int)(v2 / 100 % 100), (int)(v2 % 100), 0, TimeSpan.Zero, 13, out value, out consumed);
                    }

                    if (n2 is 1 or 2 && 7 + n2 < s.Length && s[7 + n2] == ':')
                    {
                        return Finish(s, year, month, day, 7, requireTime: true, out value, out consumed);
                    }

                    return false;
                }

            case 1 or 2 when c1 == ':':
                {
                    if (!TryTime(s, 0, allowDots: false, out var h, out var m, out var sec, out var ticks, out var end) || !IsBoundary(s, end))
                    {
                        return false;
                    }

                    _ = h + m + sec + ticks;
                    consumed = end;
                    return true;
                }

            case 10 or 13 when c1 is ' ' or '\t' or '.' or ']' or '\0' or ',':
                {
                    var p2 = n1;
                    double number = v1;
                    if (c1 == '.' && n1 == 10)
                    {
                        var nf = Digits(s, 11, out var vf);
                        if (nf is 0 or > 9)
                        {
                            return false;
                        }

                        number += vf / Math.Pow(10, nf);
                        p2 = 11 + nf;
                    }

                    if (!IsBoundary(s, p2) && (p2 >= s.Length || s[p2] != ','))
                    {
                        return false;
                    }

                    value = FromEpoch(number);
                    if (value is null)
                    {
                        return false;
                    }

                    consumed = p2;
                    return true;
                }

            default:
                return false;
        }

        return Finish(s, year, month, day, p, requireTime: false, out value, out consumed);
    }

    /// <summary>After a date at <paramref name="p"/>: optional time (T, space, '-', ':' or '_' separated), zone.</summary>
    private static bool Finish(ReadOnlySpan<char> s, int year, int month, int day, int p, bool requireTime, out DateTimeOffset? value, out int consumed)
    {
        value = null;
        consumed = 0;
        if (month is < 1 or > 12 || day is < 1 or > 31)
        {
            return false;
        }

        int hour = 0, minute = 0, second = 0;
        long ticks = 0;
        var end = p;
        var timeStart = p;
        if (p < s.Length && s[p] is 'T' or ' ' or '-' or '_' or ':' or 't')
        {
            timeStart = p + 1;
        }

        var hasTime = timeStart <= s.Length && TryTime(s, timeStart, allowDots: s[p - 1] != ':' && p < s.Length && s[p] == '-', out hour, out minute, out second, out ticks, out end);
        if (!hasTime)
        {
            if (requireTime || !IsBoundary(s, p))
            {
                return false;
            }

            end = p;
        }

        var offset = TimeSpan.Zero;
        if (hasTime)
        {
            end = Zone(s, end, ref offset);
            end = Meridiem(s, end, ref hour);
        }

        return Build(year, month, day, hour, minute, second, ticks, offset, end, out value, out consumed);
    }

    private static bool TryNamed(ReadOnlySpan<char> s, int defaultYear, out DateTimeOffset? value, out int consumed)
    {
        value = null;
        consumed = 0;
        var p = 0;
        if (s.Length >= 4 && Weekday(s))
        {
            p = 3;
            while (p < s.Length && char.IsAsciiLetter(s[p]))
            {
                p++; // "Sunday"
            }

            if (p < s.Length && s[p] == ',')
            {
                p++;
            }

            if (p >= s.Length || s[p] != ' ')
            {
                return false;
            }

            p++;
        }

        var month = Month(s[p..]);
        if (month == 0)
        {
            return false;
        }

        p += 3;
        while (p < s.Length && char.IsAsciiLetterLower(s[p]))
        {
            p++; // "December"
        }

        if (p < s.Length && s[p] == '.')
        {
            p++;
        }

        if (p >= s.Length || s[p] != ' ')
        {
            return false;
        }

        while (p < s.Length && s[p] == ' ')
        {
            p++;
        }

        var nd = Digits(s, p, out var dayValue);
        if (nd is < 1 or > 2)
        {
            return false;
        }

        p += nd;
        var year = YearFor(defaultYear, month, (int)dayValue);
        var hasYear = false;
        if (p < s.Length && s[p] == ',')
        {
            p++; // "Dec 10, 2024 6:55:46 PM"
        }

        if (p + 1 < s.Length && s[p] == ' ')
        {
            var ny = Digits(s, p + 1, out var vy);
            if (ny == 4 && (p + 5 >= s.Length || s[p + 5] is ' ' or ']'))
            {
                year = (int)vy;
                hasYear = true;
                p += 5;
            }
        }

        if (p >= s.Length || s[p] != ' ' || !TryTime(s, p + 1, allowDots: false, out var h, out var m, out var sec, out var ticks, out var end))
        {
            if (hasYear && IsBoundary(s, p))
            {
                return Build(year, month, (int)dayValue, 0, 0, 0, 0, TimeSpan.Zero, p, out value, out consumed);
            }

            return false;
        }

        var offset = TimeSpan.Zero;
        end = Meridiem(s, end, ref h);
        end = Zone(s, end, ref offset);
        if (!hasYear && end + 5 <= s.Length && s[end] == ' ' && Digits(s, end + 1, out var trailingYear) == 4 && IsBoundary(s, end + 5))
        {
            year = (int)trailingYear; // ctime: "Sun Dec 04 04:47:44 2005"
            hasYear = true;
            end += 5;
        }

        var built = Build(year, month, (int)dayValue, h, m, sec, ticks, offset, end, out value, out consumed);
        return hasYear ? built : Assumed(built, value); // syslog "Mon dd HH:mm:ss"
    }

    private static bool TryTime(ReadOnlySpan<char> s, int p, bool allowDots, out int hour, out int minute, out int second, out long ticks, out int end)
    {
        hour = minute = second = 0;
        ticks = 0;
        end = p;
        var nh = Digits(s, p, out var vh);
        if (nh is < 1 or > 2 || p + nh >= s.Length)
        {
            return false;
        }

        var sep = s[p + nh];
        if (sep != ':' && !(allowDots && sep == '.'))
        {
            return false;
        }

        var q = p + nh + 1;
        var nm = Digits(s, q, out var vm);
        if (nm != 2)
        {
            return false;
        }

        q += 2;
        if (q < s.Length && s[q] == sep)
        {
            var ns = Digits(s, q + 1, out var vs);
            if (ns != 2)
            {
                return false;
            }

            second = (int)vs;
            q += 3;
            if (q + 1 < s.Length && s[q] is '.' or ',' && char.IsAsciiDigit(s[q + 1]))
            {
                var nf = 0;
                long frac = 0;
                var r = q + 1;
                while (r < s.Length && char.IsAsciiDigit(s[r]))
                {
                    if (nf < 7)
                    {
                        frac = (frac * 10) + (s[r] - '0');
                        nf++;
                    }

                    r++;
                }

                for (var k = nf; k < 7; k++)
                {
                    frac *= 10;
                }

                ticks = frac;
                q = r;
            }
            else if (sep == ':' && q + 3 < s.Length && s[q] == ':' && Digits(s, q + 1, out var ms) == 3 && (q + 4 == s.Length || !char.IsAsciiDigit(s[q + 4])))
            {
                // HH:mm:ss:SSS (milliseconds after a colon)
                ticks = ms * TimeSpan.TicksPerMillisecond;
                q += 4;
            }
        }

        if (vh > 23 || vm > 59 || second > 60)
        {
            return false;
        }

        hour = (int)vh;
        minute = (int)vm;
        if (second == 60)
        {
            second = 59;
        }

        end = q;
        return true;
    }

    private static int Zone(ReadOnlySpan<char> s, int p, ref TimeSpan offset)
    {
        if (p >= s.Length)
        {
            return p;
        }

        var c = s[p];
        if (c is 'Z' or 'z')
        {
            return IsBoundary(s, p + 1) || (p + 1 < s.Length && s[p + 1] is ']' or ',' or '|' or ':') ? p + 1 : p;
        }

        var q = p;
        if (c == ' ' && p + 1 < s.Length)
        {
            if (s[(p + 1)..].StartsWith("UTC", StringComparison.Ordinal) || s[(p + 1)..].StartsWith("GMT", StringComparison.Ordinal))
            {
                var after = p + 4;
                if (IsBoundary(s, after) || (after < s.Length && s[after] == ']'))
                {
                    return after;
                }

                if (after < s.Length && s[after] is '+' or '-')
                {
                    q = after;
                }
                else
                {
                    return p;
                }
            }
            else if (s[p + 1] is '+' or '-')
            {
                q = p + 1;
            }
            else
            {
                return p;
            }
        }
        else if (c is not ('+' or '-'))
        {
            return p;
        }

        var sign = s[q] == '-' ? -1 : 1;
        var nh = Digits(s, q + 1, out var vh);
        int hours, minutes, end;
        if (nh == 4)
        {
            hours = (int)(vh / 100);
            minutes = (int)(vh % 100);
            end = q + 5;
        }
        else if (nh == 2 && q + 3 < s.Length && s[q + 3] == ':' && Digits(s, q + 4, out var vm) == 2)
        {
            hours = (int)vh;
            minutes = (int)vm;
            end = q + 6;
        }
        else if (nh == 2 && c != ' ')
        {
            hours = (int)vh;
            minutes = 0;
            end = q + 3;
        }
        else
        {
            return p;
        }

        if (hours > 14 || minutes > 59 || !(IsBoundary(s, end) || (end < s.Length && s[end] is ']' or ',' or '|' or ')')))
        {
            return p;
        }

        offset = new TimeSpan(sign * hours, sign * minutes, 0);
        return end;
    }

    private static int Meridiem(ReadOnlySpan<char> s, int p, ref int hour)
    {
        if (p + 3 <= s.Length && s[p] == ' ' && s[p + 2] is 'M' or 'm' && (p + 3 == s.Length || !char.IsAsciiLetter(s[p + 3])))
        {
            var ap = s[p + 1];
            if (ap is 'P' or 'p' && hour < 12)
            {
                hour += 12;
                return p + 3;
            }

            if (ap is 'A' or 'a')
            {
                if (hour == 12)
                {
                    hour = 0;
                }

                return p + 3;
            }
        }

        return p;
    }

    // The last dates this thread read without a year (ingestion is single-threaded per analysis). A record whose
    // timestamp is one of them got its year from the reference date: see WasYearAssumed. Kept here rather than threaded
    // through every header layout's signature.
    [ThreadStatic]
    private static DateTimeOffset t_assumed0;
    [ThreadStatic]
    private static DateTimeOffset t_assumed1;
    [ThreadStatic]
    private static int t_assumedCount;

    /// <summary>
    /// True when <paramref name="timestamp"/> is a date this thread read without a year since the last
    /// <see cref="ForgetAssumedYears"/> (its year was assumed: the reference year, or last year around New Year).
    /// </summary>
    internal static bool WasYearAssumed(DateTimeOffset timestamp) =>
        t_assumedCount > 0 && (timestamp.EqualsExact(t_assumed0) || (t_assumedCount > 1 && timestamp.EqualsExact(t_assumed1)));

    /// <summary>Starts a new record: dates read without a year before this no longer count.</summary>
    internal static void ForgetAssumedYears() => t_assumedCount = 0;

    private static bool Assumed(bool parsed, DateTimeOffset? value)
    {
        if (parsed && value is { } v)
        {
            t_assumed1 = t_assumed0;
            t_assumed0 = v;
            t_assumedCount++;
        }

        return parsed;
    }

    /// <summary>
    /// The year for a date printed without one. <paramref name="reference"/> is either a year, or today as yyyyMMdd:
    /// then a month/day more than a day after today belongs to last year (syslog around New Year).
    /// </summary>
    internal static int YearFor(int reference, int month, int day)
    {
        if (reference < 100_000)
        {
            return reference;
        }

        var year = reference / 10_000;
        var today = reference % 10_000;
        return (month * 100) + day > today + 1 ? year - 1 : year;
    }

    /// <summary>Packs a date as the yyyyMMdd reference <see cref="YearFor"/> understands.</summary>
    internal static int Reference(DateTimeOffset now) => (now.Year * 10_000) + (now.Month * 100) + now.Day;

    private static bool Build(int year, int month, int day, int hour, int minute, int second, long ticks, TimeSpan offset, int end, out DateTimeOffset? value, out int consumed)
    {
        value = null;
        consumed = 0;
        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        value = new DateTimeOffset(year, month, day, hour, minute, second, offset).AddTicks(ticks);
        consumed = end;
        return true;
    }

    private static bool IsBoundary(ReadOnlySpan<char> s, int p) => p >= s.Length || s[p] is ' ' or '\t';

    /// <summary>Reads up to 18 ASCII digits at <paramref name="p"/>; returns how many.</summary>
    private static int Digits(ReadOnlySpan<char> s, int p, out long value)
    {
        value = 0;
        var n = 0;
        while (p + n < s.Length && n < 18)
        {
            var d = s[p + n] - '0';
            if ((uint)d > 9)
            {
                break;
            }

            value = (value * 10) + d;
            n++;
        }

        return n;
    }

    /// <summary>1-12 for an English month abbreviation at the start of <paramref name="s"/>, else 0.</summary>
    internal static int Month(ReadOnlySpan<char> s)
    {
        if (s.Length < 3)
        {
            return 0;
        }

        var key = (char.ToLowerInvariant(s[0]) << 16) | (char.ToLowerInvariant(s[1]) << 8) | char.ToLowerInvariant(s[2]);
        return key switch
        {
            ('j' << 16) | ('a' << 8) | 'n' => 1,
            ('f' << 16) | ('e' << 8) | 'b' => 2,
            ('m' << 16) | ('a' << 8) | 'r' => 3,
            ('a' << 16) | ('p' << 8) | 'r' => 4,
            ('m' << 16) | ('a' << 8) | 'y' => 5,
            ('j' << 16) | ('u' << 8) | 'n' => 6,
            ('j' << 16) | ('u' << 8) | 'l' => 7,
            ('a' << 16) | ('u' << 8) | 'g' => 8,
            ('s' << 16) | ('e' << 8) | 'p' => 9,
            ('o' << 16) | ('c' << 8) | 't' => 10,
            ('n' << 16) | ('o' << 8) | 'v' => 11,
            ('d' << 16) | ('e' << 8) | 'c' => 12,
            _ => 0,
        };
    }

    private static bool Weekday(ReadOnlySpan<char> s)
    {
        var key = (char.ToLowerInvariant(s[0]) << 16) | (char.ToLowerInvariant(s[1]) << 8) | char.ToLowerInvariant(s[2]);
        return key is (('m' << 16) | ('o' << 8) | 'n') or (('t' << 16) | ('u' << 8) | 'e') or (('w' << 16) | ('e' << 8) | 'd')
            or (('t' << 16) | ('h' << 8) | 'u') or (('f' << 16) | ('r' << 8) | 'i') or (('s' << 16) | ('a' << 8) | 't')
            or (('s' << 16) | ('u' << 8) | 'n');
    }
}
