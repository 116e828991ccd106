using System.Globalization;
using LogAnalyzer.Core.Model;

namespace LogAnalyzer.Tests.Ingestion;

/// <summary>
/// One per-format fixture (<c>Fixtures/formats/*.txt</c>): comment lines, <c>=== input</c>, the log lines, then
/// <c>=== expected</c> and one tab-separated row per record: first line, timestamp (ISO 8601 or <c>-</c>), level
/// (<see cref="Severity"/> name or <c>-</c>), source (or <c>-</c>), message (the rest of the row, tabs included).
/// Shared by the tests and by the bench's per-format table (linked into the bench project), so it depends on nothing
/// but Core. Year-less timestamps are read with <see cref="Now"/> as today.
/// </summary>
internal sealed record FormatFixture(string Name, string Description, string Input, IReadOnlyList<FormatFixture.Row> Expected)
{
    /// <summary>The fixed "today" fixtures are read with (year-less dates on or before Mar 3 are 2026, later ones 2025).</summary>
    public static readonly DateTimeOffset Now = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    public static FormatFixture Load(string path)
    {
        var lines = File.ReadAllLines(path);
        var input = Array.IndexOf(lines, "=== input");
        var expected = Array.IndexOf(lines, "=== expected");
        if (input < 0 || expected < input)
        {
            throw new InvalidDataException($"{path}: needs '=== input' then '=== expected'");
        }

        var description = lines.Take(input).FirstOrDefault(l => l.StartsWith("# ", StringComparison.Ordinal))?[2..] ?? string.Empty;
        var rows = lines.Skip(expected + 1).Where(l => l.Length > 0 && l[0] != '#').Select(ParseRow).ToList();
        var text = string.Join('\n', lines.Skip(input + 1).Take(expected - input - 1));
        return new FormatFixture(Path.GetFileNameWithoutExtension(path), description, text, rows);
    }

    /// <summary>Scores records against the expected rows; a record starting at a line no row names counts as extra.</summary>
    public Score Check(IReadOnlyList<LogRecord> records)
    {
        var byLine = records.ToDictionary(r => r.LineStart);
        int ts = 0, level = 0, source = 0, message = 0, all = 0;
        var misses = new List<string>();
        foreach (var row in Expected)
        {
            if (!byLine.TryGetValue(row.Line, out var r))
            {
                misses.Add($"line {row.Line}: no record starts here");
                continue;
            }

            var okTs = Nullable.Equals(r.Timestamp?.UtcDateTime, row.Timestamp?.UtcDateTime);
            var okLevel = r.Level == row.Level;
            var okSource = string.Equals(r.Source, row.Source, StringComparison.Ordinal);
            var okMessage = string.Equals(r.Message.Trim(), row.Message, StringComparison.Ordinal);
            ts += okTs ? 1 : 0;
            level += okLevel ? 1 : 0;
            source += okSource ? 1 : 0;
            message += okMessage ? 1 : 0;
            all += okTs && okLevel && okMessage ? 1 : 0;
            if (!(okTs && okLevel && okSource && okMessage))
            {
                misses.Add(string.Create(CultureInfo.InvariantCulture,
                    $"line {row.Line}: got ts={r.Timestamp:o} level={r.Level} source={r.Source} message=[{r.Message}]"));
            }
        }

        var extra = records.Count(r => Expected.All(e => e.Line != r.LineStart));
        misses.AddRange(records.Where(r => Expected.All(e => e.Line != r.LineStart)).Select(r => $"line {r.LineStart}: unexpected record [{r.Message}]"));
        return new Score(Expected.Count, extra, ts, level, source, message, all, misses);
    }

    private static Row ParseRow(string line)
    {
        var f = line.Split('\t', 5);
        if (f.Length < 5)
        {
            throw new InvalidDataException($"expected row needs 5 tab-separated fields: {line}");
        }

        return new Row(
            int.Parse(f[0], CultureInfo.InvariantCulture),
            f[1] == "-" ? null : DateTimeOffset.Parse(f[1], CultureInfo.InvariantCulture),
            f[2] == "-" ? null : Enum.Parse<Severity>(f[2]),
            f[3] == "-" ? null : f[3],
            f[4]);
    }

    public sealed record Row(int Line, DateTimeOffset? Timestamp, Severity? Level, string? Source, string Message);

    /// <summary>Counts of expected records whose field came out right; <c>All</c> = timestamp, level and message together.</summary>
    public sealed record Score(int Records, int Extra, int Timestamp, int Level, int Source, int Message, int All, IReadOnlyList<string> Misses);

    /// <summary>A clock stopped at <see cref="Now"/>.</summary>
    public sealed class Clock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => Now;
    }
}
