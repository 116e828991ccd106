using System.Globalization;
using System.Text;
using CsCheck;

namespace LogAnalyzer.Tests.Properties;

/// <summary>
/// Generators of log-like text for the property tests: lines in many formats (header + message, JSON, logfmt, access
/// logs, trace frames of several languages), garbage (any unicode, control characters), very long lines, huge repeats
/// and mixed line endings; and mutations of real-looking fixtures (cut, duplicate, insert, swap).
/// </summary>
internal static class LogGen
{
    private static readonly string[] Words =
    [
        "connection", "refused", "timeout", "user", "login", "failed", "started", "stopped", "request", "completed",
        "error", "retrying", "in", "for", "from", "to", "the", "at", "cache", "miss", "key", "worker", "job", "queue",
        "état", "ошибка", "接続", "失败", "🔥", "naïve", "Ω", "\u200b", "null", "true", "<*>", "<num>", "%s", "{}", "\\n",
    ];

    private static readonly string[] Levels =
        ["INFO", "WARN", "ERROR", "DEBUG", "TRACE", "FATAL", "I", "W", "E", "notice", "crit", "[error]", "<3>", "Warning:"];

    private static readonly string[] TimestampFormats =
    [
        "yyyy-MM-dd HH:mm:ss,fff", "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", "MMM dd HH:mm:ss", "[dd/MMM/yyyy:HH:mm:ss +0000]",
        "yyMMdd HHmmss", "yyyyMMdd-HH:mm:ss:fff", "[MM.dd HH:mm:ss]", "yyyy-MM-dd-HH.mm.ss.ffffff", "HH:mm:ss.fff",
        "yyyy/MM/dd HH:mm:ss", "ddd MMM dd HH:mm:ss yyyy",
    ];

    private static readonly string[] TraceLines =
    [
        "\tat com.example.orders.OrderService.place(OrderService.java:42)", "Caused by: java.net.ConnectException: Connection refused",
        "\t... 23 more", "Traceback (most recent call last):", "  File \"/app/main.py\", line 12, in <module>", "    raise ValueError(x)",
        "ValueError: bad value", "During handling of the above exception, another exception occurred:", "goroutine 1 [running]:",
        "panic: runtime error: index out of range [3] with length 3", "main.main()", "\t/src/main.go:27 +0x1d", "exit status 2",
        "#0 /var/www/app/Http/Kernel.php(87): handle()", "#1 {main}", "   at Program.Main(String[] args) in C:\\src\\Program.cs:line 9",
        "System.InvalidOperationException: Sequence contains no elements", " ---> System.Exception: inner", "--- End of inner exception stack trace ---",
        "    at async Promise.all (index 0)", "TypeError: Cannot read properties of undefined (reading 'id')", "  + Exception Group Traceback (most recent call last):",
        "  | ValueError: 1", "  +------------------------------------", "RecursionError: maximum recursion depth exceeded", "[stacktrace]", "\"}",
    ];

    private static readonly string[] Newlines = ["\n", "\r\n", "\r", "\n\n"];

    public static readonly Gen<string> Token = Gen.Frequency(
        (6, Gen.OneOf(Words)),
        (2, Gen.Int[0, 100000].Select(i => i.ToString(CultureInfo.InvariantCulture))),
        (1, Gen.Int.Select(i => "0x" + i.ToString("x", CultureInfo.InvariantCulture))),
        (1, Gen.Select(Gen.Byte, Gen.Byte, Gen.UShort, (a, b, p) => $"10.{a}.{b}.7:{p}")),
        (1, Gen.Guid.Select(g => g.ToString())),
        (1, Gen.Int[1, 9999].Select(i => $"/var/lib/app/{i}/data.db")),
        (1, Gen.Int[0, 5000].Select(i => $"{i} ms")),
        (1, Gen.Double[0, 10].Select(d => string.Create(CultureInfo.InvariantCulture, $"{d:0.0} MB ({(int)(d * 1024):N0} KB)"))),
        (1, Gen.Int[0, 99].Select(i => $"user_{i}=\"x{i}\"")),
        (1, Gen.String[0, 12]),
        (1, Gen.Char['\0', '\u001f'].Array[1, 4].Select(c => new string(c))),
        (1, Gen.OneOf(".env", ".blade.php)", "..", ".", "...", ":", "<", ">", "=", "\"", "'", "\\", "[", "]", "{", "}", "(", ")", "|", "@")));

    public static readonly Gen<string> Message = Token.Array[0, 14].Select(t => string.Join(' ', t));

    public static readonly Gen<string> Timestamp = Gen.Select(
        Gen.DateTime[new DateTime(2001, 1, 1), new DateTime(2030, 12, 31)], Gen.OneOf(TimestampFormats), Gen.Long[0, 2_000_000_000],
        Gen.Int[0, 20],
        (d, f, epoch, pick) => pick == 0 ? epoch.ToString(CultureInfo.InvariantCulture) : d.ToString(f, CultureInfo.InvariantCulture));

    public static readonly Gen<string> Line = Gen.Frequency(
        (8, Gen.Select(Timestamp, Gen.OneOf(Levels), Message, Gen.Int[0, 3], (ts, level, msg, shape) => shape switch
        {
            0 => $"{ts} {level} {msg}",
            1 => $"{ts} [{level}] [worker-{msg.Length}] com.example.Svc - {msg}",
            2 => $"{ts} | {level} | {msg}",
            _ => $"{level}: {msg}",
        })),
        (2, Gen.Select(Timestamp, Gen.OneOf(Levels), Message, Gen.Bool, (ts, level, msg, cut) =>
        {
            var json = $"{{\"time\":\"{ts}\",\"level\":\"{level}\",\"msg\":\"{msg.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"}}";
            return cut ? json[..(json.Length / 2)] : json;
        })),
        (1, Gen.Select(Timestamp, Gen.OneOf(Levels), Message, (ts, level, msg) => $"ts={ts} level={level} msg=\"{msg}\" took=12ms")),
        (2, Gen.Select(Gen.Byte, Gen.Int[0, 9999], Gen.OneOf(200, 201, 204, 301, 304, 400, 401, 403, 404, 499, 500, 502, 503, 504), Gen.Int[0, 99999],
            (octet, id, status, size) => $"203.0.113.{octet} - - [10/Oct/2025:13:55:36 +0000] \"GET /api/orders/{id} HTTP/1.1\" {status} {size} \"-\" \"curl/8.5.0\"")),
        (3, Gen.OneOf(TraceLines)),
        (1, Gen.Select(Gen.OneOf(" ", "\t", "    "), Message, (indent, msg) => indent + msg)),
        (1, Gen.OneOf(string.Empty, " ", "\t", "\u00a0", "\u2028", "\u0085", "\ufeff")),
        (1, Gen.String[0, 200]),
        (1, Gen.Char.Array[0, 80].Select(c => new string(c))),
        (1, Gen.Select(Token, Gen.Int[1_000, 70_000], (t, n) => Repeat(t.Length == 0 ? "x" : t, n))));

    /// <summary>A whole paste: lines in mixed formats and line endings, sometimes with one line repeated thousands of times.</summary>
    public static readonly Gen<string> Document = Gen.Select(
        Gen.Select(Line, Gen.OneOf(Newlines)).Array[1, 40], Gen.Int[0, 9], Gen.Int[100, 3000], Gen.Bool,
        (lines, repeatPick, repeatCount, trailingNewline) =>
        {
            var sb = new StringBuilder();
            for (var i = 0; i < lines.Length; i++)
            {
                var (line, newline) = lines[i];
                // A huge repeat of a short line (a long line repeated thousands of times would only test the size limit).
                var times = repeatPick == 0 && i == lines.Length / 2 && line.Length < 2_000 ? repeatCount : 1;
                for (var k = 0; k < times; k++)
                {
                    sb.Append(line);
                    if (i < lines.Length - 1 || k < times - 1 || trailingNewline)
                    {
                        sb.Append(newline);
                    }
                }
            }

            return sb.ToString();
        });

    /// <summary>Mutations of <paramref name="seed"/>: cut a range, duplicate a range, insert garbage, swap two lines.</summary>
    public static Gen<string> Mutated(string seed) =>
        Gen.Select(Gen.Int[0, 3], Gen.Int[0, seed.Length], Gen.Int[0, seed.Length], Gen.String[0, 20]).Array[1, 6]
            .Select(edits =>
            {
                var text = seed;
                foreach (var (kind, a, b, garbage) in edits)
                {
                    var lo = Math.Min(Math.Min(a, b), text.Length);
                    var hi = Math.Min(Math.Max(a, b), text.Length);
                    text = kind switch
                    {
                        0 => text.Remove(lo, Math.Min(hi - lo, 200)),
                        1 => text.Insert(hi, text[lo..Math.Min(hi, lo + 400)]),
                        2 => text.Insert(lo, garbage),
                        _ => SwapLines(text, lo, hi),
                    };
                }

                return text;
            });

    private static string SwapLines(string text, int a, int b)
    {
        var lines = text.Split('\n');
        if (lines.Length < 2)
        {
            return text;
        }

        var i = a % lines.Length;
        var j = b % lines.Length;
        (lines[i], lines[j]) = (lines[j], lines[i]);
        return string.Join('\n', lines);
    }

    private static string Repeat(string token, int length)
    {
        var sb = new StringBuilder(length + token.Length + 1);
        while (sb.Length < length)
        {
            sb.Append(token).Append(' ');
        }

        return sb.ToString();
    }
}
