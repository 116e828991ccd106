using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LogAnalyzer.Core.Model;
using LogAnalyzer.Tests.Support;

namespace LogAnalyzer.Tests.Web;

public sealed class AnalysisApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string Sample = "2026-03-02 10:14:07,120 INFO  [main] app.Startup - started in 812 ms\n2026-03-02 10:14:09,001 ERROR [pool-1] app.Db - Connection refused to db:5432\n";

    [Fact]
    public async Task Post_JsonBody_ReturnsSummaryAndRecords()
    {
        using var client = factory.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/v1/analyses", new { text = Sample, useLlm = false, includeRecords = true });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal(2, root.GetProperty("summary").GetProperty("totalLines").GetInt32());
        Assert.Equal(2, root.GetProperty("summary").GetProperty("totalRecords").GetInt32());
        var records = root.GetProperty("records");
        Assert.Equal(2, records.GetArrayLength());
        var first = records[0];
        foreach (var name in new[] { "index", "lineStart", "lineEnd", "timestamp", "level", "format", "message", "exception", "patternId", "groupId" })
        {
            Assert.True(first.TryGetProperty(name, out _), $"record lacks '{name}'");
        }

        Assert.Equal(1, first.GetProperty("lineStart").GetInt32());
        Assert.Equal(2, records[1].GetProperty("lineEnd").GetInt32());
    }

    [Fact]
    public async Task Post_PlainText_WithQueryOptions_OmitsRecords()
    {
        using var client = factory.CreateClient();
        using var content = new StringContent(Sample, Encoding.UTF8, "text/plain");
        using var response = await client.PostAsync("/api/v1/analyses?includeRecords=false", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("records").ValueKind);
        Assert.Equal(2, json.RootElement.GetProperty("summary").GetProperty("totalLines").GetInt32());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t\r\n  ")]
    public async Task Post_EmptyOrWhitespace_Returns400Problem(string text)
    {
        using var client = factory.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/v1/analyses", new { text });

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "empty");
    }

    [Fact]
    public async Task Post_MalformedJson_Returns400Problem()
    {
        using var client = factory.CreateClient();
        using var content = new StringContent("{\"text\": \"abc", Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/api/v1/analyses", content);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "JSON");
    }

    [Fact]
    public async Task Post_JsonWithoutText_Returns400Problem()
    {
        using var client = factory.CreateClient();
        using var content = new StringContent("{\"useLlm\": false}", Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/api/v1/analyses", content);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "text");
    }

    [Fact]
    public async Task Post_OtherMediaType_Returns415Problem()
    {
        using var client = factory.CreateClient();
        using var content = new StringContent("<log/>", Encoding.UTF8, "application/xml");
        using var response = await client.PostAsync("/api/v1/analyses", content);

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "text/plain");
    }

    [Fact]
    public async Task Post_OverSizeLimit_Returns413Problem()
    {
        using var client = factory.CreateClient();
        var big = new string('x', 100) + "\n";
        var text = new StringBuilder().Insert(0, big, (21 * 1024 * 1024 / big.Length) + 1).ToString();
        using var content = new StringContent(text, Encoding.UTF8, "text/plain");
        using var response = await client.PostAsync("/api/v1/analyses", content);

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "limit");
    }

    [Fact]
    public async Task Schema_IsPublished_AndResponsesValidateAgainstIt()
    {
        using var client = factory.CreateClient();
        var schemaText = await client.GetStringAsync("/api/v1/schema/analysis");

        using var response = await client.PostAsJsonAsync("/api/v1/analyses", new { text = Sample });
        var body = await response.Content.ReadAsStringAsync();
        var errors = SchemaCheck.Errors(schemaText, body);

        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string detailContains)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal((int)status, json.RootElement.GetProperty("status").GetInt32());
        var detail = json.RootElement.GetProperty("detail").GetString() ?? "";
        Assert.Contains(detailContains, detail, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", detail, StringComparison.Ordinal);
    }
}
