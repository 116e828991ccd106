using System.Text;
using LogAnalyzer.Core.Ingestion;
using LogAnalyzer.Tests.Support;

namespace LogAnalyzer.Tests.Ingestion;

public sealed class DecodingTests
{
    private const string Sample = "2026-03-02 10:14:07 INFO started\n2026-03-02 10:14:08 WARN disk ümlaut 90%\n";

    [Fact]
    public void Utf8WithoutBom_DecodesAndReportsUtf8()
    {
        var result = IngestionRunner.Bytes(Encoding.UTF8.GetBytes(Sample));
        Assert.Equal("utf-8", result.Summary.Encoding);
        Assert.Equal(2, result.Summary.TotalLines);
        Assert.Equal("disk ümlaut 90%", result.Records[1].Message);
        Assert.Equal(Encoding.UTF8.GetByteCount(Sample), result.Summary.TotalBytes);
    }

    [Fact]
    public void Utf8WithBom_StripsBomAndReportsIt()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(Sample)).ToArray();
        var result = IngestionRunner.Bytes(bytes);
        Assert.Equal("utf-8-bom", result.Summary.Encoding);
        Assert.Equal("2026-03-02 10:14:07 INFO started", result.Records[0].Text);
        Assert.Equal(Core.Model.Severity.Info, result.Records[0].Level);
    }

    [Theory]
    [InlineData(false, "utf-16le")]
    [InlineData(true, "utf-16be")]
    public void Utf16WithBom_Decodes(bool bigEndian, string name)
    {
        var encoding = new UnicodeEncoding(bigEndian, byteOrderMark: true);
        var bytes = encoding.GetPreamble().Concat(encoding.GetBytes(Sample)).ToArray();
        var result = IngestionRunner.Bytes(bytes);
        Assert.Equal(name, result.Summary.Encoding);
        Assert.Equal(2, result.Records.Count);
        Assert.Equal("disk ümlaut 90%", result.Records[1].Message);
        Assert.Equal(0, result.Summary.InvalidBytesReplaced);
    }

    [Fact]
    public void InvalidUtf8_IsReplacedAndCounted()
    {
        var bytes = Encoding.UTF8.GetBytes("ok line\nbad ").Concat(new byte[] { 0xC3, 0x28, 0xFF }).Concat(Encoding.UTF8.GetBytes(" end\n")).ToArray();
        var result = IngestionRunner.Bytes(bytes);
        Assert.Equal(2, result.Summary.InvalidBytesReplaced);
        Assert.Contains('\uFFFD', result.Records[1].Text);
        Assert.EndsWith("( end", result.Records[1].Text.Replace("\uFFFD", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a one\r\nb two\r\nc three", 3)]
    [InlineData("a one\rb two\rc three\r", 3)]
    [InlineData("a one\nb two\r\nc three\rd four\n", 4)]
    [InlineData("a one\n\n\nb two", 4)]
    public void LineEndings_CrLfCrAndLf_AreAllLineBreaks(string text, int lines)
    {
        var result = IngestionRunner.Bytes(Encoding.UTF8.GetBytes(text));
        Assert.Equal(lines, result.Summary.TotalLines);
        Assert.All(result.Records, r => Assert.DoesNotContain('\r', r.Text));
        IngestionRunner.AssertCoverage(result);
    }

    [Fact]
    public void AnsiColours_AreStrippedAndCounted()
    {
        var result = IngestionRunner.Text("\u001b[32m2026-03-02 10:14:07\u001b[0m \u001b[1;31mERROR\u001b[0m db down\u001b]0;title\u0007");
        Assert.Equal(5, result.Summary.AnsiSequencesStripped);
        Assert.Equal("2026-03-02 10:14:07 ERROR db down", result.Records[0].Text);
        Assert.Equal(Core.Model.Severity.Error, result.Records[0].Level);
        Assert.Equal("db down", result.Records[0].Message);
    }

    [Fact]
    public void NulAndControlCharacters_AreNeutralizedAndCounted()
    {
        var result = IngestionRunner.Text("value\0here\u0007bell\tkept\u007f");
        Assert.Equal(3, result.Summary.ControlCharactersNeutralized);
        var text = result.Records[0].Text;
        Assert.DoesNotContain('\0', text);
        Assert.Equal("value\u2400here\u2407bell\tkept\u2421", text);
    }

    [Fact]
    public void C1Controls_AreNeutralizedAndCounted()
    {
        var result = IngestionRunner.Text("next\u0085line\u0090dcs\u009b31mred\u009Fend");

        var text = result.Records[0].Text;
        Assert.DoesNotContain(text, c => c is >= '\u0080' and <= '\u009F');
        Assert.Equal("next\u2424line\uFFFDdcsred\uFFFDend", text);
        Assert.Equal(3, result.Summary.ControlCharactersNeutralized);
        Assert.Equal(1, result.Summary.AnsiSequencesStripped); // U+009B is a CSI: the sequence goes, as ESC [ does
    }

    [Theory]
    [InlineData(false, "utf-16le")]
    [InlineData(true, "utf-16be")]
    public void Utf16WithoutBom_IsDetected(bool bigEndian, string expected)
    {
        var bytes = new UnicodeEncoding(bigEndian, byteOrderMark: false).GetBytes(Sample);

        var result = IngestionRunner.Bytes(bytes);

        Assert.Equal(expected, result.Summary.Encoding);
        Assert.Equal(2, result.Summary.TotalLines);
        Assert.Equal("disk ümlaut 90%", result.Records[1].Message);
    }

    [Fact]
    public void Utf8_IsNotMistakenForUtf16()
    {
        Assert.Equal("utf-8", IngestionRunner.Bytes(Encoding.UTF8.GetBytes("日本語のログ 2026-03-02 ERROR ümlaut\n" + Sample)).Summary.Encoding);
        Assert.Equal("utf-8", IngestionRunner.Bytes(Encoding.UTF8.GetBytes("a\0b\n")).Summary.Encoding);
        Assert.Equal("utf-8", IngestionRunner.Bytes(Encoding.UTF8.GetBytes("value\0here\n")).Summary.Encoding);
    }

    [Fact]
    public void VeryLongLine_IsKeptButTruncatedAndCounted()
    {
        var options = new IngestionOptions { MaxLineLength = 1000 };
        var result = IngestionRunner.Text("short\n" + new string('x', 5000) + "\nafter", options);
        Assert.Equal(3, result.Records.Count);
        Assert.Equal(1, result.Summary.TruncatedLines);
        Assert.True(result.Records[1].Truncated);
        Assert.Equal(1000, result.Records[1].Text.Length);
        Assert.False(result.Records[0].Truncated);
        IngestionRunner.AssertCoverage(result);
    }

    [Fact]
    public void ChunkBoundaries_DoNotSplitLinesCrLfOrCharacters()
    {
        // Lines of multi-byte characters and CRLF endings spread over many 64K decode chunks.
        var sb = new StringBuilder();
        for (var i = 0; i < 20_000; i++)
        {
            sb.Append("2026-03-02 10:14:07 INFO naïve café ✓ ").Append(i).Append("\r\n");
        }

        var result = IngestionRunner.Bytes(Encoding.UTF8.GetBytes(sb.ToString()));
        Assert.Equal(20_000, result.Summary.TotalLines);
        Assert.Equal(20_000, result.Records.Count);
        Assert.Equal(0, result.Summary.InvalidBytesReplaced);
        Assert.Equal(0, result.Summary.BlankLines);
        for (var i = 0; i < result.Records.Count; i += 997)
        {
            Assert.Equal("naïve café ✓ " + i, result.Records[i].Message);
        }
    }

    [Fact]
    public void StringAndBytes_GiveTheSameRecords()
    {
        var text = TraceSamples.Java + TraceSamples.Python + "plain line\n";
        var fromText = IngestionRunner.Text(text);
        var fromBytes = IngestionRunner.Bytes(Encoding.UTF8.GetBytes(text));
        Assert.Equal(Snapshot(fromText), Snapshot(fromBytes));
    }

    internal static string Snapshot(IngestionResult result) =>
        System.Text.Json.JsonSerializer.Serialize(result.Records, Core.Model.AnalysisJson.Options);
}
