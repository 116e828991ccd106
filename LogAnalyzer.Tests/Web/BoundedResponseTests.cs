using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using LogAnalyzer.Tests.Support;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Tests.Web;

/// <summary>Api:Max* caps every list of a response, says what was cut, and NDJSON streams every record on request.</summary>
public sealed class BoundedResponseTests
{
    private static readonly string[] Kinds = ["Connection refused", "Deadlock found", "Disk quota exceeded", "Certificate expired", "Lock wait timeout"];

    // Five kinds of error (five groups), each seen three times, with a few distinct info templates between them.
    private static readonly string Log = string.Join('\n', Enumerable.Range(0, 15).SelectMany(i => new[]
    {
        $"2026-03-02 10:14:{i:00},120 INFO  [main] app.Worker{i % 4} - step{i % 4} done in {i} ms",
        $"2026-03-02 10:14:{i:00},500 ERROR [pool-1] app.Db{i % 5} - {Kinds[i % 5]} while talking to db:{5432 + i}",
    })) + "\n";

    private static AppFactory App(Dictionary<string, string?>? settings = null) => new(settings ?? new Dictionary<string, string?>
    {
        ["RateLimiting:AnalysesPerMinute"] = "0",
    });

    [Fact]
    public async Task Capped_ListsCarryAtMostTheLimit_AndTruncatedCountsTheRest()
    {
        await using var open = App();
        await using var capped = App(new Dictionary<string, string?>
        {
            ["Api:MaxPatterns"] = "2", ["Api:MaxGroups"] = "2", ["Api:MaxInsights"] = "1", ["Api:MaxRecords"] = "7",
        });
        using var full = await PostAsync(open, Log);
        using var cut = await PostAsync(capped, Log);

        var whole = full.RootElement;
        var root = cut.RootElement;
        Assert.Equal(JsonValueKind.Null, whole.GetProperty("truncated").ValueKind);
        var truncated = root.GetProperty("truncated");
        foreach (var (list, max) in new[] { ("patterns", 2), ("groups", 2), ("insights", 1), ("records", 7) })
        {
            var total = whole.GetProperty(list).GetArrayLength();
            Assert.True(total > max, $"the fixture has more {list} ({total}) than the cap");
            Assert.Equal(max, root.GetProperty(list).GetArrayLength());
            Assert.Equal(total - max, truncated.GetProperty(list).GetInt32());
        }

        Assert.Equal(whole.GetProperty("summary").GetProperty("totalRecords").GetInt32(), root.GetProperty("summary").GetProperty("totalRecords").GetInt32());
        Assert.Equal(whole.GetProperty("groups")[0].GetProperty("id").GetString(), root.GetProperty("groups")[0].GetProperty("id").GetString());
        Assert.Equal(whole.GetProperty("records")[6].GetProperty("lineStart").GetInt32(), root.GetProperty("records")[6].GetProperty("lineStart").GetInt32());
    }

    [Fact]
    public async Task SavedAnalysis_IsStoredWithinTheLimits_AndGetAnswersWhatThePostDid()
    {
        await using var capped = App(new Dictionary<string, string?>
        {
            ["RateLimiting:AnalysesPerMinute"] = "0", ["Api:MaxPatterns"] = "2", ["Api:MaxGroups"] = "2", ["Api:MaxInsights"] = "1",
        });
        using var posted = await PostAsync(capped, Log);
        var id = posted.RootElement.GetProperty("id").GetString();
        using var client = capped.CreateClient();
        using var saved = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/analyses/{id}"));

        foreach (var list in new[] { "patterns", "groups", "insights" })
        {
            Assert.Equal(posted.RootElement.GetProperty(list).GetArrayLength(), saved.RootElement.GetProperty(list).GetArrayLength());
            Assert.Equal(posted.RootElement.GetProperty("truncated").GetProperty(list).GetInt32(), saved.RootElement.GetProperty("truncated").GetProperty(list).GetInt32());
        }

        Assert.True(posted.RootElement.GetProperty("truncated").GetProperty("patterns").GetInt32() > 0);
    }

    [Fact]
    public async Task ManyTinyLines_ResponseStaysSmall_WithAndWithoutRecords()
    {
        var text = string.Concat(Enumerable.Repeat("a\n", 1_000_000));
        await using var app = App();

        foreach (var includeRecords in new[] { true, false })
        {
            using var client = app.CreateClient();
            using var content = new StringContent(text, Encoding.UTF8, "text/plain");
            using var response = await client.PostAsync($"/api/v1/analyses?includeRecords={includeRecords}", content);
            var bytes = await response.Content.ReadAsByteArrayAsync();

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(bytes.Length < 64 * 1024 * 1024, $"response {bytes.Length:N0} B");
            using var json = JsonDocument.Parse(bytes);
            Assert.Equal(1_000_000, json.RootElement.GetProperty("summary").GetProperty("totalRecords").GetInt32());
            if (includeRecords)
            {
                Assert.Equal(100_000, json.RootElement.GetProperty("records").GetArrayLength());
                Assert.Equal(900_000, json.RootElement.GetProperty("truncated").GetProperty("records").GetInt32());
            }
        }
    }

    [Fact]
    public async Task LongRecords_StopAtTheByteBudget()
    {
        var text = string.Concat(Enumerable.Range(0, 40).Select(i => $"line {i} " + new string('x', 4_000) + "\n"));
        await using var app = App(new Dictionary<string, string?> { ["Api:MaxRecordBytes"] = "40000" });

        using var json = await PostAsync(app, text);

        var sent = json.RootElement.GetProperty("records").GetArrayLength();
        Assert.InRange(sent, 1, 5); // each record's text and message are ~8 KB of JSON
        Assert.Equal(40 - sent, json.RootElement.GetProperty("truncated").GetProperty("records").GetInt32());
    }

    [Fact]
    public async Task Ndjson_StreamsTheDocumentThenEveryRecord()
    {
        await using var app = App(new Dictionary<string, string?> { ["Api:MaxRecords"] = "3", ["RateLimiting:AnalysesPerMinute"] = "0" });
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/analyses") { Content = new StringContent(Log, Encoding.UTF8, "text/plain") };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/x-ndjson"));

        using var response = await client.SendAsync(request);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        using var header = JsonDocument.Parse(lines[0]);
        var total = header.RootElement.GetProperty("summary").GetProperty("totalRecords").GetInt32();
        Assert.Equal(JsonValueKind.Null, header.RootElement.GetProperty("records").ValueKind);
        Assert.Equal(1 + total, lines.Length);
        for (var i = 1; i < lines.Length; i++)
        {
            using var record = JsonDocument.Parse(lines[i]);
            Assert.Equal(i - 1, record.RootElement.GetProperty("index").GetInt32());
        }
    }

    [Theory]
    [InlineData("/api/v1/analyses")]
    [InlineData("/api/v1/analyses/preview-prompt")]
    public async Task AnalysisResponses_AreNotStored(string route)
    {
        await using var app = App();
        using var client = app.CreateClient();
        using var response = await client.PostAsync(route, new StringContent(Log, Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore, "Cache-Control: no-store");
    }

    [Theory]
    [InlineData("Api:MaxRecords", "-1")]
    [InlineData("Api:MaxPatterns", "0")]
    [InlineData("Api:MaxRecordBytes", "10")]
    public async Task InvalidLimits_FailAtStart(string key, string value)
    {
        await using var app = App(new Dictionary<string, string?> { [key] = value });

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        Assert.Contains(Unwrap(error), e => e is OptionsValidationException);
    }

    private static IEnumerable<Exception> Unwrap(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Unwrap))
                {
                    yield return inner;
                }
            }
        }
    }

    private static async Task<JsonDocument> PostAsync(AppFactory app, string text)
    {
        using var client = app.CreateClient();
        using var response = await client.PostAsync("/api/v1/analyses", new StringContent(text, Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }
}
