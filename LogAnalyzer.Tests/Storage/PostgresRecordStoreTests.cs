using LogAnalyzer.Core.Redaction;
using LogAnalyzer.Tests.Support;
using LogAnalyzer.Web.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Tests.Storage;

/// <summary>The records stored apart for paging (schema version 3) on PostgreSQL: BYTEA chunks, overlap query, delete.</summary>
public sealed class PostgresRecordStoreTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    [PostgresFact]
    public async Task RecordsSavedInChunks_PageBackInOrder_AndGoWithTheirAnalysis()
    {
        var text = string.Concat(Enumerable.Range(1, 2_500).Select(i => $"2026-03-02 10:00:00,000 WARN [main] shop.Api - slow request {i}\n"));
        var document = await Pipeline.AnalyzeAsync(text);
        await using var store = new AnalysisStore(new PostgresDialect(postgres.ConnectionString), NullLogger<AnalysisStore>.Instance);
        var archive = new AnalysisArchive(store, new SecretRedactor(), Options.Create(new StorageOptions()), NullLogger<AnalysisArchive>.Instance);

        var saved = await archive.SaveAsync(document with { Records = null }, null, null, document.Records, CancellationToken.None);
        var middle = await archive.GetRecordsAsync(document.Id, 999, 3, long.MaxValue, CancellationToken.None); // across chunks 1 and 2
        var last = await archive.GetRecordsAsync(document.Id, 2_499, 10, long.MaxValue, CancellationToken.None);

        Assert.True(saved.Saved, saved.StorageNote);
        Assert.Equal([1_000, 1_001, 1_002], middle!.Records.Select(r => r.LineStart));
        Assert.Equal(2_500, middle.Total);
        Assert.Equal(1_002, middle.Next);
        Assert.Equal("slow request 2500", Assert.Single(last!.Records).Message[^17..]);
        Assert.Null(last.Next);

        Assert.True(await store.DeleteAsync(document.Id, null, CancellationToken.None));
        Assert.Null(await archive.GetRecordsAsync(document.Id, 0, 10, long.MaxValue, CancellationToken.None));
    }
}

/// <summary>A fact that runs only where PostgreSQL is installed (the scale-out test's binaries), and says so otherwise.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (ScaleOutBinaries.PostgresBin is null)
        {
            Skip = "PostgreSQL is not installed. Run `bash scripts/test.sh`, which installs it.";
        }
    }
}
