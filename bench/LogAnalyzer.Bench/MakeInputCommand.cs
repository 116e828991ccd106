using System.Globalization;
using System.Text;

namespace LogAnalyzer.Bench;

/// <summary>
/// <c>make-input OUT [--lines N] [--from DIR] [--unique]</c>: writes N lines (default 1,000,000) by cycling the raw
/// <c>*.log</c> files found under DIR (default: the shared Loghub-2k folder), whole files in name order, LF endings.
/// <c>--unique</c> appends <c> req=&lt;line number&gt;</c> to every line, so no message repeats exactly: the worst case for
/// the pattern stage's message memo (real logs sit between the two inputs).
/// </summary>
internal static class MakeInputCommand
{
    public static int Run(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine("usage: make-input OUT [--lines N] [--from DIR] [--unique]");
            return 2;
        }

        var output = args[0];
        var lines = 1_000_000;
        string? from = null;
        var unique = args.Contains("--unique", StringComparer.Ordinal);
        for (var i = 1; i < args.Length - 1; i++)
        {
            if (args[i] == "--lines")
            {
                lines = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            }
            else if (args[i] == "--from")
            {
                from = args[i + 1];
            }
        }

        from ??= BenchHost.FindLoghubDirectory();
        var files = from is null ? [] : Directory.GetFiles(from, "*.log", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0)
        {
            Console.Error.WriteLine("No *.log files to cycle: pass --from DIR.");
            return 2;
        }

        var sources = files.Select(f => File.ReadAllText(f).Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToArray()).ToArray();
        using var writer = new StreamWriter(output, append: false, new UTF8Encoding(false), 1 << 20);
        var written = 0;
        while (written < lines)
        {
            foreach (var source in sources)
            {
                foreach (var line in source)
                {
                    if (written == lines)
                    {
                        break;
                    }

                    writer.Write(line);
                    if (unique)
                    {
                        writer.Write(" req=");
                        writer.Write(written.ToString(CultureInfo.InvariantCulture));
                    }

                    writer.Write('\n');
                    written++;
                }
            }
        }

        writer.Flush();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {written} lines, {new FileInfo(output).Length} bytes to {output} from {files.Length} files"));
        return 0;
    }
}
