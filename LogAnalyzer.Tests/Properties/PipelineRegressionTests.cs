using CsCheck;
using LogAnalyzer.Core.Analysis;
using LogAnalyzer.Tests.Support;

namespace LogAnalyzer.Tests.Properties;

/// <summary>Inputs the property tests found that once broke the pipeline (kept inline where a file cannot hold them).</summary>
public sealed class PipelineRegressionTests
{
    /// <summary>
    /// JSON lines holding a lone surrogate (half an emoji). The generated paste below made JsonDocument.Parse throw
    /// ArgumentException (a 500); these smaller shapes of the same kind stay as guards.
    /// </summary>
    [Theory]
    [InlineData("{\"time\":\"020904 233442\",\"level\":\"<3>\",\"msg\":\"cache \uD83D")]
    [InlineData("{\"msg\":\"boom \uD83D\"}\n2026-03-02 10:00:00 ERROR after")]
    [InlineData("{\"msg\":\"\uDC00 lone low\"}\n  {\"msg\":\"continued\"}")]
    public async Task Analyze_JsonLineWithLoneSurrogate_AccountsForEveryLine(string text)
    {
        var document = await PipelineRunner.AnalyzeAsync(AnalysisRequest.FromText(text));

        PipelineRunner.AssertAccounting(document);
    }

    /// <summary>
    /// The generated paste that found it (a JSON line whose message holds a lone surrogate, inside a mixed-format paste),
    /// replayed from its CsCheck seed against the current <see cref="LogGen"/>.
    /// </summary>
    [Fact]
    public void Analyze_GeneratedPasteWithLoneSurrogateInJson_AccountsForEveryLine() =>
        LogGen.Document.Sample(
            text => PipelineRunner.AssertAccounting(PipelineRunner.AnalyzeAsync(AnalysisRequest.FromText(text)).GetAwaiter().GetResult()),
            seed: "6QkefW9qovk5", iter: 1, threads: 1);
}
