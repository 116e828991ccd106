using System.Globalization;
using System.Text.Json;
using LogAnalyzer.LoadTest;

// Load test for LogAnalyzer (loopback only, bounded in count and time).
//   dotnet run -c Release --project bench/LogAnalyzer.LoadTest -- api [--clients 50] [--requests 10] [--bytes 102400] [--max-seconds 120] [--url URL]
//   dotnet run -c Release --project bench/LogAnalyzer.LoadTest -- circuits [--circuits 20] [--max-seconds 180] [--url URL]
//   dotnet run -c Release --project bench/LogAnalyzer.LoadTest -- circuit-memory --url URL --pid PID [--input tiny|unique] [--bytes 20000000] [--tabs 2] [--settle-seconds 20]
//     (scripts/measure-circuit-memory.sh starts the server and passes its URL and process id)
// Without --url it starts the app itself (Release, rate limits off, LLM off) on a free loopback port.
// "circuits" drives real headless Chromium (Debian chromium, or LOGANALYZER_CHROMIUM).
// The last output line is one JSON object with the results.
var command = args.Length > 0 ? args[0] : "api";
if (command is not ("api" or "circuits" or "circuit-memory"))
{
    Console.Error.WriteLine("usage: api [--clients N] [--requests N] [--bytes N] [--max-seconds N] [--url URL] | circuits [--circuits N] [--max-seconds N] [--url URL]"
        + " | circuit-memory --url URL --pid PID [--input tiny|unique] [--bytes N] [--tabs N] [--settle-seconds N]");
    return 2;
}

if (command == "circuit-memory")
{
    if (OptionText("--url") is not { } target || OptionText("--pid") is null)
    {
        Console.Error.WriteLine("circuit-memory needs --url (the running server) and --pid (its process id, for /proc)");
        return 2;
    }

    using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(30));
    var memory = await CircuitMemory.RunAsync(new Uri(target.EndsWith('/') ? target : target + "/"), Option("--pid", 0), OptionText("--input") ?? "tiny",
        Option("--bytes", 20_000_000), Option("--tabs", 2), TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(Option("--settle-seconds", 20)), limit.Token);
    Console.WriteLine(JsonSerializer.Serialize(memory, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
    return memory.Steps.All(s => s.Outcome == "completed") ? 0 : 1;
}

var settings = new ApiLoadSettings(
    Clients: Option("--clients", 50),
    RequestsPerClient: Option("--requests", 10),
    InputBytes: Option("--bytes", 100 * 1024),
    MaxSeconds: Option("--max-seconds", 120),
    UseLlm: false);
using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(10));
var url = OptionText("--url");
AppProcess? app = null;
try
{
    Uri baseAddress;
    Func<long> resident = () => 0;
    if (url is null)
    {
        var root = FindRepoRoot();
        Console.WriteLine("Starting the app (Release) ...");
        app = await AppProcess.StartAsync(root, new Dictionary<string, string>
        {
            // The dashboard's static assets are served from the build output in Development (no publish step).
            ["ASPNETCORE_ENVIRONMENT"] = command == "circuits" ? "Development" : "Production",
            ["RateLimiting__AnalysesPerMinute"] = "0",
            ["RateLimiting__ConcurrentAnalyses"] = "0",
            ["Serilog__MinimumLevel__Default"] = "Warning",
            ["Llm__ApiKey"] = "",
            ["HF_TOKEN"] = "",
        }, cancel.Token);
        baseAddress = app.BaseAddress;
        resident = app.ResidentBytes;
    }
    else
    {
        baseAddress = new Uri(url.EndsWith('/') ? url : url + "/");
    }

    if (command == "circuits")
    {
        var circuits = Option("--circuits", 20);
        Console.WriteLine($"{circuits} concurrent browser circuits against {baseAddress}");
        var circuitResult = await CircuitLoad.RunAsync(baseAddress, circuits, TimeSpan.FromSeconds(Option("--max-seconds", 180)), cancel.Token);
        Console.WriteLine($"completed {circuitResult.Completed}/{circuits}, errors {circuitResult.Errors}, Analyze→completed ms: p50 {circuitResult.AnalyzeToCompleted.P50Ms}, p95 {circuitResult.AnalyzeToCompleted.P95Ms}, max {circuitResult.AnalyzeToCompleted.MaxMs}");
        Console.WriteLine(JsonSerializer.Serialize(circuitResult, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
        return circuitResult.Errors == 0 && circuitResult.Completed == circuits ? 0 : 1;
    }

    Console.WriteLine($"{settings.Clients} clients x {settings.RequestsPerClient} analyses of {settings.InputBytes / 1024} KB against {baseAddress}");
    var result = await ApiLoad.RunAsync(baseAddress, settings, resident, cancel.Token);
    Console.WriteLine($"requests {result.Requests}, errors {result.Errors}, {result.RequestsPerSecond} req/s, {result.MbPerSecond} MB/s");
    Console.WriteLine($"latency ms: p50 {result.Latency.P50Ms}, p95 {result.Latency.P95Ms}, p99 {result.Latency.P99Ms}, max {result.Latency.MaxMs}");
    Console.WriteLine($"server RSS: before {result.ServerResidentBytesBefore / 1_048_576} MB, after {result.ServerResidentBytesAfter / 1_048_576} MB");
    Console.WriteLine(JsonSerializer.Serialize(result, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
    return result.Errors == 0 ? 0 : 1;
}
finally
{
    if (app is not null)
    {
        await app.DisposeAsync();
    }
}

int Option(string name, int fallback) =>
    OptionText(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

string? OptionText(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

static string FindRepoRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "LogAnalyzer.sln")))
    {
        dir = dir.Parent;
    }

    return dir?.FullName ?? throw new InvalidOperationException("Run from inside the LogAnalyzer repository.");
}
