using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Core.Ingestion.Traces;

/// <summary>Tells which runtime printed a multi-line trace, from its frame and header lines.</summary>
internal static class TraceLanguageDetector
{
    internal static string Detect(IReadOnlyList<string> lines)
    {
        int java = 0, dotnet = 0, node = 0;
        for (var i = 0; i < lines.Count && i < 400; i++)
        {
            var line = lines[i];
            var t = line.AsSpan().TrimStart();
            if (t.Contains("Traceback (most recent call last)", StringComparison.Ordinal)
                || (t.TrimStart("|+ ").StartsWith("File \"", StringComparison.Ordinal) && t.Contains("\", line ", StringComparison.Ordinal)))
            {
                return "python";
            }

            if (t.StartsWith("Unhandled exception:", StringComparison.Ordinal) || DartTrace.IsFrame(t))
            {
                return "dart";
            }

            if (RustTrace.IsPanicLine(t))
            {
                return "rust";
            }

            if ((t.StartsWith("goroutine ", StringComparison.Ordinal) && t.EndsWith(':')) || line.StartsWith("panic: ", StringComparison.Ordinal)
                || (line.StartsWith("fatal error: ", StringComparison.Ordinal) && HasGoroutine(lines))
                || (i == 0 && t.Contains("panic: ", StringComparison.Ordinal) && lines.Count > 1 && lines[^1].Length >= 0 && HasGoroutine(lines)))
            {
                return "go";
            }

            if (t.StartsWith("Stack trace:", StringComparison.Ordinal) || t.StartsWith("[stacktrace]", StringComparison.Ordinal)
                || (t.StartsWith("#", StringComparison.Ordinal) && t.Contains("): ", StringComparison.Ordinal)) || t.StartsWith("#0 {main}", StringComparison.Ordinal))
            {
                return "php";
            }

            if ((t.StartsWith("from ", StringComparison.Ordinal) || t.Contains(".rb:", StringComparison.Ordinal)) && (t.Contains(":in `", StringComparison.Ordinal) || t.Contains(":in '", StringComparison.Ordinal)))
            {
                return "ruby";
            }

            if (t.StartsWith("at ", StringComparison.Ordinal))
            {
                switch (ClassifyAtFrame(t[3..]))
                {
                    case 'j':
                        java++;
                        break;
                    case 'd':
                        dotnet++;
                        break;
                    case 'n':
                        node++;
                        break;
                    default:
                        break;
                }
            }
            else if (t.StartsWith("--- End of inner exception stack trace ---", StringComparison.Ordinal) || t.StartsWith("---> ", StringComparison.Ordinal))
            {
                dotnet += 2;
            }
            else if (t.StartsWith("[cause]:", StringComparison.Ordinal) || t.StartsWith("Node.js v", StringComparison.Ordinal))
            {
                node += 2;
            }
        }

        if (java == 0 && dotnet == 0 && node == 0)
        {
            return "none";
        }

        return java >= dotnet && java >= node ? "java" : dotnet >= node ? "dotnet" : "node";
    }

    internal static bool HasGoroutine(IReadOnlyList<string> lines)
    {
        foreach (var line in lines)
        {
            if (line.StartsWith("goroutine ", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>'j' Java (File.java:12 / Native Method), 'd' .NET (in file:line N / typed params), 'n' Node (file:l:c).</summary>
    internal static char ClassifyAtFrame(ReadOnlySpan<char> f)
    {
        if (f.Contains(":line ", StringComparison.Ordinal) || f.Contains(") in ", StringComparison.Ordinal))
        {
            return 'd';
        }

        var open = f.LastIndexOf('(');
        var close = f.LastIndexOf(')');
        if (open >= 0 && close > open)
        {
            var inner = f[(open + 1)..close];
            if (inner.Contains(".java:", StringComparison.Ordinal) || inner.Contains(".kt:", StringComparison.Ordinal) || inner.Contains(".scala:", StringComparison.Ordinal)
                || inner.Contains(".groovy:", StringComparison.Ordinal) || inner is "Native Method" or "Unknown Source" || inner.EndsWith(".java", StringComparison.Ordinal)
                || inner.Contains(".clj:", StringComparison.Ordinal))
            {
                return 'j';
            }

            if (LineColumn(inner) || inner.StartsWith("node:", StringComparison.Ordinal) || inner is "<anonymous>")
            {
                return 'n';
            }

            return 'd';
        }

        return LineColumn(f.TrimEnd()) || f.StartsWith("node:", StringComparison.Ordinal) ? 'n' : 'd';
    }

    /// <summary>Ends with :line:col.</summary>
    internal static bool LineColumn(ReadOnlySpan<char> s)
    {
        var last = s.LastIndexOf(':');
        if (last <= 0 || !HeaderParser.IsDigits(s[(last + 1)..]))
        {
            return false;
        }

        var prev = s[..last].LastIndexOf(':');
        return prev > 0 && HeaderParser.IsDigits(s[(prev + 1)..last]);
    }
}
