using LogAnalyzer.Web.Api;
using Microsoft.AspNetCore.Http;

namespace LogAnalyzer.Tests.Web;

public sealed class RequestBodyReaderTests
{
    [Fact]
    public async Task DeclaredContentLength_ReservesNothing_TheBufferGrowsWithWhatArrives()
    {
        var context = new DefaultHttpContext();
        context.Request.ContentLength = 40_000_000; // declared, never sent
        context.Request.Body = new MemoryStream(new byte[100]);
        await RequestBodyReader.ReadAsync(context, 50_000_000, CancellationToken.None); // warm the pool and the JIT
        context.Request.Body = new MemoryStream(new byte[100]);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var body = await RequestBodyReader.ReadAsync(context, 50_000_000, CancellationToken.None);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(100, body!.Length);
        Assert.True(allocated < 1_000_000, $"reading 100 bytes allocated {allocated:N0} B");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(16 * 1024)]
    [InlineData((16 * 1024) + 1)]
    [InlineData(3_000_001)]
    public async Task ReadsEveryByte_InOrder(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);

        var body = await RequestBodyReader.ReadAsync(new TrickleStream(data), 5_000_000, CancellationToken.None);

        Assert.Equal(data, body);
    }

    [Fact]
    public async Task PastTheLimit_IsNull()
    {
        Assert.Null(await RequestBodyReader.ReadAsync(new MemoryStream(new byte[1001]), 1000, CancellationToken.None));
        Assert.NotNull(await RequestBodyReader.ReadAsync(new MemoryStream(new byte[1000]), 1000, CancellationToken.None));
    }

    /// <summary>Hands out at most 7,000 bytes per read, as a network would.</summary>
    private sealed class TrickleStream(byte[] data) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 7_000)], cancellationToken);
    }
}
