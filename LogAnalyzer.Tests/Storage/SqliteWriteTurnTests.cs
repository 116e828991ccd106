using LogAnalyzer.Web.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace LogAnalyzer.Tests.Storage;

/// <summary>
/// SQLite takes one writer at a time and Microsoft.Data.Sqlite makes a writer that finds the file locked sleep its thread
/// in 150 ms steps; the store's writers therefore queue for their turn in memory instead (issue 15: API load test p95).
/// </summary>
public sealed class SqliteWriteTurnTests
{
    [Fact]
    public async Task Save_WaitsForTheWriteTurn_WhileReadsDoNot()
    {
        var (dialect, store) = await NewStoreAsync();
        await using var _ = store;

        var turn = await dialect.EnterWriteAsync(CancellationToken.None);
        var save = store.SaveAsync(Row("0123456789abcdef0123456789abcd01"), [new RecordChunk(0, 1, [1, 2, 3])], CancellationToken.None);
        await Task.Delay(200);

        Assert.False(save.IsCompleted); // queued, not sleeping on the file lock, not failed
        Assert.Null(await store.GetDocumentAsync("0123456789abcdef0123456789abcd01", CancellationToken.None)); // readers go on
        turn!.Dispose();
        await save.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.NotNull(await store.GetDocumentAsync("0123456789abcdef0123456789abcd01", CancellationToken.None));
    }

    [Fact]
    public async Task DeletesAndRetentionSweeps_TakeTheWriteTurnToo()
    {
        var (dialect, store) = await NewStoreAsync();
        await using var _ = store;
        await store.SaveAsync(Row("0123456789abcdef0123456789abcd02"), null, CancellationToken.None);

        var turn = await dialect.EnterWriteAsync(CancellationToken.None);
        var delete = store.DeleteAsync("0123456789abcdef0123456789abcd02", null, CancellationToken.None);
        var sweep = store.DeleteCreatedBeforeAsync(DateTimeOffset.UnixEpoch, CancellationToken.None);
        await Task.Delay(200);

        Assert.False(delete.IsCompleted);
        Assert.False(sweep.IsCompleted);
        turn!.Dispose();
        Assert.True(await delete.WaitAsync(TimeSpan.FromSeconds(30)));
        await sweep.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task ManyConcurrentSaves_AllLand()
    {
        var (_, store) = await NewStoreAsync();
        await using var _ = store;
        var ids = Enumerable.Range(0, 40).Select(i => $"0123456789abcdef0123456789ab{i:x4}").ToList();

        await Task.WhenAll(ids.Select(id => Task.Run(() => store.SaveAsync(Row(id), [new RecordChunk(0, 2, new byte[4096]), new RecordChunk(2, 1, new byte[512])], CancellationToken.None))));

        foreach (var id in ids)
        {
            Assert.NotNull(await store.GetDocumentAsync(id, CancellationToken.None));
        }
    }

    private static async Task<(SqliteDialect Dialect, AnalysisStore Store)> NewStoreAsync()
    {
        var folder = Directory.CreateTempSubdirectory("loganalyzer-turn-");
        var dialect = new SqliteDialect(Path.Combine(folder.FullName, "analyses.db"));
        var store = new AnalysisStore(dialect, NullLogger<AnalysisStore>.Instance);
        await store.EnsureReadyAsync(CancellationToken.None);
        return (dialect, store);
    }

    private static StoredAnalysis Row(string id) =>
        new(id, DateTimeOffset.UtcNow, "t", 1, 0, null, false, $"{{\"id\":\"{id}\"}}", null);
}
