using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LogAnalyzer.Tests.Support;

namespace LogAnalyzer.Tests.Web;

/// <summary>The README's curl examples, as written: the answers validate and do not contradict themselves.</summary>
public sealed class ReadmeExampleTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string FirstExample = "{\"text\":\"2026-03-02 10:14:07,120 ERROR [pool-1] app.Db - Connection refused to db:5432\\n\",\"useLlm\":false}";

    [Fact]
    public async Task FirstExample_NamesTheEndpoint_AndDoesNotClaimItMissing()
    {
        using var client = factory.CreateClient();
        using var content = new StringContent(FirstExample, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/api/v1/analyses", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(body);
        var insight = json.RootElement.GetProperty("insights")[0];
        Assert.Contains("db:5432", insight.GetProperty("probableCause").GetString(), StringComparison.Ordinal);
        Assert.Equal("dependency-unreachable", insight.GetProperty("causeCategory").GetString());
        var kinds = insight.GetProperty("missingContext").EnumerateArray().Select(m => m.GetProperty("kind").GetString()).ToList();
        Assert.DoesNotContain("host", kinds);
        Assert.DoesNotContain("port", kinds);
        Assert.DoesNotContain("timeline", kinds);
        Assert.Empty(SchemaCheck.Errors(await client.GetStringAsync("/api/v1/schema/analysis"), body));
    }

    [Fact]
    public async Task SampleLog_IsOneOutageIncident_RootedAtTheFirstRefusal_AndAnUnrelatedWarning()
    {
        using var client = factory.CreateClient();
        using var content = new ByteArrayContent(await File.ReadAllBytesAsync(FindSample()));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/plain");
        using var response = await client.PostAsync("/api/v1/analyses?includeRecords=false", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var incidents = json.RootElement.GetProperty("incidents");
        var top = incidents[0];
        Assert.Equal("dependency-unreachable", top.GetProperty("causeCategory").GetString());
        Assert.True(top.GetProperty("groupIds").GetArrayLength() >= 3);
        var root = json.RootElement.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("id").GetString() == top.GetProperty("rootGroupId").GetString());
        Assert.Equal(3, root.GetProperty("firstLine").GetInt32());
        Assert.Equal(2, incidents.GetArrayLength());
    }

    private static string FindSample()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "samples", "app.log");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("samples/app.log not found above " + AppContext.BaseDirectory);
    }
}
