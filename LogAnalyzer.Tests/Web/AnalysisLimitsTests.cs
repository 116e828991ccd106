using System.Net;
using System.Net.Http.Json;
using LogAnalyzer.Tests.Support;
using LogAnalyzer.Web.Hosting;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LogAnalyzer.Tests.Web;

/// <summary>Every path that analyses is behind the same per-client limits, request timeout and server-wide gate.</summary>
public sealed class AnalysisLimitsTests
{
    [Fact]
    public async Task PreviewPrompt_SeventyFromOneClient_Get429s_AndShareTheAnalysisBucket()
    {
        await using var factory = new AppFactory(new Dictionary<string, string?>());
        using var client = factory.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 70; i++)
        {
            using var response = await client.PostAsJsonAsync("/api/v1/analyses/preview-prompt", new { text = "2026-01-01 ERROR boom" });
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.True(response.Headers.RetryAfter is not null, "a 429 says when to retry");
            }
        }

        Assert.Equal(60, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        using var analysis = await client.PostAsJsonAsync("/api/v1/analyses", new { text = "x" });
        Assert.Equal(HttpStatusCode.TooManyRequests, analysis.StatusCode);
    }

    [Theory]
    [InlineData("/api/v1/analyses/")]
    [InlineData("/api/v1/analyses/preview-prompt")]
    public async Task EveryAnalysingEndpoint_CarriesTheAnalysisTimeout(string route)
    {
        await using var factory = new AppFactory(new Dictionary<string, string?>());
        using var client = factory.CreateClient();
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();

        var endpoint = Assert.Single(endpoints, e => string.Equals(e.RoutePattern.RawText?.TrimEnd('/') + "/", route.TrimEnd('/') + "/", StringComparison.Ordinal)
            && e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods.Contains("POST") == true);
        Assert.Equal(AnalysisLimitsSetup.AnalysisTimeoutPolicy, endpoint.Metadata.GetMetadata<RequestTimeoutAttribute>()?.PolicyName);
    }

    [Theory]
    [InlineData("/api/v1/analyses")]
    [InlineData("/api/v1/analyses/preview-prompt")]
    public async Task ServerGate_Full_Answers503WithRetryAfter(string route)
    {
        await using var factory = new AppFactory(new Dictionary<string, string?>
        {
            ["RateLimiting:ServerConcurrentAnalyses"] = "1", ["RateLimiting:ServerQueueLimit"] = "0",
        });
        using var client = factory.CreateClient();
        var gate = factory.Services.GetRequiredService<AnalysisGate>();

        using (var held = await gate.EnterAsync(0, CancellationToken.None))
        {
            Assert.True(held.Granted);
            using var busy = await client.PostAsJsonAsync(route, new { text = "2026-01-01 ERROR boom" });
            Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
            Assert.Equal("application/problem+json", busy.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(busy.Headers.RetryAfter);
        }

        using var free = await client.PostAsJsonAsync(route, new { text = "2026-01-01 ERROR boom" });
        Assert.Equal(HttpStatusCode.OK, free.StatusCode);
    }

    [Fact]
    public async Task ServerGate_QueuesInOrder_AndLetsTheWaiterInWhenASlotFrees()
    {
        using var gate = new AnalysisGate(Options.Create(new RateLimitingOptions { ServerConcurrentAnalyses = 1, ServerQueueLimit = 4 }));
        var first = await gate.EnterAsync(0, CancellationToken.None);
        var waiting = gate.EnterAsync(0, CancellationToken.None).AsTask();
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted);

        Assert.Equal(1, gate.Running);

        first.Dispose();
        first.Dispose(); // twice is once
        using var second = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(second.Granted);
        Assert.Equal(1, gate.Running);
    }

    [Fact]
    public void CircuitRegistry_RefusesPastTheCap_AndFreesOnClose()
    {
        var registry = new CircuitRegistry(Options.Create(new RateLimitingOptions { CircuitsPerClient = 2 }));

        Assert.True(registry.TryOpen("ip:1"));
        Assert.True(registry.TryOpen("ip:1"));
        Assert.False(registry.TryOpen("ip:1"));
        Assert.True(registry.TryOpen("ip:2"));
        registry.Close("ip:1");
        Assert.Equal(1, registry.OpenFor("ip:1"));
        Assert.True(registry.TryOpen("ip:1"));
    }
}
