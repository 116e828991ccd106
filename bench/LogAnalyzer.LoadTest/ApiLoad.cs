using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace LogAnalyzer.LoadTest;

/// <summary>N concurrent clients, each posting M realistic analyses; bounded in count and time, loopback only.</summary>
internal static class ApiLoad
{
    /// <summary>Concurrent warm-up rounds (each client posts once per round) before the clock starts.</summary>
    internal const int WarmUpRounds = 2;

    public static async Task<ApiLoadResult> RunAsync(Uri baseAddress, ApiLoadSettings settings, Func<long> residentBytes, CancellationToken cancellationToken)
    {
        // Inputs are made before the clock starts: 8 distinct ~100 KB logs, clients cycle through them.
        var inputs = Enumerable.Range(0, 8)
            .Select(i => Encoding.UTF8.GetBytes(SampleLogGenerator.Generate(settings.InputBytes, seed: 1000 + i)))
            .ToArray();
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = settings.Clients * 2, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        using var http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };

        // Warm-up, not measured: JIT tiering and first-use costs are not load. Two concurrent rounds of every client, so
        // the hot paths reach optimized code as they would on a server that has been up for a minute.
        for (var round = 0; round < WarmUpRounds; round++)
        {
            await Task.WhenAll(Enumerable.Range(0, settings.Clients).Select(async client =>
            {
                using var warm = await PostAsync(http, inputs[client % inputs.Length], settings.UseLlm, cancellationToken).ConfigureAwait(false);
                await warm.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            })).ConfigureAwait(false);
        }

        var memoryBefore = residentBytes();
        var latencies = new ConcurrentBag<double>();
        var errors = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(settings.MaxSeconds));
        var sent = 0L;
        var clock = Stopwatch.StartNew();
        var clients = Enumerable.Range(0, settings.Clients).Select(client => Task.Run(async () =>
        {
            for (var r = 0; r < settings.RequestsPerClient && !deadline.IsCancellationRequested; r++)
            {
                var body = inputs[(client + r) % inputs.Length];
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await PostAsync(http, body, settings.UseLlm, deadline.Token).ConfigureAwait(false);
                    // Bytes, not a string: the client shares the 2 cores with the server, so it should not transcode 300 KB.
                    var json = await response.Content.ReadAsByteArrayAsync(deadline.Token).ConfigureAwait(false);
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    Interlocked.Add(ref sent, body.Length);
                    if (!response.IsSuccessStatusCode)
                    {
                        errors.AddOrUpdate($"HTTP {(int)response.StatusCode}", 1, (_, n) => n + 1);
                    }
                    else if (!IsCompleteAnalysis(json))
                    {
                        errors.AddOrUpdate("incomplete document", 1, (_, n) => n + 1);
                    }
                }
                catch (OperationCanceledException) when (deadline.IsCancellationRequested)
                {
                    break;
                }
                catch (HttpRequestException ex)
                {
                    errors.AddOrUpdate(ex.GetType().Name, 1, (_, n) => n + 1);
                }
            }
        }, CancellationToken.None)).ToArray();
        await Task.WhenAll(clients).ConfigureAwait(false);
        clock.Stop();
        var memoryAfter = residentBytes();
        var count = latencies.Count;
        return new ApiLoadResult(
            settings.Clients,
            count,
            errors.Values.Sum(),
            errors.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal),
            Math.Round(clock.Elapsed.TotalSeconds, 2),
            Math.Round(count / clock.Elapsed.TotalSeconds, 1),
            Math.Round(Interlocked.Read(ref sent) / 1_048_576.0 / clock.Elapsed.TotalSeconds, 2),
            LatencyStats.From([.. latencies]),
            memoryBefore,
            memoryAfter);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, byte[] body, bool useLlm, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };
        var uri = new Uri($"api/v1/analyses?includeRecords=true&useLlm={(useLlm ? "true" : "false")}", UriKind.Relative);
        return await http.PostAsync(uri, content, cancellationToken).ConfigureAwait(false);
    }

    private static bool IsCompleteAnalysis(byte[] json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        return root.TryGetProperty("summary", out var summary)
            && summary.GetProperty("totalLines").GetInt32() > 0
            && root.TryGetProperty("groups", out _)
            && root.TryGetProperty("insights", out _);
    }
}

internal sealed record ApiLoadSettings(int Clients, int RequestsPerClient, int InputBytes, int MaxSeconds, bool UseLlm);

internal sealed record ApiLoadResult(
    int Clients,
    int Requests,
    int Errors,
    IReadOnlyDictionary<string, int> ErrorKinds,
    double Seconds,
    double RequestsPerSecond,
    double MbPerSecond,
    LatencyStats Latency,
    long ServerResidentBytesBefore,
    long ServerResidentBytesAfter);
