using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using LogAnalyzer.Core.Storage;
using LogAnalyzer.Tests.Support;

namespace LogAnalyzer.Tests.Storage;

public sealed class SavedAnalysisApiTests
{
    private const string Secret = "hunter2-Secret-Value";

    [Fact]
    public async Task Post_ThenANewAppOnTheSameSqliteFile_GetReturnsTheSameDocument()
    {
        string posted;
        string folder;
        await using (var first = new AppFactory(new Dictionary<string, string?>()))
        {
            folder = first.DataDirectory;
            using var client = first.CreateClient();
            using var response = await client.PostAsJsonAsync("/api/v1/analyses", new { text = StoragePastes.Before });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            posted = await response.Content.ReadAsStringAsync();
        }

        Assert.True(File.Exists(Path.Combine(folder, "analyses.db")));
        var id = JsonNode.Parse(posted)!["id"]!.GetValue<string>();
        Assert.True(AnalysisId.IsWellFormed(id));
        Assert.True(JsonNode.Parse(posted)!["saved"]!.GetValue<bool>());

        await using var second = new AppFactory(new Dictionary<string, string?> { ["Storage:DataDirectory"] = folder });
        using var reader = second.CreateClient();
        var read = await reader.GetStringAsync($"/api/v1/analyses/{id}");

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(posted), JsonNode.Parse(read)), "The saved document differs from the one the POST returned.");
    }

    [Fact]
    public async Task Ids_Are128BitRandomHex_AndDistinct()
    {
        var ids = Enumerable.Range(0, 50).Select(_ => AnalysisId.New()).ToHashSet();

        Assert.Equal(50, ids.Count);
        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{32}$", id));
        Assert.False(AnalysisId.IsWellFormed("0123456789ABCDEF0123456789abcdef"));
        Assert.False(AnalysisId.IsWellFormed("../../etc/passwd"));
        await Task.CompletedTask;
    }

    [Theory]
    [InlineData("/api/v1/analyses/0123456789abcdef0123456789abcdef", HttpStatusCode.NotFound)]
    [InlineData("/api/v1/analyses/not-an-id", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/analyses/0123456789ABCDEF0123456789ABCDEF", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/analyses/0123456789abcdef0123456789abcdef/compare/fedcba9876543210fedcba9876543210", HttpStatusCode.NotFound)]
    [InlineData("/api/v1/analyses/0123456789abcdef0123456789abcdef/compare/x", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/analyses?limit=0", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/analyses?limit=1000", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/analyses?before=yesterday-ish", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/analyses?before=0123456789abcdef0123456789abcdef", HttpStatusCode.NotFound)]
    public async Task BadOrUnknownIds_AnswerProblemDetails_Never500(string path, HttpStatusCode expected)
    {
        await using var factory = new AppFactory(new Dictionary<string, string?>());
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task Delete_RemovesAtOnce_ThenGetAndDeleteAre404()
    {
        await using var factory = new AppFactory(new Dictionary<string, string?>());
        using var client = factory.CreateClient();
        var id = await PostAsync(client, StoragePastes.Before);

        using var deleted = await client.DeleteAsync($"/api/v1/analyses/{id}");
        using var get = await client.GetAsync($"/api/v1/analyses/{id}");
        using var again = await client.DeleteAsync($"/api/v1/analyses/{id}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task List_IsNewestFirst_WithSummaryFields_AndPagesWithBefore()
    {
        await using var factory = new AppFactory(new Dictionary<string, string?>());
        using var client = factory.CreateClient();
        var first = await PostAsync(client, StoragePastes.Before);
        await Task.Delay(5);
        var second = await PostAsync(client, StoragePastes.After);
        await Task.Delay(5);
        var third = await PostAsync(client, "2026-03-02 10:00:01,000 INFO [main] shop.Server - Started on port 8080\n");

        var page1 = JsonNode.Parse(await client.GetStringAsync("/api/v1/analyses?limit=2"))!;
        var items = page1["items"]!.AsArray();
        Assert.Equal([third, second], items.Select(i => i!["id"]!.GetValue<string>()));
        Assert.Equal(second, page1["next"]!.GetValue<string>());
        var secondItem = items[1]!;
        Assert.Equal(6, secondItem["lines"]!.GetValue<int>());
        Assert.Equal(3, secondItem["groups"]!.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(secondItem["title"]!.GetValue<string>()));
        Assert.True(secondItem.AsObject().ContainsKey("topIncidentCategory"));
        Assert.True(secondItem.AsObject().ContainsKey("createdAt"));

        var page2 = JsonNode.Parse(await client.GetStringAsync($"/api/v1/analyses?limit=2&before={second}"))!;
        Assert.Equal([first], page2["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
        Assert.Null(page2["next"]);
    }

    [Fact]
    public async Task Compare_FixedErrorIsResolved_NewOneIsNew_CountChangeIsChanged_SameIsUnchanged()
    {
        await using var factory = new AppFactory(new Dictionary<string, string?>());
        using var client = factory.CreateClient();
        var before = await PostAsync(client, StoragePastes.Before);
        var after = await PostAsync(client, StoragePastes.After);

        var comparison = JsonNode.Parse(await client.GetStringAsync($"/api/v1/analyses/{before}/compare/{after}"))!;

        var resolved = Assert.Single(comparison["resolved"]!.AsArray());
        Assert.Contains("Cart total is negative", resolved!["template"]!.GetValue<string>(), StringComparison.Ordinal);
        var added = Assert.Single(comparison["new"]!.AsArray());
        Assert.Contains("Payment gateway timed out", added!["template"]!.GetValue<string>(), StringComparison.Ordinal);
        var changed = Assert.Single(comparison["changed"]!.AsArray());
        Assert.Equal(2, changed!["before"]!["count"]!.GetValue<int>());
        Assert.Equal(3, changed["after"]!["count"]!.GetValue<int>());
        Assert.Equal(1, changed["countDelta"]!.GetValue<int>());
        Assert.Contains("count", changed["changes"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Contains("lastSeen", changed["changes"]!.AsArray().Select(c => c!.GetValue<string>()));
        var unchanged = Assert.Single(comparison["unchanged"]!.AsArray());
        Assert.Contains("Disk usage", unchanged!["template"]!.GetValue<string>(), StringComparison.Ordinal);
        var totals = comparison["totals"]!;
        Assert.Equal((1, 1, 1, 1), (totals["new"]!.GetValue<int>(), totals["resolved"]!.GetValue<int>(), totals["changed"]!.GetValue<int>(), totals["unchanged"]!.GetValue<int>()));
        Assert.Equal(before, comparison["before"]!["id"]!.GetValue<string>());

        // The other way round, the new error is the resolved one.
        var reverse = JsonNode.Parse(await client.GetStringAsync($"/api/v1/analyses/{after}/compare/{before}"))!;
        Assert.Contains("Payment gateway", Assert.Single(reverse["resolved"]!.AsArray())!["template"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Input_IsNotKeptByDefault_AndKeptRedactedWhenAsked()
    {
        var paste = $"2026-03-02 10:00:02,000 ERROR [pool-1] shop.Db - Login failed password={Secret} for user app\n";
        await using (var plain = new AppFactory(new Dictionary<string, string?>()))
        {
            using var client = plain.CreateClient();
            var id = await PostAsync(client, paste);
            using var input = await client.GetAsync($"/api/v1/analyses/{id}/input");
            Assert.Equal(HttpStatusCode.NotFound, input.StatusCode);
            Assert.Contains("KeepInput", await input.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.DoesNotContain(Secret, await client.GetStringAsync($"/api/v1/analyses/{id}"), StringComparison.Ordinal);
        }

        await using var keeping = new AppFactory(new Dictionary<string, string?> { ["Storage:KeepInput"] = "true" });
        using var keeper = keeping.CreateClient();
        var kept = await PostAsync(keeper, paste);
        var text = await keeper.GetStringAsync($"/api/v1/analyses/{kept}/input");

        Assert.Contains("Login failed", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DocumentOverMaxBytes_RecordsKeptApart_IsSavedWhole()
    {
        // The records go to their own compressed chunks, so the document row is small and nothing is left out.
        await using var factory = new AppFactory(new Dictionary<string, string?> { ["Storage:MaxDocumentBytes"] = "65536" });
        using var client = factory.CreateClient();
        var lines = string.Concat(Enumerable.Range(0, 600).Select(i => $"2026-03-02 10:00:{i % 60:00},000 INFO [main] shop.Worker - Processed batch {i} of the nightly export\n"));

        using var response = await client.PostAsJsonAsync("/api/v1/analyses", new { text = lines });
        var posted = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var saved = JsonNode.Parse(await client.GetStringAsync($"/api/v1/analyses/{posted["id"]!.GetValue<string>()}"))!;

        Assert.True(posted["saved"]!.GetValue<bool>());
        Assert.Null(posted["storageNote"]);
        Assert.Equal(600, saved["records"]!.AsArray().Count);
    }

    [Fact]
    public async Task DocumentOverMaxBytes_IsSavedWithoutRecords_AndSaysSo()
    {
        await using var factory = new AppFactory(new Dictionary<string, string?>
        {
            ["Storage:MaxDocumentBytes"] = "65536",
            ["Storage:MaxStoredRecordBytes"] = "20000", // the chunks hold only the first records: the document must carry them all
        });
        using var client = factory.CreateClient();
        var lines = string.Concat(Enumerable.Range(0, 600).Select(i => $"2026-03-02 10:00:{i % 60:00},000 INFO [main] shop.Worker - Processed batch {i} of the nightly export\n"));

        using var response = await client.PostAsJsonAsync("/api/v1/analyses", new { text = lines });
        var posted = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var saved = JsonNode.Parse(await client.GetStringAsync($"/api/v1/analyses/{posted["id"]!.GetValue<string>()}"))!;

        Assert.Equal(600, posted["records"]!.AsArray().Count);
        Assert.True(posted["saved"]!.GetValue<bool>());
        Assert.Contains("without the per-record list", posted["storageNote"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(saved["records"]);
        Assert.Equal(posted["storageNote"]!.GetValue<string>(), saved["storageNote"]!.GetValue<string>());
        Assert.Equal(600, saved["summary"]!["totalRecords"]!.GetValue<int>());
    }

    [Fact]
    public async Task DatabaseDownAtStart_AppStarts_ReadySaysSo_AnalysesRunUnsaved_ReadsAre503()
    {
        await using var factory = new AppFactory(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Analyses"] = "Host=127.0.0.1;Port=1;Database=none;Username=none;Password=none;Timeout=1",
        });
        using var client = factory.CreateClient();

        using var ready = JsonDocument.Parse(await client.GetStringAsync("/health/ready"));
        var store = ready.RootElement.GetProperty("checks").GetProperty("store");
        Assert.Equal("Degraded", store.GetProperty("status").GetString());
        Assert.Contains("unavailable", store.GetProperty("description").GetString(), StringComparison.Ordinal);

        using var response = await client.PostAsJsonAsync("/api/v1/analyses", new { text = StoragePastes.Before });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.False(document["saved"]!.GetValue<bool>());
        Assert.StartsWith("Not saved", document["storageNote"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(3, document["groups"]!.AsArray().Count);

        using var read = await client.GetAsync($"/api/v1/analyses/{document["id"]!.GetValue<string>()}");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, read.StatusCode);
        Assert.Equal("application/problem+json", read.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AccessControl_CoversSavedAnalyses()
    {
        await using var factory = new AppFactory(new Dictionary<string, string?>
        {
            ["Access:Mode"] = "SharedKey",
            ["Access:ApiKey"] = "team-key-0123456789abcdef",
        });
        using var client = factory.CreateClient();

        foreach (var path in new[] { "/api/v1/analyses", "/api/v1/analyses/0123456789abcdef0123456789abcdef", "/api/v1/analyses/0123456789abcdef0123456789abcdef/compare/0123456789abcdef0123456789abcdef" })
        {
            using var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        using var delete = await client.DeleteAsync("/api/v1/analyses/0123456789abcdef0123456789abcdef");
        Assert.Equal(HttpStatusCode.Unauthorized, delete.StatusCode);
    }

    [Fact]
    public async Task InvalidStorageSettings_StopTheAppAtStart()
    {
        await using var factory = new AppFactory(new Dictionary<string, string?> { ["Storage:RetentionDays"] = "0" });

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("RetentionDays", error.ToString(), StringComparison.Ordinal);
    }

    internal static async Task<string> PostAsync(HttpClient client, string text)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/analyses", new { text });
        response.EnsureSuccessStatusCode();
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(document["saved"]!.GetValue<bool>(), document["storageNote"]?.GetValue<string>());
        return document["id"]!.GetValue<string>();
    }
}
