using LogAnalyzer.Core.Model;
using LogAnalyzer.Web.Api;
using LogAnalyzer.Web.Storage;

namespace LogAnalyzer.Tests.Storage;

public sealed class RecordChunksTests
{
    private static List<LogRecord> Records(int count, int textLength) =>
        [.. Enumerable.Range(0, count).Select(i => new LogRecord
        {
            Index = i, LineStart = i + 1, LineEnd = i + 1, Format = LogFormat.TextLayout,
            Message = $"m{i}", Text = $"{i}:" + new string('x', textLength),
        })];

    [Fact]
    public void Chunks_HoldAThousandRecords_InOrder_AndReadBackAsWritten()
    {
        var records = Records(2_500, 10);

        var chunks = RecordChunks.Encode(records, long.MaxValue).ToList();

        Assert.Equal([(0, 1_000), (1_000, 1_000), (2_000, 500)], chunks.Select(c => (c.FirstIndex, c.Count)));
        Assert.Equal(records.Select(r => r.Text), chunks.SelectMany(RecordChunks.Decode).Select(r => r.Text));
    }

    [Fact]
    public void AChunkEndsOnceItsJsonPassesAMegabyte()
    {
        var records = Records(40, 100_000); // ~100 KB each: a chunk takes records until it holds 1 MB or more

        var chunks = RecordChunks.Encode(records, long.MaxValue).ToList();

        var perChunk = (int)Math.Ceiling((double)RecordChunks.MaxChunkBytes / ResponseBounds.EstimateBytes(records[0]));
        Assert.All(chunks[..^1], c => Assert.Equal(perChunk, c.Count));
        Assert.Equal(40, chunks.Sum(c => c.Count));
        Assert.Equal(Enumerable.Range(0, chunks.Count).Select(k => k * perChunk), chunks.Select(c => c.FirstIndex));
    }

    [Fact]
    public void OnlyTheFirstRecordsWithinTheByteBudget_AreStored()
    {
        var records = Records(2_500, 10);
        var budget = records.Take(1_234).Sum(ResponseBounds.EstimateBytes) + (ResponseBounds.EstimateBytes(records[1_234]) / 2);

        var chunks = RecordChunks.Encode(records, budget).ToList();

        Assert.Equal([(0, 1_000), (1_000, 234)], chunks.Select(c => (c.FirstIndex, c.Count)));
    }
}
