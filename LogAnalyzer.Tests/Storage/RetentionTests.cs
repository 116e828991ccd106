using System.Net;
using Dapper;
using LogAnalyzer.Tests.Support;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LogAnalyzer.Tests.Storage;

public sealed class RetentionTests
{
    [Fact]
    public async Task TheRetentionService_DeletesAnalysesOlderThanRetentionDays_AndKeepsNewerOnes()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero));
        await using var app = new AppFactory(new Dictionary<string, string?> { ["Storage:RetentionDays"] = "7", ["Storage:SweepIntervalMinutes"] = "60" });
        await using var factory = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        using var client = factory.CreateClient();
        var old = await SavedAnalysisApiTests.PostAsync(client, StoragePastes.Before);
        clock.Advance(TimeSpan.FromDays(6));
        var recent = await SavedAnalysisApiTests.PostAsync(client, StoragePastes.After);

        // 8 days after the first: the hourly sweep (on the same clock) must remove it, and only it.
        clock.Advance(TimeSpan.FromDays(2));
        var deadline = DateTime.UtcNow.AddSeconds(15);
        HttpStatusCode status;
        do
        {
            clock.Advance(TimeSpan.FromMinutes(60));
            using var response = await client.GetAsync($"/api/v1/analyses/{old}");
            status = response.StatusCode;
            if (status == HttpStatusCode.NotFound)
            {
                break;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Equal(HttpStatusCode.NotFound, status);
        using var kept = await client.GetAsync($"/api/v1/analyses/{recent}");
        Assert.Equal(HttpStatusCode.OK, kept.StatusCode);

        // The records stored apart for paging go with their analysis.
        await using var db = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "analyses.db")};Pooling=False");
        Assert.Equal(0, await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM analysis_records WHERE analysis_id = @old;", new { old }));
        Assert.Equal(1, await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM analysis_records WHERE analysis_id = @recent;", new { recent }));
    }
}
