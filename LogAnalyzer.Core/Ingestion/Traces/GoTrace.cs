using System.Globalization;
using LogAnalyzer.Core.Model;
using static LogAnalyzer.Core.Ingestion.Traces.TraceBlocks;
using static LogAnalyzer.Core.Ingestion.Traces.TypeNames;

namespace LogAnalyzer.Core.Ingestion.Traces;

/// <summary>Go panics and fatal errors with their goroutine dumps (the panicking goroutine's frames).</summary>
internal static class GoTrace
{
    public static ExceptionInfo? Parse(IReadOnlyList<string> lines)
    {
        TraceBlock? panic = null;
        var inGoroutine = false;
        var goroutines = 0;
        string? pendingFunction = null;
        foreach (var line in lines)
        {
            var t = line.AsSpan().Trim();
            if (panic is null && t.StartsWith("fatal error: ", StringComparison.Ordinal))
            {
                // runtime.fatal / throw: not recoverable, no panic value ("concurrent map writes", "all goroutines are asleep").
                panic = new TraceBlock("fatal error", t[13..].ToString());
                continue;
            }

            var at = t.IndexOf("panic: ", StringComparison.Ordinal);
            if (panic is null && at >= 0)
            {
                var message = t[(at + 7)..];
                var recovered = message.IndexOf(" [recovered]", StringComparison.Ordinal);
                if (recovered >= 0)
                {
                    message = message[..recovered];
                }

                panic = new TraceBlock("panic", message.ToString());
                continue;
            }

            if (t.StartsWith("goroutine ", StringComparison.Ordinal) && t.EndsWith(':'))
            {
                goroutines++;
                inGoroutine = goroutines == 1;
                panic ??= new TraceBlock("panic", lines[0].Trim().Length > 0 ? lines[0].Trim() : null);
                continue;
            }

            if (!inGoroutine || t.IsEmpty)
            {
                continue;
            }

            if (line.Length > 0 && line[0] == '\t' && pendingFunction is not null)
            {
                // \t/app/main.go:12 +0x26
                var location = t;
                var space = location.IndexOf(' ');
                if (space > 0)
                {
                    location = location[..space];
                }

                var colon = location.LastIndexOf(':');
                string file = location.ToString();
                int? number = null;
                if (colon > 0 && int.TryParse(location[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                {
                    file = location[..colon].ToString();
                    number = n;
                }

                panic!.AddFrame(new StackFrameInfo { Function = pendingFunction, File = file, Line = number, InApp = FrameClassifier.IsInApp(pendingFunction, file) });
                pendingFunction = null;
                continue;
            }

            if (t.StartsWith("created by ", StringComparison.Ordinal))
            {
                var name = t[11..];
                var inGo = name.IndexOf(" in goroutine", StringComparison.Ordinal);
                pendingFunction = (inGo > 0 ? name[..inGo] : name).ToString();
                continue;
            }

            var open = t.LastIndexOf('(');
            if (open > 0 && t.EndsWith(')'))
            {
                pendingFunction = t[..open].ToString();
            }
        }

        return panic is null ? null : Build("go", [panic]);
    }
}
