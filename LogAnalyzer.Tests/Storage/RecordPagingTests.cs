using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using LogAnalyzer.Tests.Support;
using Microsoft.Data.Sqlite;

namespace LogAnalyzer.Tests.Storage;

/// <summary>Issue 15 item 2: <c>GET /api/v1/analyses/{id}/records?offset=&amp;limit=</c> reaches every record of a saved analysis.</summary>
public sealed class RecordPagingTests
{
    private const string Key = "team-key-0123456789abcdef";

    /// <summary><paramref name="count"/> lines, one record each, line n says "request n".</summary>
    private static string Lines(int count, string level = "INFO")
    {
        var text = new StringBuilder();
        for (var i = 1; i <= count; i++)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"2026-03-02 10:{i / 60 % 60:00}:{i % 60:00},000 {level} [main] shop.Api - request {i} served in {i % 97} ms\n");
        }

        return text.ToString();
    }

    private static AppFactory App(Dictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?> { ["Api:MaxRecords"] = "50", ["RateLimiting:AnalysesPerMinute"] = "0" };
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        return new AppFactory(all);
    }

    /// <summary>Follows <c>next</c> from offset 0 and returns every record and every page's JSON.</summary>
    private static async Task<(List<JsonNode> Records, List<JsonNode> Pages)> PageAllAsync(HttpClient client, string id, int limit)
    {
        var records = new List<JsonNode>();
        var pages = new List<JsonNode>();
        int? offset = 0;
        while (offset is { } from)
        {
            using var response = await client.GetAsync($"/api/v1/analyses/{id}/records?offset={from}&limit={limit}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
            var page = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            pages.Add(page);
            Assert.Equal(from, page["offset"]!.GetValue<int>());
            Assert.Equal(limit, page["limit"]!.GetValue<int>());
            var items = page["records"]!.AsArray();
            Assert.InRange(items.Count, 1, limit);
            records.AddRange(items.Select(r => r!.DeepClone()));
            offset = page["next"]?.GetValue<int>();
            Assert.True(pages.Count < 1_000, "paging did not end");
        }

        return (records, pages);
    }

    [Fact]
    public async Task MoreRecordsThanMaxRecords_ThePostSaysHowToPage_AndPagingReachesEveryRecordInOrder()
    {
        await using var app = App();
        using var client = app.CreateClient();
        using var posted = await client.PostAsJsonAsync("/api/v1/analyses", new { text = Lines(237) });
        var document = JsonNode.Parse(await posted.Content.ReadAsStringAsync())!;
        var id = document["id"]!.GetValue<string>();

        Assert.Equal(50, document["records"]!.AsArray().Count);
        Assert.Equal(187, document["truncated"]!["records"]!.GetValue<int>());
        var next = document["truncated"]!["recordsNext"]!.GetValue<string>();
        Assert.Equal($"/api/v1/analyses/{id}/records?offset=50&limit=1000", next);

        var (records, pages) = await PageAllAsync(client, id, 40);

        Assert.Equal(237, records.Count);
        Assert.Equal(6, pages.Count); // 5 × 40 + 37
        Assert.All(pages, p => Assert.Equal(237, p["total"]!.GetValue<int>()));
        Assert.All(pages, p => Assert.Equal(0, p["notStored"]!.GetValue<int>()));
        Assert.Null(pages[^1]["next"]);
        for (var i = 0; i < records.Count; i++)
        {
            Assert.Equal(i, records[i]["index"]!.GetValue<int>());
            Assert.Equal(i + 1, records[i]["lineStart"]!.GetValue<int>());
            Assert.Contains($"request {i + 1} served", records[i]["text"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        // The page the POST points at, and the records the POST carried, are the same records.
        var fromLink = JsonNode.Parse(await client.GetStringAsync(next))!["records"]!.AsArray();
        Assert.Equal(187, fromLink.Count);
        Assert.True(JsonNode.DeepEquals(records[50], fromLink[0]));
        for (var i = 0; i < 50; i++)
        {
            Assert.True(JsonNode.DeepEquals(document["records"]![i], records[i]), $"record {i} differs between the POST and its page");
        }
    }

    [Fact]
    public async Task RecordsHeldInChunks_AreNotAlsoWrittenInTheDocument_AndTheGetPutsThemBack()
    {
        await using var app = App(new() { ["Api:MaxRecords"] = "1000" });
        using var client = app.CreateClient();
        using var posted = await client.PostAsJsonAsync("/api/v1/analyses", new { text = Lines(300) });
        var document = JsonNode.Parse(await posted.Content.ReadAsStringAsync())!;
        var id = document["id"]!.GetValue<string>();

        await using var db = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "analyses.db")};Pooling=False");
        var row = JsonNode.Parse(await db.ExecuteScalarAsync<string>("SELECT document FROM analyses WHERE id = @id;", new { id }) ?? "")!;
        var chunkBytes = await db.ExecuteScalarAsync<long>("SELECT SUM(LENGTH(data)) FROM analysis_records WHERE analysis_id = @id;", new { id });
        var read = JsonNode.Parse(await client.GetStringAsync($"/api/v1/analyses/{id}"))!;

        Assert.Null(row["records"]);
        Assert.Equal(300, document["records"]!.AsArray().Count);
        Assert.True(JsonNode.DeepEquals(document, read), "the saved document read back differs from the POST's");
        Assert.InRange(chunkBytes, 1, document["records"]!.ToJsonString().Length / 4); // compact: under a quarter of the JSON
    }

    [Fact]
    public async Task MoreRecordsThanMaxRecords_TheGetAnswersWhatThePostDid_NotEveryStoredRecord()
    {
        // Api:MaxRecords is 50: the POST sends 50 of 300 records and says where the rest is; the GET must not put all
        // 300 stored records back (for a 20 MB paste that is hundreds of thousands of records in one answer).
        await using var app = App();
        using var client = app.CreateClient();
        using var posted = await client.PostAsJsonAsync("/api/v1/analyses", new { text = Lines(300) });
        var document = JsonNode.Parse(await posted.Content.ReadAsStringAsync())!;
        var id = document["id"]!.GetValue<string>();

        using var got = await client.GetAsync($"/api/v1/analyses/{id}");
        var read = JsonNode.Parse(await got.Content.ReadAsStringAsync())!;

        Assert.Equal(50, document["records"]!.AsArray().Count);
        Assert.Equal(250, document["truncated"]!["records"]!.GetValue<int>());
        Assert.True(JsonNode.DeepEquals(document, read), $"the GET differs from the POST: {read["records"]!.AsArray().Count} records, truncated {read["truncated"]?.ToJsonString()}");
        Assert.Equal("no-store", got.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task PostedWithoutRecords_EveryRecordCanStillBePaged_AndTheDocumentStaysWithoutThem()
    {
        await using var app = App();
        using var client = app.CreateClient();
        using var posted = await client.PostAsJsonAsync("/api/v1/analyses", new { text = Lines(120, "ERROR"), includeRecords = false });
        var document = JsonNode.Parse(await posted.Content.ReadAsStringAsync())!;
        var id = document["id"]!.GetValue<string>();
        Assert.Null(document["records"]);
        Assert.Null(document["truncated"]);

        var (records, _) = await PageAllAsync(client, id, 1000);

        Assert.Equal(Enumerable.Range(1, 120), records.Select(r => r["lineStart"]!.GetValue<int>()));
        Assert.All(records, r => Assert.Equal("Error", r["level"]!.GetValue<string>()));
        var saved = JsonNode.Parse(await client.GetStringAsync($"/api/v1/analyses/{id}"))!;
        Assert.Null(saved["records"]);
    }

    [Fact]
    public async Task WithoutLimit_APageIsApiRecordsPageSize_AndAnOffsetPastTheEndIsAnEmptyLastPage()
    {
        await using var app = App(new() { ["Api:RecordsPageSize"] = "30" });
        using var client = app.CreateClient();
        var id = await PostAsync(client, Lines(45));

        var first = JsonNode.Parse(await client.GetStringAsync($"/api/v1/analyses/{id}/records"))!;
        var past = JsonNode.Parse(await client.GetStringAsync($"/api/v1/analyses/{id}/records?offset=500"))!;

        Assert.Equal(30, first["records"]!.AsArray().Count);
        Assert.Equal(30, first["limit"]!.GetValue<int>());
        Assert.Equal(30, first["next"]!.GetValue<int>());
        Assert.Empty(past["records"]!.AsArray());
        Assert.Null(past["next"]);
        Assert.Equal(45, past["total"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("?offset=-1", HttpStatusCode.BadRequest, "offset")]
    [InlineData("?offset=abc", HttpStatusCode.BadRequest, "offset")]
    [InlineData("?offset=1.5", HttpStatusCode.BadRequest, "offset")]
    [InlineData("?offset=99999999999", HttpStatusCode.BadRequest, "offset")]
    [InlineData("?limit=0", HttpStatusCode.BadRequest, "limit")]
    [InlineData("?limit=10001", HttpStatusCode.BadRequest, "limit")]
    [InlineData("?limit=ten", HttpStatusCode.BadRequest, "limit")]
    public async Task BadOffsetOrLimit_Is400ProblemDetails_NamingTheParameter(string query, HttpStatusCode expected, string parameter)
    {
        await using var app = App();
        using var client = app.CreateClient();
        var id = await PostAsync(client, Lines(3));

        using var response = await client.GetAsync($"/api/v1/analyses/{id}/records{query}");

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.StartsWith(parameter, problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef", HttpStatusCode.NotFound)]
    [InlineData("not-an-id", HttpStatusCode.BadRequest)]
    public async Task UnknownId_Is404_MalformedId_Is400(string id, HttpStatusCode expected)
    {
        await using var app = App();
        using var client = app.CreateClient();

        using var response = await client.GetAsync($"/api/v1/analyses/{id}/records?offset=0&limit=10");

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AfterDelete_ThePagesAre404_AndTheStoredRecordsAreGone()
    {
        await using var app = App();
        using var client = app.CreateClient();
        var id = await PostAsync(client, Lines(80));
        Assert.Equal(1, await ChunkRowsAsync(app, id));

        using var deleted = await client.DeleteAsync($"/api/v1/analyses/{id}");
        using var page = await client.GetAsync($"/api/v1/analyses/{id}/records");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal(0, await ChunkRowsAsync(app, id));
    }

    [Fact]
    public async Task StoredRecordsAreBounded_ThePagesAndTheStorageNoteSayHowManyWereNotStored()
    {
        // 65,536 estimated bytes: each record here is estimated at about 200 + 2 × 75 bytes, so about 187 are kept.
        await using var app = App(new() { ["Storage:MaxStoredRecordBytes"] = "65536" });
        using var client = app.CreateClient();
        using var posted = await client.PostAsJsonAsync("/api/v1/analyses", new { text = Lines(600) });
        var document = JsonNode.Parse(await posted.Content.ReadAsStringAsync())!;
        var id = document["id"]!.GetValue<string>();

        var (records, pages) = await PageAllAsync(client, id, 100);

        var total = pages[0]["total"]!.GetValue<int>();
        Assert.InRange(total, 100, 599);
        Assert.Equal(total, records.Count);
        Assert.All(pages, p => Assert.Equal(600 - total, p["notStored"]!.GetValue<int>()));
        Assert.Equal(Enumerable.Range(1, total), records.Select(r => r["lineStart"]!.GetValue<int>()));
        Assert.Contains($"Records {total + 1}–600 were not stored", document["storageNote"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAnalysisSavedBeforeRecordsWereStoredApart_PagesTheRecordsOfItsDocument()
    {
        await using var app = App(new() { ["Api:MaxRecords"] = "1000" });
        using var client = app.CreateClient();
        var id = await PostAsync(client, Lines(25));
        var whole = await client.GetStringAsync($"/api/v1/analyses/{id}");
        await using (var db = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "analyses.db")};Pooling=False"))
        {
            // As a version-2 row: the records inside the document, none apart.
            await db.ExecuteAsync(
                "UPDATE analyses SET records_stored = NULL, records_total = NULL, records_apart = NULL, document = @whole; DELETE FROM analysis_records;",
                new { whole });
        }

        var (records, pages) = await PageAllAsync(client, id, 10);

        Assert.Equal(Enumerable.Range(1, 25), records.Select(r => r["lineStart"]!.GetValue<int>()));
        Assert.Equal(25, pages[0]["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task SharedKey_PagesNeedTheKey_LikeTheDocument()
    {
        await using var app = App(new() { ["Access:Mode"] = "SharedKey", ["Access:ApiKey"] = Key });
        using var client = app.CreateClient();
        using var post = new HttpRequestMessage(HttpMethod.Post, "/api/v1/analyses") { Content = JsonContent.Create(new { text = Lines(5) }) };
        post.Headers.Add("X-Api-Key", Key);
        using var posted = await client.SendAsync(post);
        var id = JsonNode.Parse(await posted.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();

        using var anonymous = await client.GetAsync($"/api/v1/analyses/{id}/records");
        using var keyed = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/analyses/{id}/records");
        keyed.Headers.Add("X-Api-Key", Key);
        using var withKey = await client.SendAsync(keyed);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withKey.StatusCode);
        Assert.Equal(5, JsonNode.Parse(await withKey.Content.ReadAsStringAsync())!["records"]!.AsArray().Count);
    }

    private static async Task<string> PostAsync(HttpClient client, string text)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/analyses", new { text });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(document["saved"]!.GetValue<bool>(), document["storageNote"]?.GetValue<string>());
        return document["id"]!.GetValue<string>();
    }

    private static async Task<long> ChunkRowsAsync(AppFactory app, string id)
    {
        await using var db = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "analyses.db")};Pooling=False");
        return await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM analysis_records WHERE analysis_id = @id;", new { id });
    }
}
