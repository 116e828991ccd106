using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LogAnalyzer.Tests.Support;

/// <summary>
/// A real redis-server on a free loopback port for the duration of a test class. scripts/test.sh installs
/// Debian's redis-server; a missing server fails the tests (it never skips them).
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    private Process? _process;

    public int Port { get; private set; }

    public string ConnectionString => $"127.0.0.1:{Port},abortConnect=false,connectTimeout=2000";

    public async Task InitializeAsync()
    {
        var executable = Environment.GetEnvironmentVariable("LOGANALYZER_REDIS_SERVER");
        if (string.IsNullOrWhiteSpace(executable))
        {
            executable = File.Exists("/usr/bin/redis-server") ? "/usr/bin/redis-server" : "redis-server";
        }

        Port = FreePort();
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes" })
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("redis-server is not installed: run `bash scripts/test.sh`, which installs it.", ex);
        }

        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (await PingAsync().ConfigureAwait(false))
            {
                return;
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        throw new TimeoutException($"redis-server did not answer PING on port {Port}.");
    }

    /// <summary>Keys currently stored (for tests waiting on HybridCache's asynchronous L2 write).</summary>
    public async Task<IReadOnlyList<string>> KeysAsync(string pattern = "*")
    {
        var reply = await CommandAsync($"*2\r\n$4\r\nKEYS\r\n${Encoding.UTF8.GetByteCount(pattern)}\r\n{pattern}\r\n").ConfigureAwait(false);
        return [.. reply.Split("\r\n").Where(l => l.Length > 0 && l[0] is not '*' and not '$')];
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process?.Dispose();
    }

    private async Task<bool> PingAsync()
    {
        try
        {
            return (await CommandAsync("*1\r\n$4\r\nPING\r\n").ConfigureAwait(false)).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private async Task<string> CommandAsync(string command)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, Port).ConfigureAwait(false);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(command)).ConfigureAwait(false);
        var buffer = new byte[64 * 1024];
        var read = await stream.ReadAsync(buffer).ConfigureAwait(false);
        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
