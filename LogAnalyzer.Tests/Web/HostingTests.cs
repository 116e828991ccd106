using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LogAnalyzer.Tests.Support;

namespace LogAnalyzer.Tests.Web;

public sealed class HostingTests
{
    [Fact]
    public async Task Responses_CarrySecurityHeaders()
    {
        await using var factory = new AppFactory(new Dictionary<string, string?>());
        using var client = factory.CreateClient();
        using var page = await client.GetAsync("/");
        using var api = await client.PostAsJsonAsync("/api/v1/analyses", new { text = "hello" });

        foreach (var response in new[] { page, api })
        {
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
            var csp = response.Headers.GetValues("Content-Security-Policy").Single();
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
            Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
            Assert.Contains("connect-src 'self';", csp, StringComparison.Ordinal); // WebSockets to this origin only
            Assert.DoesNotContain("wss:", csp, StringComparison.Ordinal);
        }

        Assert.False(page.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Health_LiveAndReady_AnswerJson()
    {
        await using var factory = new AppFactory(new Dictionary<string, string?>());
        using var client = factory.CreateClient();

        using var live = await client.GetAsync("/health/live");
        using var ready = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("application/json", live.Content.Headers.ContentType?.MediaType);
        using var liveJson = JsonDocument.Parse(await live.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", liveJson.RootElement.GetProperty("status").GetString());

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var readyJson = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", readyJson.RootElement.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Object, readyJson.RootElement.GetProperty("checks").ValueKind);
    }

    [Fact]
    public async Task Warmup_RunsAfterStart_AndReadinessSaysWhenItIsDone()
    {
        await using var factory = new AppFactory(new Dictionary<string, string?> { ["Warmup:Enabled"] = "true" });
        using var client = factory.CreateClient();

        var statuses = new List<string>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string? status;
        do
        {
            using var json = JsonDocument.Parse(await client.GetStringAsync("/health/ready"));
            var warmup = json.RootElement.GetProperty("checks").GetProperty("warmup");
            status = warmup.GetProperty("status").GetString()!;
            statuses.Add($"{status}: {warmup.GetProperty("description").GetString()}");
            if (status != "Healthy")
            {
                await Task.Delay(50);
            }
        }
        while (status != "Healthy" && DateTime.UtcNow < deadline);

        // Degraded (still 200, analyses are answered) while it runs, then warmed up; it never ends as "failed".
        Assert.Equal("Healthy: Warmed up.", statuses[^1]);
        Assert.All(statuses[..^1], s => Assert.StartsWith("Degraded: Warming up", s, StringComparison.Ordinal));

        // It saved nothing and counted nothing: the store is as empty as a fresh app's.
        using var recent = JsonDocument.Parse(await client.GetStringAsync("/api/v1/analyses"));
        Assert.Equal(0, recent.RootElement.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Warmup_Off_IsSaidInReadiness()
    {
        await using var factory = new AppFactory(new Dictionary<string, string?>());
        using var client = factory.CreateClient();

        using var json = JsonDocument.Parse(await client.GetStringAsync("/health/ready"));

        var warmup = json.RootElement.GetProperty("checks").GetProperty("warmup");
        Assert.Equal("Healthy", warmup.GetProperty("status").GetString());
        Assert.Contains("Warmup:Enabled=false", warmup.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ready_ReportsLlmConfigurationAndCircuit_WithoutCallingTheProvider()
    {
        await using var factory = new AppFactory(new Dictionary<string, string?>
        {
            ["Llm:ApiKey"] = "hf_ReadinessTestKey0123456789abcd",
            ["Llm:BaseUrl"] = "https://router.huggingface.co/v1",
        });
        using var client = factory.CreateClient();

        using var json = JsonDocument.Parse(await client.GetStringAsync("/health/ready"));

        var llm = json.RootElement.GetProperty("checks").GetProperty("llm");
        Assert.Equal("Healthy", llm.GetProperty("status").GetString());
        Assert.True(llm.GetProperty("data").GetProperty("configured").GetBoolean());
        Assert.Equal("closed", llm.GetProperty("data").GetProperty("circuit").GetString());
        Assert.DoesNotContain("hf_ReadinessTestKey", json.RootElement.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PathBase_ServesPageApiHealthAndAssetsUnderIt()
    {
        await using var factory = new AppFactory(new Dictionary<string, string?> { ["PathBase"] = "/log-analyzer" });
        using var client = factory.CreateClient();

        var html = await client.GetStringAsync("/log-analyzer/");
        Assert.Contains("<base href=\"/log-analyzer/\"", html, StringComparison.Ordinal);

        using var api = await client.PostAsJsonAsync("/log-analyzer/api/v1/analyses", new { text = "one line" });
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);

        using var health = await client.GetAsync("/log-analyzer/health/live");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        using var script = await client.GetAsync("/log-analyzer/_framework/blazor.web.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

    [Fact]
    public async Task Hsts_IsOnByConfiguration()
    {
        await using var factory = new AppFactory(new Dictionary<string, string?> { ["Https:HstsEnabled"] = "true", ["AllowedHosts"] = "loganalyzer.example" });
        using var client = factory.CreateClient(new() { BaseAddress = new Uri("https://loganalyzer.example") });

        using var response = await client.GetAsync("/health/live");

        Assert.True(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task RateLimit_PerMinute_Answers429WithRetryAfterProblem()
    {
        await using var factory = new AppFactory(new Dictionary<string, string?>
        {
            ["RateLimiting:AnalysesPerMinute"] = "2",
            ["RateLimiting:ConcurrentAnalyses"] = "0",
        });
        using var client = factory.CreateClient();

        for (var i = 0; i < 2; i++)
        {
            using var ok = await client.PostAsJsonAsync("/api/v1/analyses", new { text = "line " + i });
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var limited = await client.PostAsJsonAsync("/api/v1/analyses", new { text = "one more" });

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        using var json = JsonDocument.Parse(await limited.Content.ReadAsStringAsync());
        Assert.Contains("2 analyses per minute", json.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RateLimit_Zero_TurnsLimitOff()
    {
        await using var factory = new AppFactory(new Dictionary<string, string?>
        {
            ["RateLimiting:AnalysesPerMinute"] = "0",
            ["RateLimiting:ConcurrentAnalyses"] = "0",
        });
        using var client = factory.CreateClient();

        for (var i = 0; i < 5; i++)
        {
            using var ok = await client.PostAsJsonAsync("/api/v1/analyses", new { text = "line " + i });
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
    }

    [Fact]
    public async Task RateLimit_IsPerClient_ByForwardedAddress()
    {
        await using var factory = new AppFactory(new Dictionary<string, string?>
        {
            ["RateLimiting:AnalysesPerMinute"] = "1",
            ["RateLimiting:ConcurrentAnalyses"] = "0",
        });
        factory.UseKestrel(0);
        factory.StartServer();
        using var client = factory.CreateClient();

        using var first = await PostFromAsync(client, "203.0.113.10");
        using var second = await PostFromAsync(client, "203.0.113.10");
        using var other = await PostFromAsync(client, "203.0.113.20");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task OpenApi_IsServedInDevelopment_AndDescribesTheApi()
    {
        await using var development = new AppFactory(new Dictionary<string, string?>(), "Development");
        using var client = development.CreateClient();

        var document = await client.GetStringAsync("/openapi/v1.json");

        using var json = JsonDocument.Parse(document);
        var paths = json.RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/analyses", out var analyses));
        var body = analyses.GetProperty("post").GetProperty("requestBody").GetProperty("content");
        Assert.True(body.TryGetProperty("application/json", out _));
        Assert.True(body.TryGetProperty("text/plain", out _));
        Assert.True(paths.TryGetProperty("/api/v1/schema/analysis", out _));
    }

    [Fact]
    public async Task OpenApi_IsNotServedOutsideDevelopment()
    {
        await using var factory = new AppFactory(new Dictionary<string, string?>());
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static async Task<HttpResponseMessage> PostFromAsync(HttpClient client, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/analyses")
        {
            Content = JsonContent.Create(new { text = "from " + forwardedFor }),
        };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return await client.SendAsync(request);
    }
}
