using System.Globalization;
using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Core.Ingestion;

/// <summary>
/// Reads the exception a record carries: type, message, frames (innermost/throwing frame first, with an in-app
/// guess) and the cause chain outermost-first, for Java/JVM, .NET, Python, Node.js, Go, Ruby and PHP traces; and the
/// exception type named by a one-line message such as <c>java.net.SocketTimeoutException: Read timed out</c>.
/// </summary>
internal static class ExceptionParser
{
    private const int MaxFrames = 200;

    /// <summary>Parses a whole record (first line = its message part only).</summary>
    public static ExceptionInfo? Parse(ReadOnlySpan<char> text, int firstLineEnd, int messageStart, int lineCount)
    {
        if (lineCount <= 1)
        {
            return ParseMention(text[messageStart..firstLineEnd]);
        }

        var lines = new List<string>(Math.Min(lineCount, 4096))
        {
            text[Math.Min(messageStart, firstLineEnd)..firstLineEnd].ToString(),
        };
        var p = firstLineEnd + 1;
        while (p <= text.Length)
        {
            var nl = text[p..].IndexOf('\n');
            var end = nl < 0 ? text.Length : p + nl;
            lines.Add(text[p..end].ToString());
            if (nl < 0)
            {
                break;
            }

            p = end + 1;
        }

        return ParseLines(lines);
    }

    /// <summary>Parses a stack/trace string (JSON error.stack_trace, CLEF @x, pino err.stack).</summary>
    public static ExceptionInfo? ParseTrace(string trace)
    {
        var lines = trace.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        return lines.Length == 1 ? ParseMention(lines[0]) : ParseLines(lines);
    }

    private static ExceptionInfo? ParseLines(IReadOnlyList<string> lines)
    {
        var language = Detect(lines);
        return language switch
        {
            "python" => Python(lines),
            "go" => Go(lines),
            "php" => Php(lines),
            "ruby" => Ruby(lines),
            "dotnet" => DotNet(lines),
            "java" => Java(lines),
            "node" => Node(lines),
            _ => MentionIn(lines),
        };
    }

    private static ExceptionInfo? MentionIn(IReadOnlyList<string> lines)
    {
        foreach (var line in lines)
        {
            var found = ParseMention(line);
            if (found is not null)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>A type named in a plain message: a qualified or *Exception/*Error token followed by ':' or the end.</summary>
    public static ExceptionInfo? ParseMention(ReadOnlySpan<char> message)
    {
        if (message.IndexOf("Exception", StringComparison.Ordinal) < 0 && message.IndexOf("Error", StringComparison.Ordinal) < 0
            && message.IndexOf("Throwable", StringComparison.Ordinal) < 0)
        {
            return null;
        }

        if (!FindType(message, strict: true, out var type, out var msg))
        {
            return null;
        }

        return new ExceptionInfo { Language = GuessLanguage(type), Type = type, Message = msg };
    }

    private static string Detect(IReadOnlyList<string> lines)
    {
        int java = 0, dotnet = 0, node = 0;
        for (var i = 0; i < lines.Count && i < 400; i++)
        {
            var line = lines[i];
            var t = line.AsSpan().TrimStart();
            if (t.StartsWith("Traceback (most recent call last):", StringComparison.Ordinal)
                || (t.StartsWith("File \"", StringComparison.Ordinal) && t.Contains("\", line ", StringComparison.Ordinal)))
            {
                return "python";
            }

            if ((t.StartsWith("goroutine ", StringComparison.Ordinal) && t.EndsWith(':')) || line.StartsWith("panic: ", StringComparison.Ordinal)
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
            else if (t.StartsWith("[cause]:", StringComparison.Ordinal))
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

    private static bool HasGoroutine(IReadOnlyList<string> lines)
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
    private static char ClassifyAtFrame(ReadOnlySpan<char> f)
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
    private static bool LineColumn(ReadOnlySpan<char> s)
    {
        var last = s.LastIndexOf(':');
        if (last <= 0 || !HeaderParser.IsDigits(s[(last + 1)..]))
        {
            return false;
        }

        var prev = s[..last].LastIndexOf(':');
        return prev > 0 && HeaderParser.IsDigits(s[(prev + 1)..last]);
    }

    private sealed class Block(string type, string? message)
    {
        public string Type { get; set; } = type;

        public string? Message { get; set; } = message;

        public List<StackFrameInfo> Frames { get; } = [];

        public void AddFrame(StackFrameInfo frame)
        {
            if (Frames.Count < MaxFrames)
            {
                Frames.Add(frame);
            }
        }
    }

    private static ExceptionInfo? Build(string language, List<Block> outermostFirst)
    {
        if (outermostFirst.Count == 0)
        {
            return null;
        }

        var top = outermostFirst[0];
        return new ExceptionInfo
        {
            Language = language,
            Type = top.Type,
            Message = top.Message,
            Frames = top.Frames,
            Causes = [.. outermostFirst.Skip(1).Select(b => new ExceptionCause { Type = b.Type, Message = b.Message, Frames = b.Frames })],
        };
    }

    private static Block HeaderBlock(IReadOnlyList<string> lines, int frameIndex, bool strict)
    {
        for (var i = frameIndex - 1; i >= 0; i--)
        {
            if (FindType(lines[i], strict, out var type, out var message))
            {
                return new Block(type, message);
            }
        }

        return new Block("unknown", lines.Count > 0 && lines[0].Length > 0 ? lines[0].Trim() : null);
    }

    private static ExceptionInfo? Java(IReadOnlyList<string> lines)
    {
        var blocks = new List<Block>();
        Block? current = null;
        var suppressedIndent = -1;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var indent = Indent(line);
            var t = line.AsSpan().Trim();
            if (suppressedIndent >= 0)
            {
                if (indent > suppressedIndent)
                {
                    continue;
                }

                suppressedIndent = -1;
            }

            if (t.StartsWith("at ", StringComparison.Ordinal))
            {
                if (current is null)
                {
                    current = HeaderBlock(lines, i, strict: false);
                    blocks.Add(current);
                }

                current.AddFrame(JavaFrame(t[3..]));
            }
            else if (t.StartsWith("Caused by: ", StringComparison.Ordinal))
            {
                var found = FindType(t[11..], strict: false, out var type, out var message);
                current = new Block(found ? type : t[11..].ToString(), message);
                blocks.Add(current);
            }
            else if (t.StartsWith("Suppressed: ", StringComparison.Ordinal))
            {
                suppressedIndent = indent;
            }
            else if (current is null && i > 0 && ContinuationRules.LooksLikeExceptionLine(t) && FindType(t, strict: false, out var type, out var message))
            {
                current = new Block(type, message);
                blocks.Add(current);
            }
        }

        return Build("java", blocks);
    }

    private static StackFrameInfo JavaFrame(ReadOnlySpan<char> f)
    {
        // com.acme.Foo.bar(Foo.java:42) ~[app.jar:1.0]   |   java.base/java.lang.Thread.run(Thread.java:833)
        var open = f.IndexOf('(');
        var function = (open > 0 ? f[..open] : f).Trim().ToString();
        string? file = null;
        int? line = null;
        if (open > 0)
        {
            var close = f[open..].IndexOf(')');
            var inner = close > 0 ? f.Slice(open + 1, close - 1) : f[(open + 1)..];
            var colon = inner.LastIndexOf(':');
            if (colon > 0 && int.TryParse(inner[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                file = inner[..colon].ToString();
                line = n;
            }
            else if (!inner.IsEmpty)
            {
                file = inner.ToString();
            }
        }

        var slash = function.IndexOf('/');
        var normalized = slash > 0 && function.IndexOf('(') < 0 ? function[(slash + 1)..] : function;
        return new StackFrameInfo { Function = normalized, File = file, Line = line, InApp = FrameClassifier.IsInApp(normalized, file) };
    }

    private static ExceptionInfo? DotNet(IReadOnlyList<string> lines)
    {
        var chain = new List<Block>();
        var frameBlocks = new List<List<StackFrameInfo>> { new() };
        for (var i = 0; i < lines.Count; i++)
        {
            var t = lines[i].AsSpan().Trim();
            if (t.StartsWith("at ", StringComparison.Ordinal))
            {
                if (chain.Count == 0)
                {
                    var header = HeaderBlock(lines, i, strict: false);
                    chain.Add(header);
                }

                if (frameBlocks[^1].Count < MaxFrames)
                {
                    frameBlocks[^1].Add(DotNetFrame(t[3..]));
                }
            }
            else if (t.StartsWith("--- End of inner exception stack trace ---", StringComparison.Ordinal))
            {
                frameBlocks.Add([]);
            }
            else if (t.StartsWith("--- ", StringComparison.Ordinal))
            {
                continue;
            }
            else if (t.StartsWith("---> ", StringComparison.Ordinal))
            {
                AddDotNetChain(chain, t[5..]);
            }
            else if (frameBlocks[0].Count == 0 && (chain.Count == 0 || i == 0) && FindType(t, strict: i == 0, out _, out _))
            {
                AddDotNetChain(chain, t);
            }
        }

        if (chain.Count == 0)
        {
            return null;
        }

        // The first frame block belongs to the innermost exception, the last one to the outermost.
        var blocks = frameBlocks.Where(b => b.Count > 0).ToList();
        for (var k = 0; k < blocks.Count; k++)
        {
            var target = Math.Max(0, chain.Count - 1 - k);
            chain[target].Frames.AddRange(blocks[k]);
        }

        return Build("dotnet", chain);
    }

    private static void AddDotNetChain(List<Block> chain, ReadOnlySpan<char> text)
    {
        while (!text.IsEmpty)
        {
            var arrow = text.IndexOf(" ---> ", StringComparison.Ordinal);
            var part = arrow < 0 ? text : text[..arrow];
            if (FindType(part, strict: false, out var type, out var message))
            {
                chain.Add(new Block(type, message));
            }

            text = arrow < 0 ? default : text[(arrow + 6)..];
        }
    }

    private static StackFrameInfo DotNetFrame(ReadOnlySpan<char> f)
    {
        // Ns.Type.Method(String arg) in /src/File.cs:line 42
        string? file = null;
        int? line = null;
        var inAt = f.LastIndexOf(" in ", StringComparison.Ordinal);
        var function = f;
        if (inAt > 0)
        {
            var location = f[(inAt + 4)..];
            function = f[..inAt];
            var lineAt = location.LastIndexOf(":line ", StringComparison.Ordinal);
            if (lineAt > 0 && int.TryParse(location[(lineAt + 6)..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                file = location[..lineAt].ToString();
                line = n;
            }
            else
            {
                file = location.ToString();
            }
        }

        var open = function.IndexOf('(');
        var name = (open > 0 ? function[..open] : function).Trim().ToString();
        return new StackFrameInfo { Function = name, File = file, Line = line, InApp = FrameClassifier.IsInApp(name, file) };
    }

    private static ExceptionInfo? Node(IReadOnlyList<string> lines)
    {
        var blocks = new List<Block>();
        Block? current = null;
        for (var i = 0; i < lines.Count; i++)
        {
            var t = lines[i].AsSpan().Trim();
            if (t.StartsWith("at ", StringComparison.Ordinal))
            {
                if (current is null)
                {
                    current = HeaderBlock(lines, i, strict: false);
                    blocks.Add(current);
                }

                current.AddFrame(NodeFrame(t[3..]));
            }
            else if (t.StartsWith("[cause]: ", StringComparison.Ordinal) || t.StartsWith("Caused by: ", StringComparison.Ordinal))
            {
                var rest = t[(t.IndexOf(": ", StringComparison.Ordinal) + 2)..];
                var found = FindType(rest, strict: false, out var type, out var message);
                current = new Block(found ? type : rest.ToString(), message);
                blocks.Add(current);
            }
        }

        return Build("node", blocks);
    }

    private static StackFrameInfo NodeFrame(ReadOnlySpan<char> f)
    {
        // fn (file:line:col) | file:line:col | async fn (file:line:col) | new Foo (file) | fn (<anonymous>)
        if (f.EndsWith(" {", StringComparison.Ordinal))
        {
            f = f[..^2];
        }

        ReadOnlySpan<char> function;
        ReadOnlySpan<char> location;
        if (f.EndsWith(")") && f.LastIndexOf(" (", StringComparison.Ordinal) is var open and > 0)
        {
            function = f[..open];
            location = f[(open + 2)..^1];
        }
        else
        {
            function = "<anonymous>";
            location = f;
        }

        if (function.StartsWith("async ", StringComparison.Ordinal))
        {
            function = function[6..];
        }

        string? file = location.ToString();
        int? line = null;
        var last = location.LastIndexOf(':');
        if (last > 0 && HeaderParser.IsDigits(location[(last + 1)..]))
        {
            var prev = location[..last].LastIndexOf(':');
            if (prev > 0 && HeaderParser.IsDigits(location[(prev + 1)..last])
                && int.TryParse(location[(prev + 1)..last], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                file = location[..prev].ToString();
                line = n;
            }
        }

        var name = function.ToString();
        return new StackFrameInfo { Function = name, File = file, Line = line, InApp = FrameClassifier.IsInApp(name, file) };
    }

    private static ExceptionInfo? Python(IReadOnlyList<string> lines)
    {
        var blocks = new List<Block>();
        Block? current = null;
        var inTraceback = false;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var t = line.AsSpan().Trim();
            if (t.StartsWith("Traceback (most recent call last):", StringComparison.Ordinal))
            {
                current = new Block("unknown", null);
                blocks.Add(current);
                inTraceback = true;
                continue;
            }

            if (inTraceback && t.StartsWith("File \"", StringComparison.Ordinal))
            {
                current!.AddFrame(PythonFrame(t));
                continue;
            }

            if (inTraceback && line.Length > 0 && line[0] is not (' ' or '\t') && FindPythonException(t, out var type, out var message))
            {
                current!.Type = type;
                current.Message = message;
                inTraceback = false;
            }
        }

        blocks.RemoveAll(b => b.Type == "unknown" && b.Frames.Count == 0);
        foreach (var block in blocks)
        {
            block.Frames.Reverse(); // Python prints the throwing frame last.
        }

        blocks.Reverse(); // Python prints the root cause first and the outermost exception last.
        return Build("python", blocks);
    }

    private static bool FindPythonException(ReadOnlySpan<char> t, out string type, out string? message)
    {
        type = string.Empty;
        message = null;
        var end = ContinuationRules.TypeTokenEnd(t);
        if (end == 0 || (end < t.Length && t[end] != ':'))
        {
            return false;
        }

        type = t[..end].ToString();
        message = end < t.Length ? t[(end + 1)..].Trim().ToString() : null;
        return true;
    }

    private static StackFrameInfo PythonFrame(ReadOnlySpan<char> t)
    {
        // File "/app/x.py", line 10, in handler
        var rest = t[6..];
        var quote = rest.IndexOf('"');
        var file = quote >= 0 ? rest[..quote].ToString() : rest.ToString();
        int? line = null;
        var function = "<module>";
        var lineAt = t.IndexOf(", line ", StringComparison.Ordinal);
        if (lineAt > 0)
        {
            var after = t[(lineAt + 7)..];
            var comma = after.IndexOf(',');
            var number = comma >= 0 ? after[..comma] : after;
            if (int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                line = n;
            }

            var inAt = after.IndexOf(", in ", StringComparison.Ordinal);
            if (inAt >= 0)
            {
                function = after[(inAt + 5)..].Trim().ToString();
            }
        }

        return new StackFrameInfo { Function = function, File = file, Line = line, InApp = FrameClassifier.IsInApp(function, file) };
    }

    private static ExceptionInfo? Go(IReadOnlyList<string> lines)
    {
        Block? panic = null;
        var inGoroutine = false;
        var goroutines = 0;
        string? pendingFunction = null;
        foreach (var line in lines)
        {
            var t = line.AsSpan().Trim();
            var at = t.IndexOf("panic: ", StringComparison.Ordinal);
            if (panic is null && at >= 0)
            {
                var message = t[(at + 7)..];
                var recovered = message.IndexOf(" [recovered]", StringComparison.Ordinal);
                if (recovered >= 0)
                {
                    message = message[..recovered];
                }

                panic = new Block("panic", message.ToString());
                continue;
            }

            if (t.StartsWith("goroutine ", StringComparison.Ordinal) && t.EndsWith(':'))
            {
                goroutines++;
                inGoroutine = goroutines == 1;
                panic ??= new Block("panic", lines[0].Trim().Length > 0 ? lines[0].Trim() : null);
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

    private static ExceptionInfo? Ruby(IReadOnlyList<string> lines)
    {
        Block? block = null;
        for (var i = 0; i < lines.Count; i++)
        {
            var t = lines[i].AsSpan().Trim();
            if (t.StartsWith("from ", StringComparison.Ordinal))
            {
                t = t[5..];
            }

            var inAt = t.IndexOf(":in ", StringComparison.Ordinal);
            if (inAt > 0 && (t.Contains(".rb:", StringComparison.Ordinal) || t.Contains(".erb:", StringComparison.Ordinal) || t.Contains(".rake:", StringComparison.Ordinal)))
            {
                var location = t[..inAt];
                var colon = location.LastIndexOf(':');
                var file = colon > 0 ? location[..colon].ToString() : location.ToString();
                int? number = colon > 0 && int.TryParse(location[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
                var rest = t[(inAt + 4)..];
                var close = rest.Length > 1 ? rest[1..].IndexOfAny('\'', '`') : -1;
                var function = close >= 0 ? rest.Slice(1, close).ToString() : rest.ToString();
                if (block is null)
                {
                    // /app/foo.rb:12:in `bar': undefined method `baz' for nil (NoMethodError)
                    var tail = close >= 0 && close + 2 < rest.Length ? rest[(close + 2)..].TrimStart(':').Trim() : default;
                    block = RubyHeader(tail) ?? FindRubyHeader(lines, i);
                }

                block.AddFrame(new StackFrameInfo { Function = function, File = file, Line = number, InApp = FrameClassifier.IsInApp(function, file) });
            }
        }

        return block is null ? null : Build("ruby", [block]);
    }

    private static Block FindRubyHeader(IReadOnlyList<string> lines, int frameIndex)
    {
        for (var i = frameIndex - 1; i >= 0; i--)
        {
            var header = RubyHeader(lines[i].AsSpan().Trim());
            if (header is not null)
            {
                return header;
            }
        }

        return HeaderBlock(lines, frameIndex, strict: false);
    }

    /// <summary>"message (Type)" or "Type (message):".</summary>
    private static Block? RubyHeader(ReadOnlySpan<char> t)
    {
        if (t.IsEmpty)
        {
            return null;
        }

        if (t[^1] == ')')
        {
            var open = t.LastIndexOf(" (", StringComparison.Ordinal);
            if (open >= 0)
            {
                var type = t[(open + 2)..^1];
                if (ContinuationRules.TypeTokenEnd(type.ToString().Replace("::", ".", StringComparison.Ordinal)) == type.Length - CountColons(type) && type.Length > 0 && char.IsAsciiLetterUpper(type[0]))
                {
                    return new Block(type.ToString(), t[..open].ToString());
                }
            }
        }

        var paren = t.IndexOf(" (", StringComparison.Ordinal);
        if (paren > 0 && t.EndsWith("):", StringComparison.Ordinal) && char.IsAsciiLetterUpper(t[0]))
        {
            return new Block(t[..paren].ToString(), t[(paren + 2)..^2].ToString());
        }

        return null;
    }

    private static int CountColons(ReadOnlySpan<char> t) => t.Count(':') / 2;

    private static ExceptionInfo? Php(IReadOnlyList<string> lines)
    {
        // PHP prints the previous (inner) exception first and "Next" for each outer one.
        var blocks = new List<Block>();
        Block? current = null;
        for (var i = 0; i < lines.Count; i++)
        {
            var t = lines[i].AsSpan().Trim();
            if (t.StartsWith("#", StringComparison.Ordinal) && t.Length > 1 && char.IsAsciiDigit(t[1]))
            {
                current ??= AddBlock(blocks, PhpHeader(lines, i));
                current.AddFrame(PhpFrame(t));
            }
            else if (t.StartsWith("Next ", StringComparison.Ordinal))
            {
                current = AddBlock(blocks, PhpHeaderFrom(t[5..]) ?? new Block("unknown", t[5..].ToString()));
            }
            else if (current is null && (t.Contains("Uncaught ", StringComparison.Ordinal) || t.Contains("[object] (", StringComparison.Ordinal)))
            {
                current = AddBlock(blocks, PhpHeaderFrom(t) ?? new Block("unknown", t.ToString()));
            }
        }

        blocks.Reverse();
        return Build("php", blocks);
    }

    private static Block AddBlock(List<Block> blocks, Block block)
    {
        blocks.Add(block);
        return block;
    }

    private static Block PhpHeader(IReadOnlyList<string> lines, int frameIndex)
    {
        for (var i = frameIndex - 1; i >= 0; i--)
        {
            var found = PhpHeaderFrom(lines[i].AsSpan().Trim());
            if (found is not null)
            {
                return found;
            }
        }

        return HeaderBlock(lines, frameIndex, strict: false);
    }

    /// <summary>"Uncaught Type: msg in /f.php:12", "[object] (Type(code: 0): msg at /f.php:12)", "Type: msg in /f.php:12".</summary>
    private static Block? PhpHeaderFrom(ReadOnlySpan<char> t)
    {
        var obj = t.IndexOf("[object] (", StringComparison.Ordinal);
        if (obj >= 0)
        {
            var rest = t[(obj + 10)..];
            var codeAt = rest.IndexOf("(code:", StringComparison.Ordinal);
            if (codeAt > 0)
            {
                var type = rest[..codeAt].ToString();
                var afterCode = rest[codeAt..];
                var colon = afterCode.IndexOf("): ", StringComparison.Ordinal);
                var message = colon >= 0 ? afterCode[(colon + 3)..] : default;
                var at = message.LastIndexOf(" at ", StringComparison.Ordinal);
                return new Block(type, (at >= 0 ? message[..at] : message).ToString());
            }
        }

        var uncaught = t.IndexOf("Uncaught ", StringComparison.Ordinal);
        if (uncaught >= 0)
        {
            t = t[(uncaught + 9)..];
        }

        var end = PhpTypeEnd(t);
        if (end <= 0 || end >= t.Length || t[end] != ':')
        {
            return null;
        }

        var type2 = t[..end].ToString();
        var msg = t[(end + 1)..].Trim();
        var inAt = msg.LastIndexOf(" in /", StringComparison.Ordinal);
        if (inAt < 0)
        {
            inAt = msg.LastIndexOf(" in ", StringComparison.Ordinal);
        }

        return new Block(type2, (inAt >= 0 ? msg[..inAt] : msg).ToString());
    }

    private static int PhpTypeEnd(ReadOnlySpan<char> t)
    {
        if (t.IsEmpty || !(char.IsAsciiLetter(t[0]) || t[0] == '\\'))
        {
            return 0;
        }

        var i = 1;
        while (i < t.Length && (char.IsAsciiLetterOrDigit(t[i]) || t[i] is '_' or '\\'))
        {
            i++;
        }

        return i;
    }

    private static StackFrameInfo PhpFrame(ReadOnlySpan<char> t)
    {
        // #0 /var/www/index.php(5): Foo->bar()   |   #1 [internal function]: x()   |   #2 {main}
        var space = t.IndexOf(' ');
        var rest = space > 0 ? t[(space + 1)..] : default;
        if (rest is "{main}")
        {
            return new StackFrameInfo { Function = "{main}", InApp = true };
        }

        var sep = rest.IndexOf("): ", StringComparison.Ordinal);
        string? file = null;
        int? line = null;
        ReadOnlySpan<char> function = rest;
        if (sep > 0)
        {
            var location = rest[..(sep + 1)];
            function = rest[(sep + 3)..];
            var open = location.LastIndexOf('(');
            if (open > 0 && int.TryParse(location[(open + 1)..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                file = location[..open].ToString();
                line = n;
            }
        }
        else if (rest.StartsWith("[internal function]: ", StringComparison.Ordinal))
        {
            file = "[internal function]";
            function = rest[21..];
        }

        var paren = function.IndexOf('(');
        var name = (paren > 0 ? function[..paren] : function).ToString();
        return new StackFrameInfo { Function = name, File = file, Line = line, InApp = FrameClassifier.IsInApp(name, file) };
    }

    /// <summary>
    /// Finds an exception type in a line: the first token that is an exception type name followed by ':' or the
    /// end (<c>Exception in thread "main" java.lang.X: msg</c>, <c>Unhandled exception. System.X: msg</c>).
    /// Lenient mode also accepts any qualified/CamelCase name followed by ':' when it opens the line.
    /// </summary>
    private static bool FindType(ReadOnlySpan<char> line, bool strict, out string type, out string? message)
    {
        type = string.Empty;
        message = null;
        var p = 0;
        var tokens = 0;
        while (p < line.Length && tokens < 40)
        {
            while (p < line.Length && !(char.IsAsciiLetter(line[p]) || line[p] == '_'))
            {
                p++;
            }

            if (p >= line.Length)
            {
                break;
            }

            var boundary = p == 0 || line[p - 1] is ' ' or '\t' or '(' or '[' or '"' or '\'' or '=' or ':' or ',' or '>';
            var end = p + ContinuationRules.TypeTokenEnd(line[p..]);
            var token = line[p..end].TrimEnd('.');
            var tokenEnd = p + token.Length;
            var hresult = HResultEnd(line, tokenEnd);
            var terminated = tokenEnd == line.Length || line[tokenEnd] == ':' || hresult > 0
                || (tokenEnd + 1 < line.Length && line[tokenEnd] == ' ' && line[tokenEnd + 1] == '[');
            if (boundary && terminated && ((ContinuationRules.IsExceptionTypeName(token) && !(strict && token is "Exception" or "Error" or "Throwable"))
                || (!strict && p == 0 && token.Length > 1 && char.IsAsciiLetterUpper(token[token.LastIndexOf('.') + 1]))))
            {
                type = token.ToString();
                var rest = line[(hresult > 0 ? hresult : tokenEnd)..];
                if (rest.StartsWith(" [", StringComparison.Ordinal))
                {
                    var close = rest.IndexOf("]:", StringComparison.Ordinal);
                    rest = close > 0 ? rest[(close + 1)..] : rest;
                }

                if (rest.StartsWith(":", StringComparison.Ordinal))
                {
                    var m = rest[1..].Trim();
                    message = m.IsEmpty ? null : m.ToString();
                }

                return true;
            }

            p = Math.Max(end, p + 1);
            tokens++;
        }

        return false;
    }

    /// <summary>.NET prints an HRESULT after some types: <c>SqlException (0x80131904): msg</c>; returns the index of ':' or 0.</summary>
    private static int HResultEnd(ReadOnlySpan<char> line, int tokenEnd)
    {
        if (!line[tokenEnd..].StartsWith(" (0x", StringComparison.Ordinal))
        {
            return 0;
        }

        var close = line[tokenEnd..].IndexOf("):", StringComparison.Ordinal);
        return close > 0 && close < 20 ? tokenEnd + close + 1 : 0;
    }

    private static string GuessLanguage(string type)
    {
        if (type.StartsWith("java.", StringComparison.Ordinal) || type.StartsWith("javax.", StringComparison.Ordinal)
            || type.StartsWith("org.", StringComparison.Ordinal) || type.StartsWith("com.", StringComparison.Ordinal)
            || type.StartsWith("io.", StringComparison.Ordinal) || type.StartsWith("kotlin.", StringComparison.Ordinal))
        {
            return "java";
        }

        if (type.StartsWith("System.", StringComparison.Ordinal) || type.StartsWith("Microsoft.", StringComparison.Ordinal))
        {
            return "dotnet";
        }

        return "unknown";
    }

    private static int Indent(string line)
    {
        var n = 0;
        foreach (var c in line)
        {
            if (c == '\t')
            {
                n += 4;
            }
            else if (c == ' ')
            {
                n++;
            }
            else
            {
                break;
            }
        }

        return n;
    }
}
