using System.Text;
using CsCheck;
using LogAnalyzer.Core.Analysis;
using LogAnalyzer.Core.Ingestion;
using LogAnalyzer.Core.Model;
using LogAnalyzer.Core.Patterns;
using LogAnalyzer.Tests.Support;

namespace LogAnalyzer.Tests.Properties;

/// <summary>
/// No input breaks the analysis: the whole pipeline (ingestion → patterns → groups → rules, LLM off) runs on generated
/// and mutated logs without an exception, every input line lands in exactly one record, and pattern and group counts
/// add up to the records they claim. Fixed iteration counts keep each property to a few seconds.
/// </summary>
[Collection(PropertyCollection.Name)]
public sealed class PipelinePropertyTests
{
    [Fact]
    public void Analyze_GeneratedMixedFormatLogs_AccountsForEveryLine() =>
        LogGen.Document.Sample(text => Check(AnalysisRequest.FromText(text)), iter: 150, print: Show);

    [Fact]
    public void Analyze_RandomBytes_AccountsForEveryLine() =>
        Gen.Byte.Array[1, 3000].Sample(bytes => Check(new AnalysisRequest { Bytes = bytes }), iter: 150);

    [Fact]
    public void Analyze_GeneratedLogsAsUtf16AndUtf8WithBom_AccountsForEveryLine() =>
        Gen.Select(LogGen.Document, Gen.Int[0, 2]).Sample((text, encoding) =>
        {
            var bytes = encoding switch
            {
                0 => Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text)).ToArray(),
                1 => Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(text)).ToArray(),
                _ => Encoding.Latin1.GetBytes(text),
            };
            Check(new AnalysisRequest { Bytes = bytes });
        }, iter: 60, print: t => Show(t.Item1));

    [Theory]
    [InlineData("regressions", "laravel-hard-wrapped.log")]
    [InlineData("access", "nginx-combined.log")]
    public void Analyze_MutatedFixture_AccountsForEveryLine(string folder, string file) =>
        LogGen.Mutated(PipelineRunner.Fixture(folder, file)).Sample(text => Check(AnalysisRequest.FromText(text)), iter: 150, print: Show);

    [Fact]
    public void Cluster_GeneratedMessages_EveryRecordInOnePattern() =>
        LogGen.Message.Array[1, 300].Sample(messages =>
        {
            var records = messages.Select((m, i) => new LogRecord { Index = i, LineStart = i + 1, LineEnd = i + 1, Format = LogFormat.Text, Message = m, Text = m }).ToList();
            var patterns = new PatternClusterer().Cluster(records);
            Assert.Equal(records.Count, patterns.Sum(p => p.Count));
            var ids = patterns.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
            Assert.All(records, r => Assert.Contains(r.PatternId!, ids));
        }, iter: 300);

    private static void Check(AnalysisRequest request)
    {
        AnalysisDocument document;
        try
        {
            document = PipelineRunner.AnalyzeAsync(request).GetAwaiter().GetResult();
        }
        catch (AnalysisInputException e)
        {
            // Blank input and input over the size limit are refused with a clear error, which is the contract for them.
            Assert.True(e.IsTooLarge ? Length(request) > new IngestionOptions().MaxInputBytes : IsBlank(request), "an acceptable input was refused");
            return;
        }

        PipelineRunner.AssertAccounting(document);
    }

    private static long Length(AnalysisRequest request) => request.Text?.Length ?? request.Bytes!.Value.Length;

    private static bool IsBlank(AnalysisRequest request) =>
        request.Text is { } text
            ? string.IsNullOrWhiteSpace(text)
            : request.Bytes!.Value.ToArray().All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0 or 0xEF or 0xBB or 0xBF or 0xFE or 0xFF);

    private static string Show(string text) =>
        text.Length > 2000 ? $"({text.Length} chars) " + Escape(text[..2000]) : Escape(text);

    private static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            sb.Append(c is < ' ' or (>= '\u007f' and <= '\u00a0') or '\\' ? $"\\u{(int)c:x4}" : c);
        }

        return sb.ToString();
    }
}
