using System.Text.Json;
using LogAnalyzer.Core.Ingestion;
using LogAnalyzer.Tests.Support;
using Xunit.Abstractions;

namespace LogAnalyzer.Tests.Ingestion;

/// <summary>
/// The trace corpus in Fixtures/traces: one small paste per trace kind, written from each runtime's documented output
/// (sources in SOURCES.md), with the expected record count and, for the records that carry an exception, the record's
/// first line and its exception type chain (outermost first). Every fourth fixture (index % 4 == 3, in file-name order)
/// was held out while the rules were tuned; <see cref="Corpus_ScoresAtLeastTheRecordedFigures"/> reports both halves.
/// </summary>
public sealed class TraceCorpusTests(ITestOutputHelper output)
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "traces");

    public static TheoryData<string> Fixtures()
    {
        var data = new TheoryData<string>();
        foreach (var name in Names())
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Fixture_HasTheExpectedRecordsAndExceptionChains(string name)
    {
        var (expected, result) = Run(name);
        IngestionRunner.AssertCoverage(result);
        Assert.True(expected.Records == result.Records.Count, $"{name}: expected {expected.Records} records, got {result.Records.Count}: starts at lines {string.Join(',', result.Records.Select(r => r.LineStart))}");
        foreach (var exception in expected.Exceptions)
        {
            var record = result.Records.SingleOrDefault(r => r.LineStart == exception.Line);
            Assert.True(record is not null, $"{name}: no record starts at line {exception.Line}");
            Assert.True(exception.Types.SequenceEqual(Chain(record.Exception)), $"{name}: line {exception.Line}: expected [{string.Join(", ", exception.Types)}], got [{string.Join(", ", Chain(record.Exception))}] ({record.Exception?.Language}) in record '{record.Message}'");
        }
    }

    [Fact]
    public void Corpus_ScoresAtLeastTheRecordedFigures()
    {
        var tuned = new Score();
        var heldOut = new Score();
        var names = Names();
        for (var i = 0; i < names.Count; i++)
        {
            var (expected, result) = Run(names[i]);
            var score = i % 4 == 3 ? heldOut : tuned;
            score.Fixtures++;
            score.RecordsExact += expected.Records == result.Records.Count ? 1 : 0;
            foreach (var exception in expected.Exceptions)
            {
                var found = Chain(result.Records.FirstOrDefault(r => r.LineStart == exception.Line)?.Exception);
                score.Types += exception.Types.Count;
                score.TypesFound += CountFound(exception.Types, found);
            }
        }

        output.WriteLine($"tuned: records exact {tuned.RecordsExact}/{tuned.Fixtures}, exception types {tuned.TypesFound}/{tuned.Types}");
        output.WriteLine($"held out: records exact {heldOut.RecordsExact}/{heldOut.Fixtures}, exception types {heldOut.TypesFound}/{heldOut.Types}");
        Assert.True(names.Count >= 40, "the corpus keeps at least 40 fixtures");
        Assert.True(tuned.RecordsExact == tuned.Fixtures && tuned.TypesFound == tuned.Types, "every tuned fixture passes");
        Assert.True(heldOut.RecordsExact >= heldOut.Fixtures - 1 && heldOut.TypesFound >= heldOut.Types - 1, "held-out fixtures stay within one miss");
    }

    private static int CountFound(IReadOnlyList<string> expected, IReadOnlyList<string> found)
    {
        var left = found.ToList();
        var n = 0;
        foreach (var type in expected)
        {
            if (left.Remove(type))
            {
                n++;
            }
        }

        return n;
    }

    private static List<string> Chain(Core.Model.ExceptionInfo? exception) =>
        exception is null ? [] : [exception.Type, .. exception.Causes.Select(c => c.Type)];

    private static List<string> Names() =>
        [.. Directory.EnumerateFiles(Folder, "*.log").Select(Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal)];

    private static (Expected Expected, IngestionResult Result) Run(string name)
    {
        var expected = JsonSerializer.Deserialize<Expected>(File.ReadAllText(Path.Combine(Folder, name + ".json")), JsonOptions)
            ?? throw new InvalidOperationException(name + ".json is empty");
        var result = IngestionRunner.Bytes(File.ReadAllBytes(Path.Combine(Folder, name + ".log")));
        return (expected, result);
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    private sealed record Expected(int Records, IReadOnlyList<ExpectedException> Exceptions, string Source);

    private sealed record ExpectedException(int Line, IReadOnlyList<string> Types);

    private sealed class Score
    {
        public int Fixtures { get; set; }

        public int RecordsExact { get; set; }

        public int Types { get; set; }

        public int TypesFound { get; set; }
    }
}
