using LogAnalyzer.Core.Ingestion;
using LogAnalyzer.Core.Redaction;
using LogAnalyzer.Tests.Support;

namespace LogAnalyzer.Tests.Ingestion;

/// <summary>
/// One fixture per log format (Fixtures/formats, sources in SOURCES.md): every expected record starts where the
/// fixture says, with the expected timestamp, level, source and message. With the known layouts on, all formats
/// must come out exactly; with them off, the formats the layout inference alone must read still do.
/// </summary>
public sealed class FormatFixtureTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "formats");

    public static TheoryData<string> Formats()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(Folder, "*.txt").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(path));
        }

        return data;
    }

    /// <summary>Formats nobody told the ingestor about: the learned layout alone reads them.</summary>
    public static TheoryData<string> InferredFormats() =>
    [
        "apache-error", "bracketed-yearless", "compact-pipe", "cri-containerd", "epoch-seconds", "journald-short-iso",
        "log4j-mdc-dash", "log4j2-pattern", "logcat-threadtime", "nginx-error", "nlog-default", "oslo-log",
        "python-logging", "serilog-console", "spring-boot", "syslog-rfc3164", "windows-cbs", "zap-console",
    ];

    [Fact]
    public void Corpus_HasAtLeastTwentyFormats() => Assert.True(Formats().Count >= 20);

    [Theory]
    [MemberData(nameof(Formats))]
    public void Format_ComesOutExactly(string name) => AssertExact(name, new IngestionOptions());

    [Theory]
    [MemberData(nameof(InferredFormats))]
    public void Format_ComesOutExactly_FromInferenceAlone(string name) => AssertExact(name, new IngestionOptions { KnownLayouts = false });

    private static void AssertExact(string name, IngestionOptions options)
    {
        var fixture = FormatFixture.Load(Path.Combine(Folder, name + ".txt"));
        var result = new LogIngestor(new SecretRedactor(), new FormatFixture.Clock()).Ingest(fixture.Input, options);
        IngestionRunner.AssertCoverage(result);
        var score = fixture.Check(result.Records);
        Assert.True(score.Misses.Count == 0, string.Join(Environment.NewLine, score.Misses));
    }
}
