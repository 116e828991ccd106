using System.Text;
using LogAnalyzer.Core.Model;
using LogAnalyzer.Core.Patterns;

namespace LogAnalyzer.Bench;

/// <summary>
/// One file of the project's own labelled grouping corpus (<c>LogAnalyzer.Tests/Fixtures/grouping/*.tsv</c>): each line
/// is <c>event label TAB message</c>. Shared by <c>bench -- accuracy</c> and the corpus floor test.
/// </summary>
internal sealed record GroupingCorpusFile(string Name, IReadOnlyList<string> Labels, IReadOnlyList<string> Messages)
{
    public const string RelativeDirectory = "LogAnalyzer.Tests/Fixtures/grouping";

    public static IReadOnlyList<GroupingCorpusFile> Load(string directory)
    {
        var files = new List<GroupingCorpusFile>();
        foreach (var path in Directory.GetFiles(directory, "*.tsv").Order(StringComparer.Ordinal))
        {
            var labels = new List<string>();
            var messages = new List<string>();
            foreach (var line in File.ReadLines(path, Encoding.UTF8))
            {
                var tab = line.IndexOf('\t', StringComparison.Ordinal);
                if (tab > 0)
                {
                    labels.Add(line[..tab]);
                    messages.Add(line[(tab + 1)..]);
                }
            }

            files.Add(new GroupingCorpusFile(Path.GetFileNameWithoutExtension(path), labels, messages));
        }

        return files;
    }

    /// <summary>The corpus folder, looked up from the working directory upwards (the repository root holds it).</summary>
    public static string? FindDirectory()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, RelativeDirectory);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Grouping metrics of <see cref="PatternClusterer"/> on the messages alone (one record per line).</summary>
    public GroupingMetrics ScoreMessages(PatternClusterer clusterer)
    {
        var records = Messages.Select((m, i) => new LogRecord
        {
            Index = i, LineStart = i + 1, LineEnd = i + 1, Format = LogFormat.Text, Message = m, Text = m,
        }).ToList();
        clusterer.Cluster(records);
        return GroupingMetrics.Compute([.. records.Select(r => r.PatternId)], Labels);
    }

    /// <summary>The messages as one paste, one per line.</summary>
    public string Text() => string.Join('\n', Messages) + "\n";
}
