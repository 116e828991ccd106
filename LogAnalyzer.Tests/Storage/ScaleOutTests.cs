using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using LogAnalyzer.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace LogAnalyzer.Tests.Storage;

/// <summary>
/// Two app instances behind the shipped nginx config, sharing a real PostgreSQL and Redis, all on loopback and
/// started and stopped here. Clients are told apart by their loopback source address (127.0.0.x), which is what
/// the config's sticky hash keys on.
/// </summary>
public sealed class ScaleOutTests(PostgresServer postgres, RedisServerWhenInstalled redis) : IClassFixture<PostgresServer>, IClassFixture<RedisServerWhenInstalled>
{
    private const int PerMinute = 3;

    [ScaleOutFact]
    public async Task TwoInstancesBehindNginx_ShareSavedAnalysesAndTheRateLimit_AndSurviveOneStopping()
    {
        var ports = new[] { LoopbackProcess.FreePort(), LoopbackProcess.FreePort() };
        var first = StartInstance(ports[0]);
        await using var second = StartInstance(ports[1]);
        await using var nginx = new NginxServer();
        try
        {
            await nginx.StartAsync(ports);

            // Two clients whose addresses the sticky hash sends to different instances.
            var clients = await ClientsOnEachInstanceAsync(nginx.Port, ports);
            using var onFirst = clients[ports[0]];
            using var onSecond = clients[ports[1]];

            // Posted through nginx to the first instance, read back through nginx from the second.
            using var post = await onFirst.PostAsJsonAsync("/api/v1/analyses", new { text = StoragePastes.Before });
            Assert.Equal(HttpStatusCode.OK, post.StatusCode);
            Assert.Equal($"127.0.0.1:{ports[0]}", Upstream(post));
            var posted = JsonNode.Parse(await post.Content.ReadAsStringAsync())!;
            Assert.True(posted["saved"]!.GetValue<bool>(), posted["storageNote"]?.ToString());
            var id = posted["id"]!.GetValue<string>();

            using var read = await onSecond.GetAsync($"/api/v1/analyses/{id}");
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            Assert.Equal($"127.0.0.1:{ports[1]}", Upstream(read));
            Assert.True(JsonNode.DeepEquals(posted, JsonNode.Parse(await read.Content.ReadAsStringAsync())));

            // Its records, stored apart in PostgreSQL, page from the other instance too (issue 15 item 2).
            var records = JsonNode.Parse(await onSecond.GetStringAsync($"/api/v1/analyses/{id}/records?offset=1&limit=2"))!;
            Assert.Equal(posted["summary"]!["totalRecords"]!.GetValue<int>(), records["total"]!.GetValue<int>());
            Assert.True(JsonNode.DeepEquals(posted["records"]![1], records["records"]![0]));
            Assert.True(JsonNode.DeepEquals(posted["records"]![2], records["records"]![1]));

            // The permalink page renders on both instances.
            foreach (var client in new[] { onFirst, onSecond })
            {
                using var page = await client.GetAsync($"/analyses/{id}");
                Assert.Equal(HttpStatusCode.OK, page.StatusCode);
                var html = await page.Content.ReadAsStringAsync();
                Assert.Contains("data-testid=\"saved-analysis\"", html, StringComparison.Ordinal);
                Assert.Contains("3 groups", html, StringComparison.Ordinal);
            }

            // The first client spends its budget on the first instance...
            var saved = new List<string> { id };
            for (var i = 1; i < PerMinute; i++)
            {
                using var more = await onFirst.PostAsJsonAsync("/api/v1/analyses", new { text = StoragePastes.After });
                Assert.Equal(HttpStatusCode.OK, more.StatusCode);
                saved.Add(JsonNode.Parse(await more.Content.ReadAsStringAsync())!["id"]!.GetValue<string>());
            }

            using (var over = await onFirst.PostAsJsonAsync("/api/v1/analyses", new { text = StoragePastes.After }))
            {
                Assert.Equal(HttpStatusCode.TooManyRequests, over.StatusCode);
            }

            // ...the first instance stops: nginx sends the client to the second, where the budget is the same one.
            await first.DisposeAsync();
            using (var failedOver = await onFirst.PostAsJsonAsync("/api/v1/analyses", new { text = StoragePastes.After }))
            {
                Assert.Contains($"127.0.0.1:{ports[1]}", Upstream(failedOver), StringComparison.Ordinal);
                Assert.Equal(HttpStatusCode.TooManyRequests, failedOver.StatusCode);
            }

            // No saved analysis was lost, and the proxy keeps serving both clients.
            foreach (var client in new[] { onFirst, onSecond })
            {
                var list = JsonNode.Parse(await client.GetStringAsync("/api/v1/analyses?limit=100"))!;
                var listed = list["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToHashSet();
                Assert.Superset(saved.ToHashSet(), listed);
                using var again = await client.GetAsync($"/api/v1/analyses/{id}");
                Assert.Equal(HttpStatusCode.OK, again.StatusCode);
                Assert.Equal($"127.0.0.1:{ports[1]}", Upstream(again).Split(", ")[^1]);
            }

            using var otherClient = await onSecond.PostAsJsonAsync("/api/v1/analyses", new { text = StoragePastes.Before });
            Assert.Equal(HttpStatusCode.OK, otherClient.StatusCode);
        }
        catch (Exception) when (Fail(nginx.Log))
        {
            throw;
        }
        finally
        {
            await first.DisposeAsync();
        }
    }

    private AppFactory StartInstance(int port)
    {
        var factory = new AppFactory(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Analyses"] = postgres.ConnectionString,
            ["ConnectionStrings:Redis"] = redis.Server.ConnectionString,
            ["RateLimiting:AnalysesPerMinute"] = PerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        factory.UseKestrel(port);
        factory.StartServer();
        return factory;
    }

    /// <summary>Finds, among 127.0.0.2…, a source address the proxy sends to each instance.</summary>
    private static async Task<Dictionary<int, HttpClient>> ClientsOnEachInstanceAsync(int proxyPort, int[] ports)
    {
        var found = new Dictionary<int, HttpClient>();
        for (var last = 2; last < 120 && found.Count < ports.Length; last++)
        {
            var client = ClientFrom(IPAddress.Parse($"127.0.0.{last}"), proxyPort);
            using var probe = await client.GetAsync("/health/live");
            var upstream = Upstream(probe);
            var port = ports.FirstOrDefault(p => upstream == $"127.0.0.1:{p}");
            if (port != 0 && !found.ContainsKey(port))
            {
                found[port] = client;
            }
            else
            {
                client.Dispose();
            }
        }

        Assert.True(found.Count == ports.Length, "No client address was sent to each instance: is the upstream hash sticky on the client address?");
        return found;
    }

    private static HttpClient ClientFrom(IPAddress source, int proxyPort)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(IPAddress.Loopback, context.DnsEndPoint.Port, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{proxyPort}"), Timeout = TimeSpan.FromSeconds(60) };
    }

    private static string Upstream(HttpResponseMessage response) =>
        response.Headers.TryGetValues(NginxServer.UpstreamHeader, out var values) ? string.Join(", ", values) : "";

    private static bool Fail(string log)
    {
        Console.Error.WriteLine("nginx output: " + log);
        return false;
    }
}

/// <summary>The suite's redis-server fixture, started only where the scale-out binaries are installed.</summary>
public sealed class RedisServerWhenInstalled : IAsyncLifetime
{
    public RedisServer Server { get; } = new();

    public Task InitializeAsync() => ScaleOutBinaries.Missing() is null ? Server.InitializeAsync() : Task.CompletedTask;

    public Task DisposeAsync() => Server.DisposeAsync();
}
