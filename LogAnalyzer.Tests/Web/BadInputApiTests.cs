using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using LogAnalyzer.Tests.Support;

namespace LogAnalyzer.Tests.Web;

/// <summary>Hostile and odd input through the API: every case gets a clear answer and nothing crashes.</summary>
public sealed class BadInputApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Empty_Is400()
    {
        using var response = await PostBytesAsync([]);
        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Whitespace_Is400()
    {
        using var response = await PostBytesAsync(Encoding.UTF8.GetBytes(" \r\n\t \n   \n"));
        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task TwentyFiveMegabytes_Is413()
    {
        var line = Encoding.UTF8.GetBytes(new string('a', 99) + "\n");
        var bytes = new byte[25 * 1024 * 1024];
        for (var i = 0; i + line.Length <= bytes.Length; i += line.Length)
        {
            line.CopyTo(bytes, i);
        }

        using var response = await PostBytesAsync(bytes);
        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task TwentyFiveMegabytes_AsJson_Is413()
    {
        var text = new StringBuilder(26 * 1024 * 1024);
        while (text.Length < 25 * 1024 * 1024)
        {
            text.Append("2026-03-02 10:14:07 INFO request served in 12 ms\n");
        }

        using var content = new StringContent(JsonSerializer.Serialize(new { text = text.ToString() }), Encoding.UTF8, "application/json");
        using var client = factory.CreateClient();
        using var response = await client.PostAsync("/api/v1/analyses?includeRecords=false", content);
        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task BinaryWithNul_IsAnalysedAndEveryLineCounted()
    {
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        bytes[10] = 0;
        bytes[20] = (byte)'\n';
        using var response = await PostBytesAsync(bytes);
        var root = await AssertAnalysedAsync(response);
        Assert.DoesNotContain("\\u0000", root.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidUtf8_IsReplacedAndCounted()
    {
        byte[] bytes = [.. "2026-03-02 10:14:07 ERROR bad byte "u8, 0xC3, 0x28, .. " here\nnext line\n"u8];
        using var response = await PostBytesAsync(bytes);
        var root = await AssertAnalysedAsync(response);
        Assert.True(root.GetProperty("summary").GetProperty("invalidBytesReplaced").GetInt32() >= 1);
        Assert.Equal(2, root.GetProperty("summary").GetProperty("totalLines").GetInt32());
    }

    [Fact]
    public async Task OneFiveMegabyteLine_IsKeptAndCountedAsTruncated()
    {
        var bytes = Encoding.UTF8.GetBytes("2026-03-02 10:14:07 WARN payload " + new string('x', 5 * 1024 * 1024));
        using var response = await PostBytesAsync(bytes, "?includeRecords=false");
        var root = await AssertAnalysedAsync(response);
        Assert.Equal(1, root.GetProperty("summary").GetProperty("totalLines").GetInt32());
        Assert.Equal(1, root.GetProperty("summary").GetProperty("truncatedLines").GetInt32());
    }

    [Fact]
    public async Task OneMillionShortLines_AreAllCounted()
    {
        var bytes = new byte[1_000_000 * 6];
        for (var i = 0; i < 1_000_000; i++)
        {
            Encoding.ASCII.GetBytes($"l{i % 10000:D4}\n", bytes.AsSpan(i * 6));
        }

        using var response = await PostBytesAsync(bytes, "?includeRecords=false");
        var root = await AssertAnalysedAsync(response);
        Assert.Equal(1_000_000, root.GetProperty("summary").GetProperty("totalLines").GetInt32());
    }

    [Fact]
    public async Task DeeplyNestedJsonLines_DoNotCrash()
    {
        var deep = new string('[', 5000) + new string(']', 5000);
        var nested = string.Concat(Enumerable.Repeat("{\"a\":", 3000)) + "1" + new string('}', 3000);
        var text = $"{deep}\n{nested}\n{{\"level\":\"error\",\"msg\":\"ok\"}}\n";
        using var response = await PostBytesAsync(Encoding.UTF8.GetBytes(text));
        var root = await AssertAnalysedAsync(response);
        Assert.Equal(3, root.GetProperty("summary").GetProperty("totalLines").GetInt32());
    }

    [Fact]
    public async Task CrLfAndAnsiMixes_AreNormalized()
    {
        var text = "\u001b[32m2026-03-02 10:14:07 INFO\u001b[0m started\r\n2026-03-02 10:14:08 ERROR \u001b[1;31mfailed\u001b[0m\rlast line\n";
        using var response = await PostBytesAsync(Encoding.UTF8.GetBytes(text));
        var root = await AssertAnalysedAsync(response);
        Assert.Equal(3, root.GetProperty("summary").GetProperty("totalLines").GetInt32());
        Assert.True(root.GetProperty("summary").GetProperty("ansiSequencesStripped").GetInt32() >= 4);
        Assert.DoesNotContain("\u001b", root.GetProperty("records").GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedJsonBody_Is400()
    {
        using var client = factory.CreateClient();
        using var content = new StringContent("{\"text\": [1, 2", Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/api/v1/analyses", content);
        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task WrongContentType_Is415()
    {
        using var client = factory.CreateClient();
        using var content = new ByteArrayContent([1, 2, 3]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await client.PostAsync("/api/v1/analyses", content);
        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    private async Task<HttpResponseMessage> PostBytesAsync(byte[] bytes, string query = "")
    {
        using var client = factory.CreateClient();
        client.Timeout = TimeSpan.FromMinutes(2);
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };
        return await client.PostAsync("/api/v1/analyses" + query, content);
    }

    /// <summary>200, and the records (when present) cover every input line exactly once, in order.</summary>
    private static async Task<JsonElement> AssertAnalysedAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body[..Math.Min(400, body.Length)]}");
        var root = JsonDocument.Parse(body).RootElement.Clone();
        var totalLines = root.GetProperty("summary").GetProperty("totalLines").GetInt32();
        if (root.GetProperty("records") is { ValueKind: JsonValueKind.Array } records)
        {
            var next = 1;
            foreach (var record in records.EnumerateArray())
            {
                Assert.Equal(next, record.GetProperty("lineStart").GetInt32());
                next = record.GetProperty("lineEnd").GetInt32() + 1;
            }

            Assert.Equal(totalLines, next - 1);
        }

        return root;
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var detail = json.RootElement.GetProperty("detail").GetString();
        Assert.False(string.IsNullOrWhiteSpace(detail));
        Assert.DoesNotContain("   at ", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", detail, StringComparison.Ordinal);
    }
}
