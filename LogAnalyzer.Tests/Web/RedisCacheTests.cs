using System.Net.Http.Json;
using System.Text.Json;
using LogAnalyzer.Tests.Support;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;

namespace LogAnalyzer.Tests.Web;

public sealed class RedisCacheTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task Ready_ReportsRedisReachable_WhenConnectionStringIsSet()
    {
        await using var factory = new AppFactory(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = redis.ConnectionString });
        using var client = factory.CreateClient();

        using var json = JsonDocument.Parse(await client.GetStringAsync("/health/ready"));

        var cache = json.RootElement.GetProperty("checks").GetProperty("cache");
        Assert.Equal("Healthy", cache.GetProperty("status").GetString());
        Assert.Equal("redis", cache.GetProperty("data").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Ready_IsDegraded_WhenRedisDoesNotAnswer()
    {
        await using var factory = new AppFactory(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = "127.0.0.1:1,abortConnect=false,connectTimeout=200" });
        using var client = factory.CreateClient();

        using var json = JsonDocument.Parse(await client.GetStringAsync("/health/ready"));

        Assert.Equal("Degraded", json.RootElement.GetProperty("checks").GetProperty("cache").GetProperty("status").GetString());
    }

    [Fact]
    public async Task HybridCache_OfTwoInstances_SharesEntriesThroughRedis()
    {
        await using var first = new AppFactory(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = redis.ConnectionString });
        await using var second = new AppFactory(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = redis.ConnectionString });
        var key = "test:" + Guid.NewGuid().ToString("N");
        var computedOnSecond = false;

        var one = first.Services.GetRequiredService<HybridCache>();
        await one.GetOrCreateAsync(key, _ => ValueTask.FromResult("from-first"));
        await WaitForKeyAsync(key);
        var two = second.Services.GetRequiredService<HybridCache>();
        var value = await two.GetOrCreateAsync(key, _ =>
        {
            computedOnSecond = true;
            return ValueTask.FromResult("from-second");
        });

        Assert.Equal("from-first", value);
        Assert.False(computedOnSecond);
    }

    [Fact]
    public async Task SecondInstance_AnalysingTheSameErrors_MakesNoLlmCall()
    {
        await using var fake = await FakeLlmServer.StartAsync();
        Dictionary<string, string?> Settings() => new()
        {
            ["ConnectionStrings:Redis"] = redis.ConnectionString,
            ["Llm:BaseUrl"] = fake.BaseUrl.ToString().TrimEnd('/'),
            ["Llm:ApiKey"] = "hf_TwoInstancesTestKey0123456789",
            ["Llm:TimeoutSeconds"] = "20",
            ["RateLimiting:AnalysesPerMinute"] = "0",
        };
        await using var first = new AppFactory(Settings());
        await using var second = new AppFactory(Settings());
        var log = $"2026-03-02 10:14:07,120 ERROR [pool-1] app.Db - Connection refused to db-{Guid.NewGuid():N}:5432\n" +
                  "2026-03-02 10:14:09,001 ERROR [pool-1] app.Db - Connection refused to db-primary:5432\n";

        var one = await AnalyseAsync(first, log);
        Assert.Equal("succeeded", one.GetProperty("llm").GetProperty("status").GetString());
        Assert.Equal(1, fake.CallCount);
        await WaitForAnyKeyAsync();

        var two = await AnalyseAsync(second, log);

        Assert.Equal("cached", two.GetProperty("llm").GetProperty("status").GetString());
        Assert.Equal(1, fake.CallCount);
        Assert.Contains(two.GetProperty("insights").EnumerateArray(), i => i.GetProperty("source").GetString() == "llm");
    }

    private static async Task<JsonElement> AnalyseAsync(AppFactory app, string log)
    {
        using var client = app.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/v1/analyses", new { text = log, useLlm = true, includeRecords = false });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private async Task WaitForAnyKeyAsync()
    {
        for (var i = 0; i < 100; i++)
        {
            if ((await redis.KeysAsync("loganalyzer:*")).Count > 0)
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail("No LLM answer reached Redis.");
    }

    private async Task WaitForKeyAsync(string key)
    {
        // HybridCache writes its L2 entry after returning.
        for (var i = 0; i < 100; i++)
        {
            if ((await redis.KeysAsync("*" + key + "*")).Count > 0)
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"The cache entry {key} never reached Redis.");
    }
}
