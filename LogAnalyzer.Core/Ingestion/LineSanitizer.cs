using System.Buffers;

namespace LogAnalyzer.Core.Ingestion;

/// <summary>
/// Strips ANSI escape sequences, turns NUL and other C0 control characters (except tab) into their visible
/// Control Pictures (U+2400…), C1 controls (U+0080…U+009F, which terminals and some viewers obey) into U+FFFD
/// (NEL into ␤), and cuts lines longer than the analysis cap. Clean lines pass through uncopied.
/// </summary>
internal sealed class LineSanitizer(int maxLineLength)
{
    private static readonly SearchValues<char> Controls = SearchValues.Create(
        "\0\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000A\u000B\u000C\u000D\u000E\u000F" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\u007F");

    private char[] _scratch = new char[512];

    public int AnsiSequences { get; private set; }

    public int ControlCharacters { get; private set; }

    public int TruncatedLines { get; private set; }

    /// <summary>Returns the line ready for analysis; <paramref name="truncated"/> tells whether it was cut.</summary>
    /// <remarks>
    /// <paramref name="rewritten"/> tells whether the result is a copy (escape or control characters changed) rather than
    /// the line itself or a prefix of it.
    /// </remarks>
    public ReadOnlySpan<char> Clean(ReadOnlySpan<char> line, out bool truncated, out bool rewritten)
    {
        // Two vectorized searches: an all-ASCII set keeps SearchValues on its fastest path; C1 controls are one range.
        var first = line.IndexOfAny(Controls);
        var c1 = (first < 0 ? line : line[..first]).IndexOfAnyInRange('\u0080', '\u009F');
        first = c1 >= 0 ? c1 : first;
        rewritten = first >= 0;
        var clean = first < 0 ? line : Rewrite(line, first);
        truncated = clean.Length > maxLineLength;
        if (!truncated)
        {
            return clean;
        }

        TruncatedLines++;
        var cut = maxLineLength;
        if (char.IsHighSurrogate(clean[cut - 1]))
        {
            cut--;
        }

        return clean[..cut];
    }

    private ReadOnlySpan<char> Rewrite(ReadOnlySpan<char> line, int first)
    {
        if (_scratch.Length < line.Length)
        {
            _scratch = new char[Math.Max(line.Length, _scratch.Length * 2)];
        }

        var output = _scratch.AsSpan();
        line[..first].CopyTo(output);
        var written = first;
        var i = first;
        while (i < line.Length)
        {
            var c = line[i];
            if (c == '\u001B')
            {
                i = SkipEscape(line, i);
                AnsiSequences++;
                continue;
            }

            if (c == '\u009B')
            {
                i = SkipCsi(line, i + 1);
                AnsiSequences++;
                continue;
            }

            if (c < ' ' && c != '\t')
            {
                output[written++] = (char)('\u2400' + c);
                ControlCharacters++;
            }
            else if (c == '\u007F')
            {
                output[written++] = '\u2421';
                ControlCharacters++;
            }
            else if (c is >= '\u0080' and <= '\u009F')
            {
                output[written++] = c == '\u0085' ? '\u2424' : '\uFFFD';
                ControlCharacters++;
            }
            else
            {
                output[written++] = c;
            }

            i++;
        }

        return output[..written];
    }

    /// <summary>Returns the index just after the escape sequence that starts at <paramref name="at"/>.</summary>
    private static int SkipEscape(ReadOnlySpan<char> line, int at)
    {
        var i = at + 1;
        if (i >= line.Length)
        {
            return i;
        }

        var kind = line[i];
        if (kind == '[')
        {
            return SkipCsi(line, i + 1);
        }

        if (kind is ']' or 'P' or 'X' or '^' or '_')
        {
            // OSC / DCS / SOS / PM / APC: up to BEL or ST (ESC \).
            for (var j = i + 1; j < line.Length; j++)
            {
                if (line[j] == '\u0007')
                {
                    return j + 1;
                }

                if (line[j] == '\u001B' && j + 1 < line.Length && line[j + 1] == '\\')
                {
                    return j + 2;
                }
            }

            return line.Length;
        }

        // nF sequences: intermediates 0x20-0x2F then one final byte; otherwise a two-character sequence.
        while (i < line.Length && line[i] is >= ' ' and <= '/')
        {
            i++;
        }

        return Math.Min(i + 1, line.Length);
    }

    private static int SkipCsi(ReadOnlySpan<char> line, int i)
    {
        while (i < line.Length && line[i] is >= '0' and <= '?')
        {
            i++;
        }

        while (i < line.Length && line[i] is >= ' ' and <= '/')
        {
            i++;
        }

        return i < line.Length && line[i] is >= '@' and <= '~' ? i + 1 : i;
    }
}
