using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace LogAnalyzer.Tests.Storage;

/// <summary>
/// Debian's nginx running the shipped docs/deploy/nginx.conf, with only its listen address, upstream ports and file
/// paths substituted, plus a response header naming the instance that answered (so a test can tell them apart).
/// </summary>
internal sealed partial class NginxServer : IAsyncDisposable
{
    public const string UpstreamHeader = "X-LogAnalyzer-Upstream";

    private Process? _process;
    private System.Text.StringBuilder? _output;
    private string? _folder;

    public int Port { get; private set; }

    public string Log => _output is null ? "" : LoopbackProcess.Tail(_output);

    public static string ShippedConfig()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "docs", "deploy", "nginx.conf");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("docs/deploy/nginx.conf was not found above the test binaries.");
    }

    /// <summary>The shipped config with the test's ports and paths; fails if the file no longer has what it substitutes.</summary>
    public static string Adapt(string config, int listenPort, IReadOnlyList<int> upstreamPorts, string folder)
    {
        var servers = ServerLine().Matches(config);
        Assert.True(servers.Count >= 2, "docs/deploy/nginx.conf should list two upstream servers.");
        var index = 0;
        var adapted = ServerLine().Replace(config, m => index < upstreamPorts.Count
            ? $"{m.Groups["indent"].Value}server 127.0.0.1:{upstreamPorts[index++]}{m.Groups["rest"].Value}"
            : "");
        adapted = Replace(adapted, ListenLine(), $"listen 127.0.0.1:{listenPort};");
        adapted = Replace(adapted, PidLine(), $"pid {folder}/nginx.pid;");
        adapted = Replace(adapted, AccessLogLine(), $"access_log {folder}/access.log;");
        adapted = Replace(adapted, ErrorLogLine(), $"error_log {folder}/error.log warn;");
        adapted = Replace(adapted, LocationLine(), $"location / {{\n            add_header {UpstreamHeader} $upstream_addr always;");
        return adapted;
    }

    public async Task StartAsync(IReadOnlyList<int> upstreamPorts)
    {
        _folder = Path.Combine(Path.GetTempPath(), "loganalyzer-nginx-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        Port = LoopbackProcess.FreePort();
        var config = Path.Combine(_folder, "nginx.conf");
        await File.WriteAllTextAsync(config, Adapt(await File.ReadAllTextAsync(ShippedConfig()).ConfigureAwait(false), Port, upstreamPorts, _folder)).ConfigureAwait(false);
        (_process, _output) = LoopbackProcess.Start(ScaleOutBinaries.Nginx!, ["-c", config, "-p", _folder, "-e", Path.Combine(_folder, "error.log"), "-g", "daemon off;"]);
        await LoopbackProcess.WaitForPortAsync(Port, _process, _output, "nginx").ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await LoopbackProcess.StopAsync(_process, signal: "-QUIT").ConfigureAwait(false);
        if (_folder is not null)
        {
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private static string Replace(string config, Regex pattern, string replacement)
    {
        Assert.Matches(pattern, config);
        return pattern.Replace(config, replacement.Replace("$", "$$", StringComparison.Ordinal), 1);
    }

    [GeneratedRegex(@"^(?<indent>[ \t]*)server [0-9.]+:[0-9]+(?<rest>[^\n]*;)", RegexOptions.Multiline)]
    private static partial Regex ServerLine();

    [GeneratedRegex(@"listen [0-9.:]*[0-9]+;")]
    private static partial Regex ListenLine();

    [GeneratedRegex(@"^pid [^;]+;", RegexOptions.Multiline)]
    private static partial Regex PidLine();

    [GeneratedRegex(@"access_log [^;]+;")]
    private static partial Regex AccessLogLine();

    [GeneratedRegex(@"error_log [^;]+;")]
    private static partial Regex ErrorLogLine();

    [GeneratedRegex(@"location / \{")]
    private static partial Regex LocationLine();
}
