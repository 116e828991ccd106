using System.IO.Compression;
using System.Text;
using LogAnalyzer.Web.Input;

namespace LogAnalyzer.Tests.Web.Input;

public sealed class LogFileReaderTests
{
    private const string Log = "2026-03-02 10:14:07,120 INFO  [main] app - started\n2026-03-02 10:14:09,001 ERROR [main] app - failed\n";

    [Fact]
    public async Task PlainFile_IsReadAsIs()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(Log));
        var file = await LogFileReader.ReadAsync("app.log", stream.Length, stream, 1024, CancellationToken.None);

        Assert.False(file.Decompressed);
        Assert.Equal(Log, Encoding.UTF8.GetString(file.Content.Span));
    }

    [Fact]
    public async Task GzipFile_IsUnpacked()
    {
        var packed = Gzip(Log);
        using var stream = new MemoryStream(packed);
        var file = await LogFileReader.ReadAsync("app.log.gz", packed.Length, stream, 1024, CancellationToken.None);

        Assert.True(file.Decompressed);
        Assert.Equal(packed.Length, file.FileSize);
        Assert.Equal(Log, Encoding.UTF8.GetString(file.Content.Span));
    }

    [Fact]
    public async Task GzipBomb_OverTheLimitWhenUnpacked_IsRejectedWithMessage()
    {
        var packed = Gzip(new string('x', 64 * 1024));
        using var stream = new MemoryStream(packed);

        var ex = await Assert.ThrowsAsync<LogFileException>(() => LogFileReader.ReadAsync("big.gz", packed.Length, stream, 4096, CancellationToken.None));

        Assert.Contains("unpacks to more than the limit of 4 KB", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BrokenGzip_IsRejectedWithMessage()
    {
        using var stream = new MemoryStream([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);

        var ex = await Assert.ThrowsAsync<LogFileException>(() => LogFileReader.ReadAsync("app.gz", 16, stream, 4096, CancellationToken.None));

        Assert.Contains("not a valid gzip file", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamLongerThanLimit_IsRejected_EvenIfTheDeclaredSizeLied()
    {
        using var stream = new MemoryStream(new byte[5000]);

        var ex = await Assert.ThrowsAsync<LogFileException>(() => LogFileReader.ReadAsync("app.log", 10, stream, 4096, CancellationToken.None));

        Assert.Contains("over the limit of 4 KB", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("photo.png", 10, "not a log file")]
    [InlineData("app.log", 0, "is empty")]
    [InlineData("app.log", 5000, "over the limit of 4 KB")]
    public void Check_RejectsBeforeReading(string name, long size, string expected)
    {
        Assert.Contains(expected, LogFileReader.Check(name, size, 4096), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("app.log")]
    [InlineData("APP.TXT")]
    [InlineData("events.json")]
    [InlineData("app.log.gz")]
    public void Check_AcceptsLogFiles(string name) => Assert.Null(LogFileReader.Check(name, 100, 4096));

    private static byte[] Gzip(string text)
    {
        using var packed = new MemoryStream();
        using (var gzip = new GZipStream(packed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return packed.ToArray();
    }
}
