using System.Globalization;
using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Core.Ingestion.Traces;

/// <summary>
/// Rust panics from the std panic hook: <c>thread 'main' panicked at src/main.rs:5:37:</c> with the message on the
/// next line (Rust 1.73+), or <c>panicked at 'msg', src/main.rs:5:37</c> (before), and the
/// <c>stack backtrace:</c> frames <c>  2: demo::store::Store::get</c> / <c>at ./src/store.rs:88:17</c>.
/// </summary>
internal static class RustTrace
{
    private const string Panicked = "' panicked at ";

    public static bool IsPanicLine(ReadOnlySpan<char> t) => t.Contains(Panicked, StringComparison.Ordinal) && t.Contains("thread '", StringComparison.Ordinal);

    public static ExceptionInfo? Parse(IReadOnlyList<string> lines)
    {
        TraceBlock? block = null;
        string? function = null;
        for (var i = 0; i < lines.Count; i++)
        {
            var t = lines[i].AsSpan().Trim();
            if (block is null)
            {
                if (IsPanicLine(t))
                {
                    var after = t[(t.IndexOf(Panicked, StringComparison.Ordinal) + Panicked.Length)..];
                    string? message = after.EndsWith(':') && i + 1 < lines.Count ? lines[i + 1].Trim()
                        : after.StartsWith('\'') && after.LastIndexOf("', ", StringComparison.Ordinal) is var q and > 0 ? after[1..q].ToString()
                        : null;
                    block = new TraceBlock("panic", message);
                }

                continue;
            }

            var colon = t.IndexOf(": ", StringComparison.Ordinal);
            if (colon > 0 && HeaderParser.IsDigits(t[..colon]))
            {
                function = t[(colon + 2)..].ToString();
            }
            else if (function is not null && t.StartsWith("at ", StringComparison.Ordinal))
            {
                var location = t[3..];
                var last = location.LastIndexOf(':');
                var prev = last > 0 ? location[..last].LastIndexOf(':') : -1;
                var file = prev > 0 ? location[..prev].ToString() : location.ToString();
                int? line = prev > 0 && int.TryParse(location[(prev + 1)..last], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
                var inApp = !file.StartsWith("/rustc/", StringComparison.Ordinal) && !file.Contains("/.cargo/", StringComparison.Ordinal);
                block.AddFrame(new StackFrameInfo { Function = function, File = file, Line = line, InApp = inApp });
                function = null;
            }
        }

        return block is null ? null : TraceBlocks.Build("rust", [block]);
    }
}
